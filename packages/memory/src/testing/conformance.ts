/**
 * The conformance suite every store runs: write a store, call one of these in a vitest file
 * with a factory, and the store is checked against the behaviour agents rely on.
 */
import {
  isAgnoError,
  type Message,
  type PausedRun,
  type RunRecord,
  type SessionStore,
  StoreError,
} from '@agno/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStoreError } from '../errors.js';
import type { Embedder, MemoryStore } from '../types.js';
import { testRun, uniqueId, wordGroupEmbedder } from './fixtures.js';

/** Makes a fresh store (or a fresh handle on a shared one); the suite closes it after each test. */
export type StoreFactory<S> = () => S | Promise<S>;

/** Makes a fresh rich store, with the embedder when one is given. */
export type MemoryStoreFactory = (options: { embedder?: Embedder }) => MemoryStore | Promise<MemoryStore>;

const HOSTILE_ID = "x'); DROP TABLE runs;--";

/** Settles `p` and returns the error it rejected with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** The same value after a JSON round trip (what any store gives back). */
function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A paused run waiting for the confirmation of one tool call. */
function pausedRun(
  runId: string,
  sessionId: string | undefined,
  userId: string | undefined,
  createdAt: number,
): PausedRun {
  return {
    runId,
    sessionId,
    userId,
    agentName: 'tester',
    messages: [
      { role: 'user', content: `delete the files of ${runId}` },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'rm', args: { path: runId } }] },
    ],
    runStart: 0,
    pending: [{ toolCall: { id: 'c1', name: 'rm', args: { path: runId } }, toolName: 'rm' }],
    done: [],
    round: 1,
    usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
    toolCalls: [],
    callCounts: {},
    createdAt,
  };
}

function useStores<A extends unknown[], S extends { close?(): Promise<void> }>(
  factory: (...args: A) => S | Promise<S>,
): (...args: A) => Promise<S> {
  const opened: S[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close?.();
  });
  return async (...args: A) => {
    const s = await factory(...args);
    opened.push(s);
    return s;
  };
}

/**
 * Checks core's `SessionStore` contract (history, state, paused runs, documents, hostile ids,
 * 1,000 concurrent appends). Any session store should pass it.
 */
export function describeSessionStoreConformance(name: string, factory: StoreFactory<SessionStore>): void {
  describe(`${name}: SessionStore conformance`, () => {
    const open = useStores(factory);

    it('has no history and an empty state at version 0 for an unknown session', async () => {
      const store = await open();
      const id = uniqueId('s');
      expect(await store.loadHistory(id)).toEqual([]);
      expect(await store.loadHistory(id, { limit: 5, unit: 'runs' })).toEqual([]);
      expect(await store.getState(id)).toEqual({ state: {}, version: 0 });
    });

    it('returns the messages of appended runs, oldest first', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const runs = [testRun({ sessionId }), testRun({ sessionId, withTool: true }), testRun({ sessionId })];
      for (const r of runs) await store.appendRun(r);
      expect(await store.loadHistory(sessionId)).toEqual(json(runs.flatMap((r) => r.messages)));
    });

    it('loads the last N messages, or the messages of the last N runs', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const runs = [testRun({ sessionId }), testRun({ sessionId }), testRun({ sessionId })];
      for (const r of runs) await store.appendRun(r);
      const all = json(runs.flatMap((r) => r.messages));
      expect(await store.loadHistory(sessionId, { limit: 4 })).toEqual(all.slice(-4));
      expect(await store.loadHistory(sessionId, { limit: 4, unit: 'messages' })).toEqual(all.slice(-4));
      // The last 3 would open with an answer whose question was cut off: the history starts at the next question.
      expect(await store.loadHistory(sessionId, { limit: 3 })).toEqual(all.slice(-2));
      expect(await store.loadHistory(sessionId, { limit: 100 })).toEqual(all);
      expect(await store.loadHistory(sessionId, { limit: 0 })).toEqual([]);
      expect(await store.loadHistory(sessionId, { limit: 2, unit: 'runs' })).toEqual(
        json([...runs[1]!.messages, ...runs[2]!.messages]),
      );
      expect(await store.loadHistory(sessionId, { limit: 9, unit: 'runs' })).toEqual(all);
      expect(await store.loadHistory(sessionId, { limit: 0, unit: 'runs' })).toEqual([]);
    });

    it('starts history at a user message: never with a cut-off turn or an orphan tool result', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const first = testRun({ sessionId });
      const run = testRun({ sessionId, withTool: true });
      await store.appendRun(first);
      await store.appendRun(run);
      // [user, answer] + [user, assistant+call, tool, assistant]
      expect(await store.loadHistory(sessionId, { limit: 4 })).toEqual(json(run.messages));
      expect(await store.loadHistory(sessionId, { limit: 5 })).toEqual(json(run.messages));
      expect(await store.loadHistory(sessionId, { limit: 2 })).toEqual([]);
      expect(await store.loadHistory(sessionId, { limit: 3 })).toEqual([]);
      expect(await store.loadHistory(sessionId, { limit: 6 })).toEqual(
        json([...first.messages, ...run.messages]),
      );
      expect(await store.loadHistory(sessionId, { limit: 1, unit: 'runs' })).toEqual(json(run.messages));
    });

    it('keeps sessions apart', async () => {
      const store = await open();
      const a = uniqueId('a');
      const b = uniqueId('b');
      const ra = testRun({ sessionId: a });
      const rb = testRun({ sessionId: b });
      await store.appendRun(ra);
      await store.appendRun(rb);
      await store.updateState(a, () => ({ owner: 'a' }));
      expect(await store.loadHistory(a)).toEqual(json(ra.messages));
      expect(await store.loadHistory(b)).toEqual(json(rb.messages));
      expect((await store.getState(b)).state).toEqual({});
    });

    it('round-trips every message shape: parts, tool calls, errors, attachments, unicode, NUL', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const messages: Message[] = [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is in this picture? 🌍 “quotes” \\ back\\slash' },
            { type: 'image', url: 'https://example.com/cat.png', mediaType: 'image/png' },
            { type: 'file', data: 'aGVsbG8=', mediaType: 'text/plain', name: 'a.txt' },
          ],
        },
        {
          role: 'assistant',
          content: 'let me look',
          toolCalls: [
            { id: 'c1', name: 'see', args: { deep: { list: [1, 2.5, null, 'x'], flag: false } } },
            { id: 'c2', name: 'see', args: {} },
          ],
        },
        { role: 'tool', toolCallId: 'c1', toolName: 'see', content: 'a cat\u0000with NUL', isError: false },
        {
          role: 'tool',
          toolCallId: 'c2',
          toolName: 'see',
          content: 'failed: timeout',
          isError: true,
          attachments: [{ type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' }],
        },
        {
          role: 'assistant',
          content: "it's a cat — 猫 — with ' and \" and ; DROP TABLE",
          providerData: { thinking: [{ type: 'thinking', thinking: 'hmm', signature: 'sig==' }], n: 1.5 },
        },
      ];
      await store.appendRun({ ...testRun({ sessionId }), messages });
      expect(await store.loadHistory(sessionId)).toEqual(messages);
    });

    it('updates state atomically: the update sees the latest state, and each write bumps the version', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const first = await store.updateState(sessionId, (s) => ({ ...s, count: 1, nested: { list: ['a'] } }));
      expect(first).toEqual({ state: { count: 1, nested: { list: ['a'] } }, version: 1 });
      const second = await store.updateState(sessionId, (s) => ({ ...s, count: (s.count as number) + 1 }));
      expect(second).toEqual({ state: { count: 2, nested: { list: ['a'] } }, version: 2 });
      const read = await store.getState(sessionId);
      expect(read).toEqual(second);
      (read.state.nested as { list: string[] }).list.push('mutated');
      expect(await store.getState(sessionId)).toEqual(second);
    });

    it('loses no write when 50 state updates run at once', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const ids = Array.from({ length: 50 }, (_, i) => `w${i}`);
      await Promise.all(
        ids.map((id) =>
          store.updateState(sessionId, (s) => ({
            count: ((s.count as number | undefined) ?? 0) + 1,
            writers: [...((s.writers as string[] | undefined) ?? []), id],
          })),
        ),
      );
      const { state, version } = await store.getState(sessionId);
      expect(state.count).toBe(50);
      expect(version).toBe(50);
      expect([...(state.writers as string[])].sort()).toEqual([...ids].sort());
    });

    it('refuses state that is not JSON (BigInt, function, cycle, non-object) at the call, keeping the old state', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      await store.updateState(sessionId, () => ({ keep: true }));
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      const bad: unknown[] = [{ n: 10n }, { f: () => 1 }, { deep: { f() {} } }, cyclic, ['array'], null];
      for (const value of bad) {
        const error = await rejection(store.updateState(sessionId, () => value as Record<string, unknown>));
        expect(error).toBeInstanceOf(StoreError);
        expect(error.code).toBe('validation_error');
      }
      expect(await store.getState(sessionId)).toEqual({ state: { keep: true }, version: 1 });
    });

    it('keeps the state unchanged when the update function throws, and passes its error on', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      await store.updateState(sessionId, () => ({ n: 1 }));
      const boom = new Error('boom');
      const error = await rejection(
        store.updateState(sessionId, () => {
          throw boom;
        }),
      );
      expect(error).toBe(boom);
      expect(await store.getState(sessionId)).toEqual({ state: { n: 1 }, version: 1 });
    });

    it('keeps paused runs until they are deleted', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const runId = uniqueId('r');
      const paused = {
        runId,
        sessionId,
        userId: 'u1',
        agentName: 'tester',
        messages: [
          { role: 'user', content: 'delete my files' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'rm', args: { path: '/tmp' } }] },
        ] as Message[],
        runStart: 0,
        pending: [{ toolCall: { id: 'c1', name: 'rm', args: { path: '/tmp' } }, toolName: 'rm' }],
        done: [],
        round: 1,
        usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
        toolCalls: [],
        callCounts: { 'rm\u0000{"path":"/tmp"}': 1 },
        createdAt: Date.now(),
      };
      expect(await store.loadPausedRun(runId)).toBeUndefined();
      await store.savePausedRun(paused);
      expect(await store.loadPausedRun(runId)).toEqual(paused);
      await store.savePausedRun({ ...paused, round: 2 });
      expect((await store.loadPausedRun(runId))?.round).toBe(2);
      await store.deletePausedRun(runId);
      expect(await store.loadPausedRun(runId)).toBeUndefined();
      await store.deletePausedRun(runId);
    });

    it('stores documents per collection, lists them most recently written first, pages and deletes them', async () => {
      const store = await open();
      const c = uniqueId('c');
      const other = uniqueId('c');
      expect(await store.getDocument(c, 'a')).toBeUndefined();
      expect(await store.listDocuments(c)).toEqual([]);
      await store.putDocument(c, 'a', { v: 1 });
      await store.putDocument(c, 'b', { v: 2, list: [1, 'two', { three: 3 }] });
      await store.putDocument(c, 'c', 'a string');
      await store.putDocument(other, 'a', { v: 'other' });
      await store.putDocument(c, 'a', { v: 11 });
      expect(await store.getDocument(c, 'a')).toEqual({ v: 11 });
      expect(await store.getDocument(other, 'a')).toEqual({ v: 'other' });
      const listed = await store.listDocuments<unknown>(c);
      expect(listed.map((d) => d.id)).toEqual(['a', 'c', 'b']);
      expect(listed[2]!.doc).toEqual({ v: 2, list: [1, 'two', { three: 3 }] });
      for (const d of listed) expect(typeof d.updatedAt).toBe('number');
      expect(listed[0]!.updatedAt).toBeGreaterThanOrEqual(listed[1]!.updatedAt);
      expect((await store.listDocuments(c, { limit: 1, offset: 1 })).map((d) => d.id)).toEqual(['c']);
      await store.deleteDocument(c, 'c');
      await store.deleteDocument(c, 'missing');
      expect((await store.listDocuments(c)).map((d) => d.id)).toEqual(['a', 'b']);
    });

    it('refuses documents that are not JSON (BigInt, cycle, function) and keeps the old one', async () => {
      const store = await open();
      const c = uniqueId('c');
      await store.putDocument(c, 'x', { ok: 1 });
      const cyclic: Record<string, unknown> = {};
      cyclic.me = cyclic;
      for (const bad of [{ n: 1n }, cyclic, () => 1]) {
        const error = await rejection(store.putDocument(c, 'x', bad));
        expect(isAgnoError(error, 'validation_error')).toBe(true);
      }
      expect(await store.getDocument(c, 'x')).toEqual({ ok: 1 });
    });

    it("treats hostile ids as data: a session id like `x'); DROP TABLE runs;--` works and harms nothing", async () => {
      const store = await open();
      const bystander = uniqueId('s');
      await store.appendRun(testRun({ sessionId: bystander }));
      const sessionId = `${HOSTILE_ID}${uniqueId('')}`;
      const run = testRun({ sessionId, runId: `${HOSTILE_ID}${uniqueId('r')}` });
      await store.appendRun(run);
      await store.updateState(sessionId, () => ({ [HOSTILE_ID]: HOSTILE_ID }));
      await store.putDocument(HOSTILE_ID, HOSTILE_ID, { HOSTILE_ID });
      expect(await store.loadHistory(sessionId)).toEqual(json(run.messages));
      expect((await store.getState(sessionId)).state).toEqual({ [HOSTILE_ID]: HOSTILE_ID });
      expect(await store.getDocument(HOSTILE_ID, HOSTILE_ID)).toEqual({ HOSTILE_ID });
      expect(await store.loadHistory(bystander)).toHaveLength(2);
      await store.deleteDocument(HOSTILE_ID, HOSTILE_ID);
    });

    it('claims a paused run once: the claim returns it and removes it, later claims get undefined', async () => {
      const store = await open();
      const paused = pausedRun(uniqueId('r'), uniqueId('s'), uniqueId('u'), Date.now());
      await store.savePausedRun(paused);
      expect(await store.claimPausedRun(paused.runId)).toEqual(json(paused));
      expect(await store.loadPausedRun(paused.runId)).toBeUndefined();
      expect(await store.claimPausedRun(paused.runId)).toBeUndefined();
      expect(await store.claimPausedRun(uniqueId('r'))).toBeUndefined();
    });

    it('gives a paused run to exactly one of 20 concurrent claims', async () => {
      const store = await open();
      const paused = pausedRun(uniqueId('r'), uniqueId('s'), undefined, Date.now());
      await store.savePausedRun(paused);
      const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimPausedRun(paused.runId)));
      const won = claims.filter((c) => c !== undefined);
      expect(won).toEqual([json(paused)]);
      expect(await store.loadPausedRun(paused.runId)).toBeUndefined();
    });

    it('lets a run that pauses again after its claim be saved and claimed again', async () => {
      const store = await open();
      const paused = pausedRun(uniqueId('r'), uniqueId('s'), uniqueId('u'), 1_000);
      await store.savePausedRun(paused);
      expect(await store.claimPausedRun(paused.runId)).toBeDefined();
      const again = { ...paused, round: 2, createdAt: 2_000 };
      await store.savePausedRun(again);
      expect(await store.listPausedRuns({ sessionId: paused.sessionId! })).toEqual([json(again)]);
      expect(await store.claimPausedRun(paused.runId)).toEqual(json(again));
      expect(await store.claimPausedRun(paused.runId)).toBeUndefined();
    });

    it('lists the paused runs of a session or of a user, oldest first, within a limit', async () => {
      const store = await open();
      const [a, b] = [uniqueId('s'), uniqueId('s')];
      const [u, v] = [uniqueId('u'), uniqueId('u')];
      // Saved in time order; p3 and p4 share a creation time, so the save order decides.
      const p1 = pausedRun(uniqueId('r1'), a, u, 1_000);
      const p2 = pausedRun(uniqueId('r2'), b, u, 2_000);
      const p3 = pausedRun(uniqueId('r3'), a, v, 3_000);
      const p4 = pausedRun(uniqueId('r4'), a, u, 3_000);
      const p5 = pausedRun(uniqueId('r5'), undefined, u, 4_000);
      const p6 = pausedRun(uniqueId('r6'), b, v, 5_000);
      for (const p of [p1, p2, p3, p4, p5, p6]) await store.savePausedRun(p);
      const ids = (runs: PausedRun[]) => runs.map((p) => p.runId);
      expect(await store.listPausedRuns({ sessionId: a })).toEqual(json([p1, p3, p4]));
      expect(ids(await store.listPausedRuns({ sessionId: a, limit: 2 }))).toEqual([p1.runId, p3.runId]);
      expect(ids(await store.listPausedRuns({ userId: u }))).toEqual([p1, p2, p4, p5].map((p) => p.runId));
      expect(ids(await store.listPausedRuns({ userId: u, limit: 1 }))).toEqual([p1.runId]);
      expect(await store.listPausedRuns({ userId: u, limit: 0 })).toEqual([]);
      expect(await store.listPausedRuns({ sessionId: uniqueId('s') })).toEqual([]);
      expect(await store.listPausedRuns({ userId: uniqueId('u') })).toEqual([]);
      await store.claimPausedRun(p3.runId);
      await store.deletePausedRun(p1.runId);
      expect(ids(await store.listPausedRuns({ sessionId: a }))).toEqual([p4.runId]);
      expect(ids(await store.listPausedRuns({ userId: v }))).toEqual([p6.runId]);
      expect(ids(await store.listPausedRuns({ userId: u }))).toEqual([p2, p4, p5].map((p) => p.runId));
    });

    it('writes a document only when its id is free: true once, then false, the first document kept', async () => {
      const store = await open();
      const c = uniqueId('c');
      expect(await store.putDocumentIfAbsent(c, 'claim', { owner: 'first' })).toBe(true);
      expect(await store.putDocumentIfAbsent(c, 'claim', { owner: 'second' })).toBe(false);
      expect(await store.getDocument(c, 'claim')).toEqual({ owner: 'first' });
      expect(await store.putDocumentIfAbsent(uniqueId('c'), 'claim', { owner: 'elsewhere' })).toBe(true);
      expect((await store.listDocuments(c)).map((d) => [d.id, d.doc])).toEqual([
        ['claim', { owner: 'first' }],
      ]);
      const bad = await rejection(store.putDocumentIfAbsent(c, 'bad', { n: 1n }));
      expect(bad.code).toBe('validation_error');
      expect(await store.getDocument(c, 'bad')).toBeUndefined();
      await store.deleteDocument(c, 'claim');
      expect(await store.putDocumentIfAbsent(c, 'claim', { owner: 'third' })).toBe(true);
      expect(await store.getDocument(c, 'claim')).toEqual({ owner: 'third' });
    });

    it('lets exactly one of 20 concurrent putDocumentIfAbsent calls write, and keeps its document', async () => {
      const store = await open();
      const c = uniqueId('c');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.putDocumentIfAbsent(c, 'once', { writer: i })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.getDocument(c, 'once')).toEqual({ writer: results.indexOf(true) });
    });

    it('keeps the messages of failed runs out of the history unless includeFailed is asked', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const r1 = testRun({ sessionId });
      const r2 = testRun({ sessionId, status: 'error', withTool: true });
      const r3 = testRun({ sessionId });
      const r4 = testRun({ sessionId, status: 'error' });
      for (const r of [r1, r2, r3, r4]) await store.appendRun(r);
      const kept = json([...r1.messages, ...r3.messages]);
      expect(await store.loadHistory(sessionId)).toEqual(kept);
      expect(await store.loadHistory(sessionId, { limit: 4 })).toEqual(kept);
      expect(await store.loadHistory(sessionId, { limit: 2 })).toEqual(json(r3.messages));
      expect(await store.loadHistory(sessionId, { limit: 100 })).toEqual(kept);
      // A runs limit counts only the runs that are included.
      expect(await store.loadHistory(sessionId, { limit: 1, unit: 'runs' })).toEqual(json(r3.messages));
      expect(await store.loadHistory(sessionId, { limit: 2, unit: 'runs' })).toEqual(kept);
      expect(await store.loadHistory(sessionId, { limit: 0, unit: 'runs' })).toEqual([]);
      const all = json([r1, r2, r3, r4].flatMap((r) => r.messages));
      const withFailed = { includeFailed: true } as const;
      expect(await store.loadHistory(sessionId, withFailed)).toEqual(all);
      expect(await store.loadHistory(sessionId, { ...withFailed, limit: 8 })).toEqual(all.slice(2));
      expect(await store.loadHistory(sessionId, { ...withFailed, limit: 4 })).toEqual(all.slice(6));
      expect(await store.loadHistory(sessionId, { ...withFailed, limit: 2, unit: 'runs' })).toEqual(
        all.slice(6),
      );
      expect(await store.loadHistory(sessionId, { ...withFailed, limit: 3, unit: 'runs' })).toEqual(
        all.slice(2),
      );
      expect(await store.loadHistory(sessionId, { includeFailed: false })).toEqual(kept);
      const onlyFailed = uniqueId('s');
      const failed = testRun({ sessionId: onlyFailed, status: 'error' });
      await store.appendRun(failed);
      expect(await store.loadHistory(onlyFailed)).toEqual([]);
      expect(await store.loadHistory(onlyFailed, { limit: 1, unit: 'runs' })).toEqual([]);
      expect(await store.loadHistory(onlyFailed, withFailed)).toEqual(json(failed.messages));
    });

    it('keeps all of 1,000 concurrent appends to one session, each run in order', async () => {
      const store = await open();
      const sessionId = uniqueId('s');
      const runs: RunRecord[] = Array.from({ length: 1000 }, (_, i) =>
        testRun({ sessionId, runId: `${sessionId}-run-${i}`, withTool: i % 3 === 0 }),
      );
      await Promise.all(runs.map((r) => store.appendRun(r)));
      const history = await store.loadHistory(sessionId);
      expect(history).toHaveLength(runs.reduce((n, r) => n + r.messages.length, 0));
      // Each run's messages must be contiguous and in their own order.
      const byFirst = new Map(runs.map((r) => [JSON.stringify(r.messages[0]), r]));
      let seen = 0;
      for (let i = 0; i < history.length; ) {
        const run = byFirst.get(JSON.stringify(history[i]));
        expect(run).toBeDefined();
        expect(history.slice(i, i + run!.messages.length)).toEqual(json(run!.messages));
        i += run!.messages.length;
        seen++;
      }
      expect(seen).toBe(1000);
    });
  });
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
      expect(await store.getSession(sessionId)).toMatchObject({ runCount: 2, messageCount: 6 });
      expect(await store.loadHistory(sessionId)).toEqual(json(ok.messages));
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

    it('adds, lists (newest first, paged), updates and deletes user memories, per user', async () => {
      const store = await open();
      const user = `${HOSTILE_ID}${uniqueId('u')}`;
      const other = uniqueId('u');
      const a = await store.addMemory({ userId: user, memory: 'Lives in Lisbon', topics: ['home'] });
      const b = await store.addMemory({ userId: user, memory: 'Prefers tea to coffee' });
      const c = await store.addMemory({ userId: user, memory: 'Has a dog named Rex', topics: ['pets'] });
      await store.addMemory({ userId: other, memory: 'Lives in Oslo' });
      expect(a).toMatchObject({ userId: user, memory: 'Lives in Lisbon', topics: ['home'] });
      expect(b.topics).toEqual([]);
      expect((await store.listMemories(user)).map((m) => m.memoryId)).toEqual([
        c.memoryId,
        b.memoryId,
        a.memoryId,
      ]);
      expect((await store.listMemories(user, { limit: 1, offset: 1 })).map((m) => m.memoryId)).toEqual([
        b.memoryId,
      ]);
      expect(await store.getMemory(a.memoryId)).toEqual(a);
      const updated = await store.updateMemory(b.memoryId, {
        memory: 'Prefers coffee now',
        topics: ['drinks'],
      });
      expect(updated).toMatchObject({
        memoryId: b.memoryId,
        memory: 'Prefers coffee now',
        topics: ['drinks'],
      });
      expect(updated.createdAt).toBe(b.createdAt);
      expect(updated.updatedAt).toBeGreaterThanOrEqual(b.updatedAt);
      expect((await store.updateMemory(a.memoryId, { topics: ['city'] })).memory).toBe('Lives in Lisbon');
      await store.deleteMemory(c.memoryId);
      await store.deleteMemory(c.memoryId);
      expect(await store.getMemory(c.memoryId)).toBeUndefined();
      expect((await store.listMemories(user)).map((m) => m.memoryId)).toEqual([b.memoryId, a.memoryId]);
      const missing = await rejection(store.updateMemory(c.memoryId, { memory: 'x' }));
      expect(missing.code).toBe('not_found');
      const dup = await rejection(store.addMemory({ userId: user, memory: 'x', memoryId: a.memoryId }));
      expect(dup.reason).toBe('conflict');
      const nul = await rejection(store.addMemory({ userId: user, memory: 'a\u0000b' }));
      expect(nul.code).toBe('validation_error');
    });

    it('searches memories by text: words matched at word starts, most matches first, one user only', async () => {
      const store = await open();
      const user = uniqueId('u');
      const hiking = await store.addMemory({
        userId: user,
        memory: 'Enjoys hiking in the Alps',
        topics: ['hobbies'],
      });
      const both = await store.addMemory({ userId: user, memory: 'Went hiking in Norway last summer' });
      await store.addMemory({ userId: user, memory: 'Works as a nurse' });
      await store.addMemory({ userId: uniqueId('u'), memory: 'Hiking guide in Norway' });
      const hits = await store.searchMemories(user, 'What about HIKING in Norway?');
      expect(hits.map((h) => h.memoryId)).toEqual([both.memoryId, hiking.memoryId]);
      expect(hits.map((h) => h.score)).toEqual([2, 1]);
      expect((await store.searchMemories(user, 'hobbies')).map((h) => h.memoryId)).toEqual([hiking.memoryId]);
      expect((await store.searchMemories(user, 'hik', { limit: 1 })).map((h) => h.memoryId)).toEqual([
        both.memoryId,
      ]);
      expect(await store.searchMemories(user, 'astronomy')).toEqual([]);
      await store.updateMemory(hiking.memoryId, { memory: 'Enjoys climbing' });
      expect((await store.searchMemories(user, 'climbing')).map((h) => h.memoryId)).toEqual([
        hiking.memoryId,
      ]);
      const bad = await rejection(store.searchMemories(user, 'x', { mode: 'vector' }));
      expect(bad.code).toBe('validation_error');
    });

    it('searches memories by meaning when the store has an embedder', async () => {
      const embedder = wordGroupEmbedder([
        ['coffee', 'espresso', 'latte', 'beverage'],
        ['dog', 'puppy', 'pet'],
        ['lisbon', 'portugal', 'city'],
      ]);
      const store = await openWith({ embedder });
      const user = uniqueId('u');
      const coffee = await store.addMemory({ userId: user, memory: 'Drinks an espresso every morning' });
      const dog = await store.addMemory({ userId: user, memory: 'Has a puppy' });
      const city = await store.addMemory({ userId: user, memory: 'Lives in Lisbon' });
      const hits = await store.searchMemories(user, 'which beverage, latte or coffee?');
      expect(hits[0]!.memoryId).toBe(coffee.memoryId);
      expect(hits[0]!.score).toBeGreaterThan(0.9);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      expect((await store.searchMemories(user, 'pet', { limit: 1 }))[0]!.memoryId).toBe(dog.memoryId);
      await store.updateMemory(city.memoryId, { memory: 'Moved to Portugal, owns a dog' });
      const pets = await store.searchMemories(user, 'dog', { limit: 2 });
      expect(pets.map((h) => h.memoryId).sort()).toEqual([dog.memoryId, city.memoryId].sort());
      const text = await store.searchMemories(user, 'espresso', { mode: 'text' });
      expect(text.map((h) => h.memoryId)).toEqual([coffee.memoryId]);
    });

    it('lists the ids of users who own sessions or memories, and keeps creation times given on import', async () => {
      const store = await open();
      const tag = uniqueId('');
      const [a, b, c] = [`a${tag}`, `b${tag}`, `c${tag}`];
      await store.createSession({ userId: c, createdAt: 1_000 });
      await store.appendRun(testRun({ sessionId: uniqueId('s'), userId: a }));
      await store.addMemory({ userId: b, memory: 'x', createdAt: 2_000 });
      await store.addMemory({ userId: a, memory: 'y' });
      const ids = (await store.listUserIds()).filter((id) => id.endsWith(tag));
      expect(ids).toEqual([a, b, c]);
      expect((await store.listSessions({ userId: c }))[0]!.createdAt).toBe(1_000);
      expect((await store.listMemories(b))[0]!.createdAt).toBe(2_000);
      const all = await store.listUserIds();
      expect(await store.listUserIds({ limit: 1, offset: all.indexOf(b) })).toEqual([b]);
    });

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
