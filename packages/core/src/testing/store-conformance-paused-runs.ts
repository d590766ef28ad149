/**
 * The paused-run part of the store conformance suite: paused runs kept, listed, and claimed by
 * exactly one caller.
 */
import { expect } from 'vitest';
import type { Message, PausedRun, PausedRunStore } from '../index.js';
import { HOSTILE_ID, json, type StoreTest, testPausedRun, uniqueId } from './store-conformance-fixtures.js';

/** Declares the tests of {@link PausedRunStore}. */
export function describePausedRunConformance(test: StoreTest<PausedRunStore>): void {
  test('keeps paused runs until they are deleted', async (store) => {
    const sessionId = uniqueId('s');
    const runId = uniqueId('r');
    const paused: PausedRun = {
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

  test('claims a paused run once: the claim returns it and removes it, later claims get undefined', async (store) => {
    const paused = testPausedRun(uniqueId('r'), uniqueId('s'), uniqueId('u'), Date.now());
    await store.savePausedRun(paused);
    expect(await store.claimPausedRun(paused.runId)).toEqual(json(paused));
    expect(await store.loadPausedRun(paused.runId)).toBeUndefined();
    expect(await store.claimPausedRun(paused.runId)).toBeUndefined();
    expect(await store.claimPausedRun(uniqueId('r'))).toBeUndefined();
  });

  test('gives a paused run to exactly one of 20 concurrent claims', async (store) => {
    const paused = testPausedRun(uniqueId('r'), uniqueId('s'), undefined, Date.now());
    await store.savePausedRun(paused);
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimPausedRun(paused.runId)));
    expect(claims.filter((c) => c !== undefined)).toEqual([json(paused)]);
    expect(await store.loadPausedRun(paused.runId)).toBeUndefined();
  });

  test('lets a run that pauses again after its claim be saved and claimed again', async (store) => {
    const paused = testPausedRun(uniqueId('r'), uniqueId('s'), uniqueId('u'), 1_000);
    await store.savePausedRun(paused);
    expect(await store.claimPausedRun(paused.runId)).toBeDefined();
    const again = { ...paused, round: 2, createdAt: 2_000 };
    await store.savePausedRun(again);
    expect(await store.listPausedRuns({ sessionId: paused.sessionId! })).toEqual([json(again)]);
    expect(await store.claimPausedRun(paused.runId)).toEqual(json(again));
    expect(await store.claimPausedRun(paused.runId)).toBeUndefined();
  });

  test('lists the paused runs of a session or of a user, oldest first, within a limit', async (store) => {
    const [a, b] = [uniqueId('s'), uniqueId('s')];
    const [u, v] = [uniqueId('u'), uniqueId('u')];
    // Saved in time order; p3 and p4 share a creation time, so the save order decides.
    const p1 = testPausedRun(uniqueId('r1'), a, u, 1_000);
    const p2 = testPausedRun(uniqueId('r2'), b, u, 2_000);
    const p3 = testPausedRun(uniqueId('r3'), a, v, 3_000);
    const p4 = testPausedRun(uniqueId('r4'), a, u, 3_000);
    const p5 = testPausedRun(uniqueId('r5'), undefined, u, 4_000);
    const p6 = testPausedRun(uniqueId('r6'), b, v, 5_000);
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

  test('treats hostile ids as data', async (store) => {
    const paused = testPausedRun(
      `${HOSTILE_ID}${uniqueId('r')}`,
      `${HOSTILE_ID}${uniqueId('s')}`,
      HOSTILE_ID,
      1,
    );
    await store.savePausedRun(paused);
    expect(await store.listPausedRuns({ sessionId: paused.sessionId! })).toEqual([json(paused)]);
    expect(await store.claimPausedRun(paused.runId)).toEqual(json(paused));
  });
}
