import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, pgTestTarget, testSchema } from './fixtures/pg-env.js';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'agno-readme-'));
const dbPath = join(dataDir, 'agent.db');
const { connectionString, skipReason } = pgTestTarget();
const schemas: string[] = [];

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (schemas.length > 0) await dropSchemas(connectionString, schemas);
});

/** Runs the README block containing `text` (on a temporary database file and a fresh schema); returns what it logged. */
async function runBlock(text: string): Promise<unknown[][]> {
  const { logs } = await runReadmeExample({
    block: findBlock(blocks, text),
    transform: (code) =>
      code.replaceAll("'agent.db'", JSON.stringify(dbPath)).replace(/schema: '([a-z_]+)'/g, () => {
        const schema = testSchema('readme');
        schemas.push(schema);
        return `schema: '${schema}'`;
      }),
  });
  return logs;
}

describe('README examples', () => {
  it('covers every ts block', () => {
    expect(blocks.length).toBe(8);
  });

  it('an agent with a SQLite store', async () => {
    const logs = await runBlock("sessionId: 'chat-1', userId: 'ada', historyLimit: 10");
    expect(logs[0]).toEqual(['I have seen 4 messages.']);
    expect(logs[1]![0]).toMatchObject([{ sessionId: 'chat-1', userId: 'ada', runCount: 2 }]);
  });

  it('sessions, runs and state', async () => {
    const logs = await runBlock('Trip to Lisbon');
    expect(logs).toEqual([
      [['Trip to Lisbon']],
      ['someone else wrote first; read and retry'],
      ['validation_error'],
    ]);
  });

  it('user memories', async () => {
    const logs = await runBlock('Any hiking plans?');
    expect(logs).toEqual([[['Enjoys hiking in the mountains (1)']]]);
  });

  it('the memory manager', async () => {
    const logs = await runBlock('new MemoryManager');
    expect(logs[0]![0]).toContain('You are a helpful assistant.');
    expect(logs[0]![0]).toContain('- Prefers tea to coffee');
  });

  it('session summaries', async () => {
    const logs = await runBlock('new SessionSummarizer');
    expect(logs).toEqual([[['system', 'user', 'assistant', 'user']], [10]]);
  });

  it('the conformance suite block names real exports', async () => {
    const testing = await import('./testing/index.js');
    const block = findBlock(blocks, 'describeMemoryStoreConformance').code;
    expect(block).toContain("from '@agno/memory/testing'");
    expect(typeof testing.describeMemoryStoreConformance).toBe('function');
  });

  it.skipIf(skipReason !== undefined)(`the PostgreSQL store ${skipReason ?? ''}`, async () => {
    const logs = await runBlock("schema: 'agno_readme'");
    expect((logs[0]![0] as unknown[]).length).toBe(2);
  });

  it.skipIf(skipReason !== undefined)(`moving from SQLite to PostgreSQL ${skipReason ?? ''}`, async () => {
    const logs = await runBlock('copyStore(from, to');
    expect(logs[0]![0]).toMatchObject({ sessions: 2, runs: 4, memories: 1 });
  });
});
