import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type RunResult, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, pgTestTarget, testSchema } from './fixtures/pg-env.js';
import { InMemoryStore } from './in-memory-store.js';
import { PostgresStore } from './postgres/index.js';
import { SqliteStore } from './sqlite/index.js';
import type { MemoryStore } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-agent-store-'));
const { connectionString, skipReason } = pgTestTarget();
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length > 0) await dropSchemas(connectionString, schemas);
});

/** A store, and how to open it again as if after a restart. */
interface Target {
  name: string;
  skip?: string;
  open(): Promise<{ store: MemoryStore; reopen(): Promise<MemoryStore> }>;
}

const targets: Target[] = [
  {
    name: 'SqliteStore',
    async open() {
      const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
      return { store: SqliteStore.open(path), reopen: async () => SqliteStore.open(path) };
    },
  },
  {
    name: 'PostgresStore',
    skip: skipReason,
    async open() {
      const schema = testSchema('agent');
      schemas.push(schema);
      return {
        store: await PostgresStore.connect({ connectionString, schema }),
        reopen: () => PostgresStore.connect({ connectionString, schema }),
      };
    },
  },
];

const lookup: Tool = {
  name: 'lookup',
  description: 'Looks a word up.',
  parameters: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
  execute: (args: { word: string }) => `definition of ${args.word}`,
};

/** A model that calls `lookup` once, then answers with the word it was given. */
function lookupModel(): ScriptedModel {
  return new ScriptedModel({
    record: false,
    turns: [
      (req) => ({ toolCalls: [{ name: 'lookup', args: { word: lastUser(req.messages) } }] }),
      (req) => `the answer for ${lastUser(req.messages)}`,
    ],
  });
}

function lastUser(messages: readonly { role: string; content: unknown }[]): string {
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]!.role === 'user') return messages[i]!.content as string;
  return '';
}

describe('InMemoryStore with an agent', () => {
  it('keeps all of 1,000 concurrent agent runs on one session, each run whole and in order', async () => {
    const store = new InMemoryStore();
    const agent = new Agent({ model: lookupModel(), store, tools: [lookup] });
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => agent.run(`w${i}`, { sessionId: 'busy', historyLimit: 4 })),
    );
    await checkRuns(store, 'busy', results);
  });
});

for (const target of targets) {
  describe.skipIf(target.skip !== undefined)(`${target.name} with an agent ${target.skip ?? ''}`, () => {
    it('keeps all of 1,000 concurrent agent runs (streamed and not) on one session, each whole and in order', async () => {
      const { store } = await target.open();
      const agent = new Agent({ model: lookupModel(), store, tools: [lookup] });
      const results = await Promise.all(
        Array.from({ length: 1000 }, async (_, i) => {
          if (i % 2 === 0) return agent.run(`w${i}`, { sessionId: 'busy', userId: 'u', historyLimit: 4 });
          const stream = agent.stream(`w${i}`, { sessionId: 'busy', userId: 'u', historyLimit: 4 });
          for await (const _ of stream) {
            // drain
          }
          return stream.result;
        }),
      );
      await checkRuns(store, 'busy', results);
      expect(await (store as SqliteStore | PostgresStore).verify()).toEqual([]);
      await agent.close();
    });

    it('continues a paused run after a restart, from the store alone', async () => {
      const { store, reopen } = await target.open();
      const deleteFiles: Tool = {
        name: 'delete_files',
        description: 'Deletes files.',
        parameters: { type: 'object', properties: { path: { type: 'string' } } },
        requiresConfirmation: true,
        execute: (args: { path: string }) => `deleted ${args.path}`,
      };
      const model = () =>
        new ScriptedModel({
          turns: [{ toolCalls: [{ id: 'c1', name: 'delete_files', args: { path: '/tmp/x' } }] }, 'done'],
        });
      const before = new Agent({ model: model(), store, tools: [deleteFiles] });
      const paused = await before.run('clean up', { sessionId: 's', userId: 'u' });
      expect(paused.status).toBe('paused');
      await before.close();

      const restarted = await reopen();
      const after = new Agent({ model: model(), store: restarted, tools: [deleteFiles] });
      const result = await after.continueRun(paused.runId, { c1: { approved: true } });
      expect(result.status).toBe('completed');
      expect(result.toolCalls.map((c) => c.result)).toEqual(['deleted /tmp/x']);
      expect(await restarted.loadPausedRun(paused.runId)).toBeUndefined();
      const stored = await restarted.getRun(paused.runId);
      expect(stored?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
      await after.close();
    });
  });
}

/** Every result is stored once, whole, and the session history is those runs back to back. */
async function checkRuns(
  store: MemoryStore,
  sessionId: string,
  results: RunResult<unknown>[],
): Promise<void> {
  const runs = await store.listRuns(sessionId);
  expect(runs).toHaveLength(results.length);
  const byId = new Map(results.map((r) => [r.runId, r]));
  for (const run of runs) {
    const result = byId.get(run.runId);
    expect(result).toBeDefined();
    expect(run.messages).toEqual(JSON.parse(JSON.stringify(result!.messages)));
    expect(run.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  }
  expect(await store.loadHistory(sessionId)).toEqual(runs.flatMap((r) => r.messages));
}
