/**
 * The conformance suite of `@agno/memory`'s stores: core's store suite (`@agno/core/testing`,
 * every capability) plus sessions, runs, compare-and-set state, summaries and user memories.
 */
import type { SessionStore } from '@agno/core';
import {
  describeStoreConformance,
  json,
  rejection,
  STORE_CAPABILITIES,
  type StoreFactory,
  testRun,
  uniqueId,
} from '@agno/core/testing';
import { describe, expect, it } from 'vitest';
import { MemoryStoreError } from '../errors.js';
import type { Embedder, MemoryStore } from '../types.js';
import { describeUserMemoryConformance } from './conformance-memories.js';
import { useStores } from './fixtures.js';

export type { StoreFactory };

/** Makes a fresh rich store, with the embedder when one is given. */
export type MemoryStoreFactory = (options: { embedder?: Embedder }) => MemoryStore | Promise<MemoryStore>;

/**
 * Checks core's whole `SessionStore` contract (history, state, paused runs, documents): core's
 * `describeStoreConformance` with every capability declared.
 */
export function describeSessionStoreConformance(name: string, factory: StoreFactory<SessionStore>): void {
  describeStoreConformance(name, factory, { capabilities: STORE_CAPABILITIES });
}

/**
 * Checks the whole {@link MemoryStore} API: core's contract plus sessions, runs, compare-and-set
 * state, summaries and user memories (text and vector search).
 */
export function describeMemoryStoreConformance(name: string, factory: MemoryStoreFactory): void {
  describeSessionStoreConformance(name, () => factory({}));

  describe(`${name}: MemoryStore conformance`, () => {
    const open = useStores(() => factory({}));
    const openWith = useStores(factory);

    it('creates, reads, lists (by user, newest first, paged), renames and deletes sessions', async () => {
      const store = await open();
      const user = uniqueId('u');
      const other = uniqueId('u');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const s = await store.createSession({ userId: user, name: `chat ${i}`, agentName: 'helper' });
        expect(s).toMatchObject({
          userId: user,
          name: `chat ${i}`,
          agentName: 'helper',
          runCount: 0,
          messageCount: 0,
        });
        ids.push(s.sessionId);
      }
      await store.createSession({ userId: other });
      const listed = await store.listSessions({ userId: user });
      expect(listed.map((s) => s.sessionId)).toEqual([...ids].reverse());
      const page = await store.listSessions({ userId: user, limit: 2, offset: 1 });
      expect(page.map((s) => s.sessionId)).toEqual([ids[3], ids[2]]);
      expect((await store.listSessions({ limit: 1 })).length).toBe(1);
      const renamed = await store.renameSession(ids[0]!, 'renamed “chat”');
      expect(renamed.name).toBe('renamed “chat”');
      expect((await store.getSession(ids[0]!))?.name).toBe('renamed “chat”');
      await store.deleteSession(ids[1]!);
      expect(await store.getSession(ids[1]!)).toBeUndefined();
      expect((await store.listSessions({ userId: user })).map((s) => s.sessionId)).not.toContain(ids[1]);
      await store.deleteSession(ids[1]!);
    });

    it('refuses a taken session id and renaming a missing session, with typed errors', async () => {
      const store = await open();
      const id = uniqueId('s');
      await store.createSession({ sessionId: id });
      const taken = await rejection(store.createSession({ sessionId: id }));
      expect(taken).toBeInstanceOf(MemoryStoreError);
      expect(taken.reason).toBe('conflict');
      const missing = await rejection(store.renameSession(uniqueId('s'), 'x'));
      expect(missing.code).toBe('not_found');
      const empty = await rejection(store.getSession(''));
      expect(empty.code).toBe('validation_error');
    });

    it('creates a session on its first run, with user, agent, counts and times', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const user = uniqueId('u');
      const r1 = testRun({ sessionId, userId: user, agentName: 'helper', createdAt: 1_000 });
      const r2 = testRun({ sessionId, userId: user, agentName: 'helper', withTool: true, createdAt: 2_000 });
      await store.appendRun(r1);
      await store.appendRun(r2);
      const info = await store.getSession(sessionId);
      expect(info).toMatchObject({
        sessionId,
        userId: user,
        agentName: 'helper',
        runCount: 2,
        messageCount: r1.messages.length + r2.messages.length,
        createdAt: 1_000,
        updatedAt: 2_000,
      });
      expect((await store.listSessions({ userId: user })).map((s) => s.sessionId)).toEqual([sessionId]);
    });

    it('keeps each run whole: messages, tool calls, usage, timings, status; lists and finds runs', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const runs = [
        testRun({ sessionId, userId: 'u', withTool: true }),
        testRun({ sessionId, status: 'error' }),
        testRun({ sessionId, padding: 3 }),
      ];
      for (const r of runs) await store.appendRun(r);
      expect(await store.listRuns(sessionId)).toEqual(json(runs));
      expect(await store.listRuns(sessionId, { limit: 1, offset: 1 })).toEqual(json([runs[1]]));
      expect(await store.getRun(runs[2]!.runId)).toEqual(json(runs[2]));
      expect((await store.getRun(runs[1]!.runId))?.errorCode).toBe('model_error');
      expect(await store.getRun(uniqueId('r'))).toBeUndefined();
      expect(await store.listRuns(uniqueId('s'))).toEqual([]);
    });

    it('lists a failed run with its status and error code, and counts it in its session', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const ok = testRun({ sessionId });
      const failed = testRun({ sessionId, status: 'error', withTool: true });
      await store.appendRuns([ok, failed]);
      const listed = await store.listRuns(sessionId);
      expect(listed.map((r) => [r.status, r.errorCode])).toEqual([
        ['completed', undefined],
        ['error', 'model_error'],
      ]);
      expect(listed[1]).toEqual(json(failed));
      // The history leaves the failed run out, and so does its count (what summaries measure against).
      expect(await store.getSession(sessionId)).toMatchObject({
        runCount: 2,
        messageCount: 6,
        historyMessageCount: 2,
      });
      expect(await store.loadHistory(sessionId)).toEqual(json(ok.messages));
      await store.appendRun(testRun({ sessionId, status: 'error' }));
      await store.appendRun(testRun({ sessionId }));
      expect(await store.getSession(sessionId)).toMatchObject({ messageCount: 10, historyMessageCount: 4 });
    });

    it('refuses a paused-run query that names neither or both of a session and a user', async () => {
      const store = await open();
      for (const query of [
        {},
        { sessionId: 's', userId: 'u' },
        { sessionId: '' },
        { userId: 'u', limit: 1.5 },
      ]) {
        const error = await rejection(store.listPausedRuns(query as never));
        expect(error.code, JSON.stringify(query)).toBe('validation_error');
      }
    });

    it('appends a batch of runs all or nothing, and refuses a run id that is stored already', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const batch = Array.from({ length: 20 }, () => testRun({ sessionId, withTool: true }));
      await store.appendRuns(batch);
      expect(await store.loadHistory(sessionId)).toEqual(json(batch.flatMap((r) => r.messages)));
      const again = testRun({ sessionId, runId: batch[0]!.runId, input: 'impostor' });
      const dup = await rejection(store.appendRun(again));
      expect(dup.reason).toBe('conflict');
      const fresh = testRun({ sessionId });
      const mixed = await rejection(
        store.appendRuns([fresh, testRun({ sessionId, runId: batch[5]!.runId })]),
      );
      expect(mixed.reason).toBe('conflict');
      expect(await store.getRun(fresh.runId)).toBeUndefined();
      expect(await store.getRun(batch[0]!.runId)).toEqual(json(batch[0]));
      expect((await store.getSession(sessionId))?.runCount).toBe(20);
      expect(await store.loadHistory(sessionId)).toHaveLength(batch.length * 4);
    });

    it('compare-and-set: writes at the expected version, refuses a stale one, and one of two racers wins', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      expect(await store.setState(sessionId, { a: 1 }, 0)).toEqual({ state: { a: 1 }, version: 1 });
      expect(await store.setState(sessionId, { a: 2 }, 1)).toEqual({ state: { a: 2 }, version: 2 });
      const stale = await rejection(store.setState(sessionId, { a: 3 }, 1));
      expect(stale).toBeInstanceOf(MemoryStoreError);
      expect(stale.reason).toBe('conflict');
      expect(stale.details).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
      expect(await store.getState(sessionId)).toEqual({ state: { a: 2 }, version: 2 });
      const race = await Promise.allSettled([
        store.setState(sessionId, { winner: 'x' }, 2),
        store.setState(sessionId, { winner: 'y' }, 2),
      ]);
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const fresh = uniqueId('s');
      const first = await Promise.allSettled([
        store.setState(fresh, { n: 1 }, 0),
        store.setState(fresh, { n: 2 }, 0),
      ]);
      expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const bad = await rejection(store.setState(sessionId, { n: 1n } as never, 3));
      expect(bad.code).toBe('validation_error');
    });

    it('deletes a session with its runs, history, state, summary and paused runs, and nothing else', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const keep = uniqueId('s');
      const run = testRun({ sessionId });
      await store.appendRun(run);
      await store.appendRun(testRun({ sessionId: keep }));
      await store.updateState(sessionId, () => ({ x: 1 }));
      await store.saveSummary(sessionId, { text: 'old', coveredMessages: 1, updatedAt: 1 });
      const pausedId = uniqueId('r');
      await store.savePausedRun({
        runId: pausedId,
        sessionId,
        userId: undefined,
        agentName: 'a',
        messages: [],
        runStart: 0,
        pending: [],
        done: [],
        round: 0,
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        toolCalls: [],
        callCounts: {},
        createdAt: 1,
      });
      await store.deleteSession(sessionId);
      expect(await store.loadHistory(sessionId)).toEqual([]);
      expect(await store.getState(sessionId)).toEqual({ state: {}, version: 0 });
      expect(await store.getRun(run.runId)).toBeUndefined();
      expect(await store.loadPausedRun(pausedId)).toBeUndefined();
      expect(await store.getSession(sessionId)).toBeUndefined();
      expect(await store.loadHistory(keep)).toHaveLength(2);
      await store.appendRun(testRun({ sessionId }));
      const reborn = await store.getSession(sessionId);
      expect(reborn?.runCount).toBe(1);
      expect(reborn?.summary).toBeUndefined();
    });

    it('saves a summary only when it covers more than the stored one', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      expect(await store.saveSummary(sessionId, { text: 'x', coveredMessages: 2, updatedAt: 1 })).toBe(false);
      await store.appendRun(testRun({ sessionId, padding: 4 }));
      expect(await store.saveSummary(sessionId, { text: 'first', coveredMessages: 2, updatedAt: 10 })).toBe(
        true,
      );
      expect(await store.saveSummary(sessionId, { text: 'older', coveredMessages: 2, updatedAt: 11 })).toBe(
        false,
      );
      expect((await store.getSession(sessionId))?.summary).toEqual({
        text: 'first',
        coveredMessages: 2,
        updatedAt: 10,
      });
      expect(await store.saveSummary(sessionId, { text: 'second', coveredMessages: 4, updatedAt: 12 })).toBe(
        true,
      );
      expect((await store.getSession(sessionId))?.summary?.text).toBe('second');
    });

    it('refuses state and documents that JSON would empty without a word: Map, Set, Promise', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      await store.updateState(sessionId, () => ({ keep: 1 }));
      const bad: unknown[] = [{ m: new Map([[1, 2]]) }, { s: new Set([1]) }, Promise.resolve({ a: 1 })];
      for (const value of bad) {
        const error = await rejection(store.updateState(sessionId, () => value as Record<string, unknown>));
        expect(error.code).toBe('validation_error');
        expect((await rejection(store.putDocument('c', sessionId, value))).code).toBe('validation_error');
      }
      const asyncUpdate = (async () => ({ a: 1 })) as unknown as (
        s: Record<string, unknown>,
      ) => Record<string, unknown>;
      expect((await rejection(store.updateState(sessionId, asyncUpdate))).code).toBe('validation_error');
      expect(await store.getState(sessionId)).toEqual({ state: { keep: 1 }, version: 1 });
      expect(await store.getDocument('c', sessionId)).toBeUndefined();
    });

    describeUserMemoryConformance(open, openWith);

    it('refuses calls after close with reason `closed`', async () => {
      const store = await factory({});
      await store.close?.();
      const error = await rejection(store.getState(uniqueId('s')));
      expect(error).toBeInstanceOf(MemoryStoreError);
      expect(error.reason).toBe('closed');
      await store.close?.();
    });
  });
}
