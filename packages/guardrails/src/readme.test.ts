import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agno-guardrails-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the README block named `name` (on a temporary database file); returns what it logged. */
async function run(name: string): Promise<unknown[][]> {
  const { logs } = await runReadmeExample({
    block: findBlock(blocks, name),
    transform: (code) => code.replaceAll("'agent.db'", JSON.stringify(join(dir, `${name}.db`))),
  });
  return logs;
}

describe('README examples', () => {
  it('covers every ts block', () => {
    expect(blocks.map((b) => b.attributes.example)).toEqual(['pii', 'streams', 'moderation', 'budget']);
  });

  it('PII is redacted before the model; an injection is blocked before it', async () => {
    expect(await run('pii')).toEqual([
      ['I am [REDACTED:email], card [REDACTED:card], key [REDACTED:secret].'],
      ['blocked', 'prompt-injection', 'input', ['ignore-previous', 'reveal-prompt']],
      [1],
    ]);
  });

  it('hold sends nothing of a blocked answer; pass-through stops mid-way', async () => {
    expect(await run('streams')).toEqual([
      ['hold:', '""', 'blocked by a guardrail: pii (output): found card'],
      ['pass-through:', '"Sure."', 'blocked'],
    ]);
  });

  it('moderation through the OpenAI client blocks what the endpoint flags', async () => {
    expect(await run('moderation')).toEqual([['Hello!'], ['blocked', ['violence']]]);
  });

  it('a user budget holds under concurrent runs', async () => {
    const logs = await run('budget');
    expect(logs[0]).toEqual(['fulfilled fulfilled rejected rejected rejected']);
    expect(logs[1]).toEqual([{ tokens: 24, cost: expect.closeTo(0.00021, 10) }]);
  });
});
