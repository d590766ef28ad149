/**
 * The state part of the store conformance suite: a session's JSON state, updated atomically,
 * refusing what JSON cannot hold.
 */
import { expect } from 'vitest';
import { type StateStore, StoreError } from '../index.js';
import { HOSTILE_ID, rejection, type StoreTest, uniqueId } from './store-conformance-fixtures.js';

/** Declares the tests of {@link StateStore}. */
export function describeStateConformance(test: StoreTest<StateStore>): void {
  test('has an empty state at version 0 for an unknown session', async (store) => {
    expect(await store.getState(uniqueId('s'))).toEqual({ state: {}, version: 0 });
  });

  test('updates state atomically: the update sees the latest state, and each write bumps the version', async (store) => {
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

  test('keeps the states of sessions apart', async (store) => {
    const a = uniqueId('a');
    const b = uniqueId('b');
    await store.updateState(a, () => ({ owner: 'a' }));
    expect((await store.getState(a)).state).toEqual({ owner: 'a' });
    expect(await store.getState(b)).toEqual({ state: {}, version: 0 });
  });

  test('loses no write when 50 state updates run at once', async (store) => {
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

  test('refuses state that is not JSON (BigInt, function, cycle, non-object) at the call, keeping the old state', async (store) => {
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

  test('keeps the state unchanged when the update function throws, and passes its error on', async (store) => {
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

  test('treats hostile ids and keys as data', async (store) => {
    const sessionId = `${HOSTILE_ID}${uniqueId('')}`;
    await store.updateState(sessionId, () => ({ [HOSTILE_ID]: HOSTILE_ID }));
    expect((await store.getState(sessionId)).state).toEqual({ [HOSTILE_ID]: HOSTILE_ID });
  });
}
