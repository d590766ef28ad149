/**
 * The README's TypeScript examples are the files of fixtures/readme, verbatim; this test
 * checks that they match and runs each one. Fragments that need a provider or a server are
 * fenced as ```typescript and are not run.
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
  'cache.ts': () => import('./fixtures/readme/cache.js'),
  'limiter.ts': () => import('./fixtures/readme/limiter.js'),
  'pool.ts': () => import('./fixtures/readme/pool.js'),
  'batch.ts': () => import('./fixtures/readme/batch.js'),
  'loadtest.ts': () => import('./fixtures/readme/loadtest.js'),
  'profiler.ts': () => import('./fixtures/readme/profiler.js'),
};

/** What each example must print (its own comments say so to the reader). */
const expected: Record<string, (logs: unknown[][]) => void> = {
  'cache.ts': (logs) => expect(logs[0]![0]).toEqual({ hits: 1, misses: 1, hitRate: 0.5, savedTokens: 18 }),
  'limiter.ts': (logs) => expect(logs[0]![0]).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'busy, retry later']),
  'pool.ts': (logs) => expect(logs[0]).toEqual([6, 4]),
  'batch.ts': (logs) => expect(logs).toEqual([[['fulfilled', 'rejected', 'fulfilled']], [1]]),
  'loadtest.ts': (logs) => expect(String(logs[0]![0])).toMatch(/requests {5}200 \(200 ok, 0 failed/),
  'profiler.ts': (logs) =>
    // The order of these three depends on timing; each is there, and above twice the threshold.
    expect(logs[0]![0]).toEqual(
      expect.arrayContaining([
        'high pipeline:step:research',
        'high researcher:run:researcher',
        'high researcher:tool:search',
      ]),
    ),
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
