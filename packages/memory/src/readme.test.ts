import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { dropSchemas, pgTestTarget, testSchema } from './fixtures/pg-env.js';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Example files live under src/ so that vitest compiles them; removed afterwards.
const exampleDir = join(here, `.readme-examples-${process.pid}`);
const dataDir = mkdtempSync(join(tmpdir(), 'agno-readme-'));
const dbPath = join(dataDir, 'agent.db');
const { connectionString, skipReason } = pgTestTarget();
const schemas: string[] = [];
mkdirSync(exampleDir, { recursive: true });

afterAll(async () => {
  rmSync(exampleDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  if (schemas.length > 0) await dropSchemas(connectionString, schemas);
});

/** Runs README block `i` as a module and returns what it logged. */
async function runBlock(i: number): Promise<unknown[][]> {
  let code = blocks[i]!.replaceAll("'agent.db'", JSON.stringify(dbPath));
  code = code.replace(/schema: '([a-z_]+)'/g, () => {
    const schema = testSchema('readme');
    schemas.push(schema);
    return `schema: '${schema}'`;
  });
  const file = join(exampleDir, `block-${i}.ts`);
  writeFileSync(file, code);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(file);
    return log.mock.calls;
  } finally {
    log.mockRestore();
  }
}

const find = (text: string) => {
  const i = blocks.findIndex((b) => b.includes(text));
  if (i < 0) throw new Error(`no README example contains ${text}`);
  return i;
};

describe('README examples', () => {
  it('covers every ts block', () => {
    expect(blocks.length).toBe(8);
  });

  it('an agent with a SQLite store', async () => {
    const logs = await runBlock(find("sessionId: 'chat-1', userId: 'ada', historyLimit: 10"));
    expect(logs[0]).toEqual(['I have seen 4 messages.']);
    expect(logs[1]![0]).toMatchObject([{ sessionId: 'chat-1', userId: 'ada', runCount: 2 }]);
  });

  it('sessions, runs and state', async () => {
    const logs = await runBlock(find('Trip to Lisbon'));
    expect(logs).toEqual([
      [['Trip to Lisbon']],
      ['someone else wrote first; read and retry'],
      ['validation_error'],
    ]);
  });

  it('user memories', async () => {
    const logs = await runBlock(find('Any hiking plans?'));
    expect(logs).toEqual([[['Enjoys hiking in the mountains (1)']]]);
  });

  it('the memory manager', async () => {
    const logs = await runBlock(find('new MemoryManager'));
    expect(logs[0]![0]).toContain('You are a helpful assistant.');
    expect(logs[0]![0]).toContain('- Prefers tea to coffee');
  });

  it('session summaries', async () => {
    const logs = await runBlock(find('new SessionSummarizer'));
    expect(logs).toEqual([[['system', 'user', 'assistant', 'user']], [10]]);
  });

  it('the conformance suite block names real exports', async () => {
    const testing = await import('./testing/index.js');
    const block = blocks[find('describeMemoryStoreConformance')]!;
    expect(block).toContain("from '@agno/memory/testing'");
    expect(typeof testing.describeMemoryStoreConformance).toBe('function');
  });

  it.skipIf(skipReason !== undefined)(`the PostgreSQL store ${skipReason ?? ''}`, async () => {
    const logs = await runBlock(find("schema: 'agno_readme'"));
    expect((logs[0]![0] as unknown[]).length).toBe(2);
  });

  it.skipIf(skipReason !== undefined)(`moving from SQLite to PostgreSQL ${skipReason ?? ''}`, async () => {
    const logs = await runBlock(find('copyStore(from, to'));
    expect(logs[0]![0]).toMatchObject({ sessions: 2, runs: 4, memories: 1 });
  });
});
