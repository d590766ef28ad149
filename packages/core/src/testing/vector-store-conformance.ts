/**
 * The contract every vector store must keep, as a vitest suite: writes (replace by id, batches all
 * or nothing, hashes, sources, deletes, concurrency, a large batch, persistence), vector search
 * (cosine scores on hand-made vectors, order, topK), every metadata filter operator, counts, and
 * keyword search where the store has it. A plugin store runs it with only `@agno/core`.
 */
import { afterEach, describe, it } from 'vitest';
import type { VectorStore } from '../index.js';
import { describeVectorFilterConformance } from './vector-store-conformance-filters.js';
import type {
  VectorStoreFactory,
  VectorStorePartOptions,
  VectorStoreTest,
} from './vector-store-conformance-fixtures.js';
import { describeVectorSearchConformance } from './vector-store-conformance-search.js';
import { describeVectorWriteConformance } from './vector-store-conformance-writes.js';

/** Options of {@link describeVectorStore}. */
export interface VectorStoreConformanceOptions {
  /**
   * The factory opens the same data again when given the same `name` after the store was closed
   * (a file, a table): the suite then checks that everything survives a close and reopen.
   */
  reopen?: boolean;
  /** Records written in one `upsert` by the large-batch test (default 5,000). */
  largeBatch?: number;
  /**
   * Whether the store has `keywordSearch`: declared true, a missing method fails; false skips
   * those tests; left out, they run when the method is present.
   */
  keywordSearch?: boolean;
  /** Per-test timeout in milliseconds (default 30,000: the large batch on a slow disk). */
  timeoutMs?: number;
}

let counter = 0;

/** A name unique to this process and test, safe as a file name and a SQL identifier. */
function uniqueName(): string {
  return `vs_${process.pid}_${Date.now().toString(36)}_${(++counter).toString(36)}`;
}

/**
 * Checks a vector store against the contract of `VectorStore` (see
 * {@link VectorStoreConformanceOptions}). `factory` makes a store of the dimensions asked for,
 * holding the data named by `name` (fresh names give empty stores); the suite closes every store
 * it opened after each test.
 *
 * ```ts
 * describeVectorStore('my store', ({ dimensions, name }) => MyStore.open({ dimensions, table: name }), { reopen: true });
 * ```
 */
export function describeVectorStore(
  name: string,
  factory: VectorStoreFactory,
  options: VectorStoreConformanceOptions = {},
): void {
  const parts: VectorStorePartOptions = {
    reopen: options.reopen ?? false,
    largeBatch: options.largeBatch ?? 5000,
    keywordSearch: options.keywordSearch,
  };
  const timeout = options.timeoutMs ?? 30_000;
  describe(`${name}: vector store conformance`, () => {
    const opened: VectorStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close?.();
    });
    const test: VectorStoreTest = (title, body, timeoutMs) =>
      it(
        title,
        async () => {
          const testName = uniqueName();
          await body(async (dimensions = 4, dataName = testName) => {
            const store = await factory({ dimensions, name: dataName });
            opened.push(store);
            return store;
          });
        },
        timeoutMs ?? timeout,
      );
    describe('writes', () => describeVectorWriteConformance(test, parts));
    describe('vector search', () => describeVectorSearchConformance(test, parts));
    describe('metadata filters', () => describeVectorFilterConformance(test));
  });
}
