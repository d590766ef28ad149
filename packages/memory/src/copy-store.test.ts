import { testPausedRun } from '@agno/core/testing';
import { describe, expect, it } from 'vitest';
import { copyStore } from './copy-store.js';
import { dropSchemas, pgTestTarget, testSchema } from './fixtures/pg-env.js';
import { InMemoryStore } from './in-memory-store.js';
import { PostgresStore } from './postgres/index.js';
import { SqliteStore } from './sqlite/index.js';
import { testRun } from './testing/fixtures.js';
import type { MemoryStore } from './types.js';

/** A source store with two users' sessions, runs, state, a summary, memories and documents. */
async function populate(store: MemoryStore): Promise<void> {
  await store.createSession({ sessionId: 'empty', userId: 'bob', name: 'nothing yet', createdAt: 500 });
  for (let i = 0; i < 7; i++) {
    await store.appendRun(
      testRun({ sessionId: 'long', userId: 'ada', withTool: i % 2 === 0, createdAt: 1_000 + i }),
    );
  }
  await store.renameSession('long', 'a long chat');
  await store.appendRun(testRun({ sessionId: 'short', userId: 'bob', createdAt: 3_000 }));
  await store.updateState('long', () => ({ step: 7, items: ['a', 'b'] }));
  await store.saveSummary('long', { text: 'ada asked seven things', coveredMessages: 10, updatedAt: 4_000 });
  await store.addMemory({ userId: 'ada', memory: 'Lives in Lisbon', topics: ['home'], createdAt: 10 });
  await store.addMemory({ userId: 'ada', memory: 'Likes tea', createdAt: 20 });
  await store.addMemory({ userId: 'carol', memory: 'Has no sessions', createdAt: 30 });
  await store.putDocument('workflow_runs', 'w1', { status: 'done' });
  await store.putDocument('workflow_runs', 'w2', { status: 'running' });
  // Runs awaiting a decision: in a stored session, in a session with no stored run yet, with a user only.
  await store.savePausedRun(testPausedRun('p-long', 'long', 'ada', 5_000));
  await store.savePausedRun(testPausedRun('p-new', 'not-stored-yet', 'bob', 6_000));
  await store.savePausedRun(testPausedRun('p-carol', undefined, 'carol', 7_000));
  await store.savePausedRun(testPausedRun('p-early', 'short', 'bob', 100));
}

/** Everything a store shows, for comparison. */
async function snapshot(store: MemoryStore) {
  const sessions = await store.listSessions();
  const out: Record<string, unknown> = { sessions };
  for (const s of sessions) {
    out[`runs:${s.sessionId}`] = await store.listRuns(s.sessionId);
    out[`history:${s.sessionId}`] = await store.loadHistory(s.sessionId, { limit: 5 });
    out[`state:${s.sessionId}`] = (await store.getState(s.sessionId)).state;
    out[`paused:${s.sessionId}`] = await store.listPausedRuns({ sessionId: s.sessionId });
  }
  for (const u of await store.listUserIds()) {
    out[`memories:${u}`] = await store.listMemories(u);
    out[`paused-of:${u}`] = await store.listPausedRuns({ userId: u });
  }
  out.users = await store.listUserIds();
  out.docs = (await store.listDocuments('workflow_runs')).map((d) => [d.id, d.doc]);
  return out;
}

/** Memory update times are not kept by a copy; neither are document write times. */
function comparable(snap: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(snap, (k, v) => (k === 'updatedAt' && typeof v === 'number' ? 0 : v)));
}

describe('copyStore', () => {
  it('copies sessions, runs, state, summaries, memories and documents, keeping ids, times and order', async () => {
    const from = new InMemoryStore();
    await populate(from);
    const to = SqliteStore.open(':memory:');
    const report = await copyStore(from, to, { collections: ['workflow_runs'], batchSize: 3 });
    expect(report).toEqual({
      sessions: 3,
      runs: 8,
      states: 1,
      summaries: 1,
      memories: 3,
      documents: 2,
      pausedRuns: 4,
    });
    expect(comparable(await snapshot(to))).toEqual(comparable(await snapshot(from)));
    expect((await to.getSession('long'))?.summary?.text).toBe('ada asked seven things');
    // A copied paused run can be continued from the target, once.
    expect((await to.claimPausedRun('p-new'))?.sessionId).toBe('not-stored-yet');
    expect(await to.claimPausedRun('p-new')).toBeUndefined();
    await expect(copyStore(from, to)).rejects.toMatchObject({ reason: 'conflict' });
    await to.close();
  });

  const { connectionString, skipReason } = pgTestTarget();
  it.skipIf(skipReason !== undefined)(`moves a SQLite store to PostgreSQL ${skipReason ?? ''}`, async () => {
    const schema = testSchema('copy');
    const sqlite = SqliteStore.open(':memory:');
    await populate(sqlite);
    const postgres = await PostgresStore.connect({ connectionString, schema });
    try {
      await copyStore(sqlite, postgres, { collections: ['workflow_runs'] });
      expect(comparable(await snapshot(postgres))).toEqual(comparable(await snapshot(sqlite)));
    } finally {
      await postgres.close();
      await sqlite.close();
      await dropSchemas(connectionString, [schema]);
    }
  });
});
