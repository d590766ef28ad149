/**
 * The metadata filter part of the vector store conformance suite: pins the semantics documented
 * on `MetadataFilter` for every operator, in `search` and `count` alike. Values match by type and
 * value (5 is not "5", true is not 1); a key a chunk lacks matches only `ne`; ranges match numbers
 * only; keys and values are data, never syntax (quotes, dots).
 */
import { expect } from 'vitest';
import type { MetadataFilter, VectorStore } from '../index.js';
import { rejection } from './store-conformance-fixtures.js';
import { ids, record, type VectorStoreTest } from './vector-store-conformance-fixtures.js';

async function sample(store: VectorStore): Promise<void> {
  await store.upsert([
    record({
      id: 'a',
      vector: [1, 0, 0, 0],
      metadata: { kind: 'guide', n: 1, flag: true, tag: null, lang: 'en' },
    }),
    record({ id: 'b', vector: [1, 1, 0, 0], metadata: { kind: 'faq', n: 5, flag: false, lang: "it's" } }),
    record({ id: 'c', vector: [0, 1, 0, 0], metadata: { kind: 'api', n: '5', flag: 'true', 'a.b': 1 } }),
    record({ id: 'd', vector: [0, 1, 1, 0], metadata: {} }),
    record({
      id: 'e',
      vector: [0, 0, 1, 0],
      metadata: { kind: 'guide', n: 2.5, flag: 1, "we'ird key": 'x' },
    }),
  ]);
}

/** The ids passing `filter`, sorted; checks that `count` agrees with `search`. */
async function matching(store: VectorStore, filter: MetadataFilter): Promise<string[]> {
  const found = ids(await store.search({ vector: new Float32Array([1, 1, 1, 1]), topK: 100, filter })).sort();
  expect(await store.count(filter), `count of ${JSON.stringify(filter)}`).toBe(found.length);
  return found;
}

/** Declares the metadata filter tests. */
export function describeVectorFilterConformance(test: VectorStoreTest): void {
  test('a plain value matches equal values of the same type only', async (open) => {
    const store = await open();
    await sample(store);
    expect(await matching(store, { kind: 'guide' })).toEqual(['a', 'e']);
    expect(await matching(store, { n: 5 })).toEqual(['b']);
    expect(await matching(store, { n: '5' })).toEqual(['c']);
    expect(await matching(store, { n: 2.5 })).toEqual(['e']);
    expect(await matching(store, { flag: true })).toEqual(['a']);
    expect(await matching(store, { flag: false })).toEqual(['b']);
    expect(await matching(store, { flag: 1 })).toEqual(['e']);
    expect(await matching(store, { tag: null })).toEqual(['a']);
    expect(await matching(store, { missing: 'x' })).toEqual([]);
    expect(await matching(store, {})).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('{ in } matches any of the values (typed), and nothing for an empty list', async (open) => {
    const store = await open();
    await sample(store);
    expect(await matching(store, { kind: { in: ['faq', 'api'] } })).toEqual(['b', 'c']);
    expect(await matching(store, { n: { in: [5, 'x', 1] } })).toEqual(['a', 'b']);
    expect(await matching(store, { flag: { in: [true, 'true'] } })).toEqual(['a', 'c']);
    expect(await matching(store, { tag: { in: [null] } })).toEqual(['a']);
    expect(await matching(store, { kind: { in: [] } })).toEqual([]);
  });

  test('{ ne } matches every other value, and chunks without the key', async (open) => {
    const store = await open();
    await sample(store);
    expect(await matching(store, { kind: { ne: 'guide' } })).toEqual(['b', 'c', 'd']);
    expect(await matching(store, { n: { ne: 5 } })).toEqual(['a', 'c', 'd', 'e']);
    expect(await matching(store, { flag: { ne: true } })).toEqual(['b', 'c', 'd', 'e']);
    expect(await matching(store, { tag: { ne: null } })).toEqual(['b', 'c', 'd', 'e']);
  });

  test('{ gt, gte, lt, lte } match numbers in range, alone or combined, never strings', async (open) => {
    const store = await open();
    await sample(store);
    expect(await matching(store, { n: { gt: 1 } })).toEqual(['b', 'e']);
    expect(await matching(store, { n: { gte: 1 } })).toEqual(['a', 'b', 'e']);
    expect(await matching(store, { n: { lt: 5 } })).toEqual(['a', 'e']);
    expect(await matching(store, { n: { lte: 5 } })).toEqual(['a', 'b', 'e']);
    expect(await matching(store, { n: { gt: 1, lt: 5 } })).toEqual(['e']);
    expect(await matching(store, { n: { gte: 2.5, lte: 2.5 } })).toEqual(['e']);
    expect(await matching(store, { n: { gt: -1000, lte: 0 } })).toEqual([]);
    expect(await matching(store, { lang: { gt: 0 } })).toEqual([]);
    expect(await matching(store, { flag: { gte: 0 } })).toEqual(['e']);
  });

  test('every key must match', async (open) => {
    const store = await open();
    await sample(store);
    expect(await matching(store, { kind: 'guide', n: { gte: 2 } })).toEqual(['e']);
    expect(await matching(store, { kind: { ne: 'api' }, flag: { ne: 1 }, n: { lt: 10 } })).toEqual([
      'a',
      'b',
    ]);
    expect(await matching(store, { kind: 'guide', lang: 'en', tag: null, flag: true, n: 1 })).toEqual(['a']);
  });

  test('keys and values with quotes, dots and spaces are data, not syntax', async (open) => {
    const store = await open();
    await sample(store);
    expect(await matching(store, { lang: "it's" })).toEqual(['b']);
    expect(await matching(store, { "we'ird key": 'x' })).toEqual(['e']);
    expect(await matching(store, { 'a.b': 1 })).toEqual(['c']);
    expect(await matching(store, { a: { ne: 'z' } })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await matching(store, { kind: "guide' OR '1'='1" })).toEqual([]);
    expect(await matching(store, { "kind') OR 1=1 --": 'guide' })).toEqual([]);
  });

  test('refuses a malformed filter with a typed error (validation_error)', async (open) => {
    const store = await open();
    await sample(store);
    const bad: unknown[] = [
      { n: { foo: 1 } },
      { n: { in: 'guide' } },
      { n: { gt: '1' } },
      { n: {} },
      { n: { in: [{}] } },
      { n: [1, 2] },
      { n: { ne: 1, gt: 2 } },
    ];
    for (const filter of bad) {
      const onSearch = await rejection(
        store.search({ vector: new Float32Array([1, 0, 0, 0]), topK: 1, filter: filter as MetadataFilter }),
      );
      expect(onSearch.code, JSON.stringify(filter)).toBe('validation_error');
      const onCount = await rejection(store.count(filter as MetadataFilter));
      expect(onCount.code, JSON.stringify(filter)).toBe('validation_error');
    }
  });
}
