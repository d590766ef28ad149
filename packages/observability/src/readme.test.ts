/**
 * The README's TypeScript examples are the files of fixtures/readme, verbatim; this test
 * checks that they match and runs each one. Fragments that need a collector or a provider
 * are fenced as ```typescript and are not run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '../README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
const examples = Object.fromEntries(
  readdirSync(join(here, 'fixtures/readme')).map((f) => [
    f,
    readFileSync(join(here, 'fixtures/readme', f), 'utf8').trim(),
  ]),
);

const run: Record<string, () => Promise<unknown>> = {
  'tracing.ts': () => import('./fixtures/readme/tracing.js'),
  'metrics.ts': () => import('./fixtures/readme/metrics.js'),
};

const expected: Record<string, (logs: unknown[][]) => void> = {
  'tracing.ts': (logs) =>
    expect(logs).toEqual([
      ['chat scripted', 'chat', 2],
      ['invoke_agent support', 'invoke_agent', 2],
      ['step answer', '', ''],
    ]),
  'metrics.ts': (logs) =>
    expect(logs[0]![0]).toEqual([
      'agno_runs_total{agent="support",status="completed"} 2',
      'agno_runs_total{agent="support",status="paused"} 0',
      'agno_runs_total{agent="support",status="error"} 0',
      'agno_cache_requests_total{cache="support",result="hit"} 1',
      'agno_cache_requests_total{cache="support",result="miss"} 1',
    ]),
};

describe('README examples', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are exactly the example files, all of them', () => {
    expect(blocks.sort()).toEqual(Object.values(examples).sort());
    expect(Object.keys(run).sort()).toEqual(Object.keys(examples).sort());
  });

  for (const name of Object.keys(run)) {
    it(`${name} runs and prints what it says`, async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      await run[name]!();
      expected[name]!(log.mock.calls);
    });
  }
});
