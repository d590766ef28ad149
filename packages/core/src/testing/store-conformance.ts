/**
 * The contract every session store must keep, as a vitest suite split by capability (history,
 * state, paused runs, documents): a plugin store runs the parts it implements, and needs only
 * `@agno/core` to do so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeDocumentConformance } from './store-conformance-documents.js';
import type { StoreTest } from './store-conformance-fixtures.js';
import { describeHistoryConformance } from './store-conformance-history.js';
import { describePausedRunConformance } from './store-conformance-paused-runs.js';
import { describeStateConformance } from './store-conformance-state.js';

export type { StoreTest };

/** A part of the store contract: `history` (HistoryStore), `state`, `pausedRuns`, `documents`. */
export type StoreCapability = 'history' | 'state' | 'pausedRuns' | 'documents';

/** Every capability, in the order the suite checks them. */
export const STORE_CAPABILITIES: readonly StoreCapability[] = ['history', 'state', 'pausedRuns', 'documents'];

const METHODS: Record<StoreCapability, readonly string[]> = {
  history: ['loadHistory', 'appendRun'],
  state: ['getState', 'updateState'],
  pausedRuns: ['savePausedRun', 'loadPausedRun', 'claimPausedRun', 'listPausedRuns', 'deletePausedRun'],
  documents: ['putDocument', 'getDocument', 'listDocuments', 'deleteDocument', 'putDocumentIfAbsent'],
};

/** Makes a fresh store (or a fresh handle on a shared one); the suite closes it after each test. */
export type StoreFactory<S> = () => S | Promise<S>;

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /**
   * The capabilities the store declares: only their tests run, and a declared capability with a
   * missing method fails. Left out, every capability's tests run and each test is skipped when
   * the store lacks that capability's methods.
   */
  capabilities?: readonly StoreCapability[];
}

/** The methods of `capability` that `store` lacks (none when it has the capability). */
export function missingMethods(store: object, capability: StoreCapability): string[] {
  return METHODS[capability].filter((m) => typeof (store as Record<string, unknown>)[m] !== 'function');
}

/**
 * Checks a store against the parts of the contract it has (see {@link StoreConformanceOptions}):
 * history (trimming at a user turn, failed runs, 1,000 concurrent appends, every message shape),
 * state (atomic updates, refusal of non-JSON), paused runs (a claim given exactly once) and
 * documents (ordering, put-if-absent under concurrency); hostile ids throughout.
 */
export function describeStoreConformance<S extends object>(
  name: string,
  factory: StoreFactory<S>,
  options: StoreConformanceOptions = {},
): void {
  const declared = options.capabilities;
  const parts: Record<StoreCapability, (test: StoreTest<any>) => void> = {
    history: describeHistoryConformance,
    state: describeStateConformance,
    pausedRuns: describePausedRunConformance,
    documents: describeDocumentConformance,
  };
  describe(`${name}: store conformance`, () => {
    const opened: S[] = [];
    afterEach(async () => {
      for (const s of opened.splice(0)) await (s as { close?(): Promise<void> }).close?.();
    });
    for (const capability of declared ?? STORE_CAPABILITIES) {
      describe(capability, () => {
        const test: StoreTest<S> = (title, body) =>
          it(title, async (ctx) => {
            const store = await factory();
            opened.push(store);
            const missing = missingMethods(store, capability);
            if (declared === undefined && missing.length > 0) return ctx.skip();
            expect(missing, `methods of the declared capability "${capability}"`).toEqual([]);
            await body(store);
          });
        parts[capability](test);
      });
    }
  });
}
