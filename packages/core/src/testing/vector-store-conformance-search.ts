/**
 * The search part of the vector store conformance suite: cosine scores on hand-made vectors, best
 * first, topK, filters applied before topK, aborts, and keyword search where the store has it.
 */
import { expect } from 'vitest';
import type { VectorStore } from '../index.js';
import { rejection } from './store-conformance-fixtures.js';
import {
  cosine,
  ids,
  randomVectors,
  record,
  type VectorStorePartOptions,
  type VectorStoreTest,
} from './vector-store-conformance-fixtures.js';

const SQRT1_2 = Math.SQRT1_2;

/** Five records around the x axis: cosine with [1,0,0,0] is 1, 0.8, 1/√2, 0, -1. */
async function compass(store: VectorStore): Promise<void> {
  await store.upsert([
    record({ id: 'west', vector: [-2, 0, 0, 0], metadata: { side: 'w', rank: 5 } }),
    record({ id: 'north', vector: [0, 3, 0, 0], metadata: { side: 'n', rank: 4 } }),
    record({ id: 'east', vector: [5, 0, 0, 0], metadata: { side: 'e', rank: 1 } }),
    record({ id: 'diag', vector: [1, 1, 0, 0], metadata: { side: 'e', rank: 3 } }),
    record({ id: 'near', vector: [4, 3, 0, 0], metadata: { side: 'e', rank: 2 } }),
  ]);
}

const X = new Float32Array([1, 0, 0, 0]);

/** Declares the search tests (keyword search included when the store has it). */
export function describeVectorSearchConformance(
  test: VectorStoreTest,
  options: VectorStorePartOptions,
): void {
  test('ranks by cosine similarity, best first, with exact scores (vectors of any length)', async (open) => {
    const store = await open();
    await compass(store);
    const hits = await store.search({ vector: new Float32Array([10, 0, 0, 0]), topK: 5 });
    expect(ids(hits)).toEqual(['east', 'near', 'diag', 'north', 'west']);
    const expected = [1, 0.8, SQRT1_2, 0, -1];
    for (const [i, h] of hits.entries()) expect(h.score).toBeCloseTo(expected[i]!, 5);
    const diagonal = await store.search({ vector: new Float32Array([0, 1, 0, 0]), topK: 2 });
    expect(ids(diagonal)).toEqual(['north', 'diag']);
    expect(diagonal[1]!.score).toBeCloseTo(SQRT1_2, 5);
  });

  test('returns at most topK results, all of them when fewer, none for topK 0', async (open) => {
    const store = await open();
    await compass(store);
    expect(ids(await store.search({ vector: X, topK: 2 }))).toEqual(['east', 'near']);
    expect((await store.search({ vector: X, topK: 50 })).length).toBe(5);
    expect(await store.search({ vector: X, topK: 0 })).toEqual([]);
  });

  test('applies the filter before topK', async (open) => {
    const store = await open();
    await compass(store);
    const hits = await store.search({ vector: X, topK: 2, filter: { side: { ne: 'e' } } });
    expect(ids(hits)).toEqual(['north', 'west']);
    expect(hits[0]!.score).toBeCloseTo(0, 5);
    expect(hits[1]!.score).toBeCloseTo(-1, 5);
    expect(await store.search({ vector: X, topK: 3, filter: { side: 'nowhere' } })).toEqual([]);
  });

  test('agrees with exact cosine ranking on 500 random vectors', async (open) => {
    const store = await open(16);
    const vectors = randomVectors(500, 16, 5);
    await store.upsert(vectors.map((vector, i) => record({ id: `r${i}`, index: i, vector })));
    const [query] = randomVectors(1, 16, 99);
    const expected = vectors
      .map((v, i) => ({ id: `r${i}`, score: cosine(query!, v) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const hits = await store.search({ vector: query!, topK: 10 });
    expect(ids(hits)).toEqual(expected.map((e) => e.id));
    for (const [i, h] of hits.entries()) expect(h.score).toBeCloseTo(expected[i]!.score, 4);
  });

  test('counts records, all or those passing a filter', async (open) => {
    const store = await open();
    await compass(store);
    expect(await store.count()).toBe(5);
    expect(await store.count({})).toBe(5);
    expect(await store.count({ side: 'e' })).toBe(3);
    expect(await store.count({ side: 'e', rank: { gte: 2 } })).toBe(2);
  });

  test('stops a search whose signal is aborted (code aborted)', async (open) => {
    const store = await open();
    await compass(store);
    const error = await rejection(store.search({ vector: X, topK: 1, signal: AbortSignal.abort() }));
    expect(error.code).toBe('aborted');
  });

  if (options.keywordSearch === false) return;

  const keywordTest: VectorStoreTest = (title, body) =>
    test(title, async (open) => {
      await body(async (dimensions, name) => {
        const store = await open(dimensions, name);
        if (options.keywordSearch === true) expect(typeof store.keywordSearch).toBe('function');
        return store;
      });
    });

  keywordTest('keyword search ranks the relevant chunk first, honours topK and filters', async (open) => {
    const store = await open();
    if (store.keywordSearch === undefined) return;
    const texts = {
      quantum: 'Quantum entanglement links particles: measuring one particle fixes the state of the other.',
      bread: 'To bake sourdough bread, feed the starter, knead the dough, and let it rise overnight.',
      garden: 'Tomatoes in the garden need sun, water, and support as the plants grow.',
      mixed: 'The bakery near the physics lab sells bread to students studying particles.',
    };
    await store.upsert(
      Object.entries(texts).map(([id, text], i) =>
        record({ id, text, vector: [1, i, 0, 0], metadata: { lang: id === 'garden' ? 'fr' : 'en' } }),
      ),
    );
    const quantum = await store.keywordSearch({ text: 'quantum entanglement of particles', topK: 3 });
    expect(quantum[0]!.chunk.id).toBe('quantum');
    expect(quantum[0]!.chunk.text).toBe(texts.quantum);
    for (let i = 1; i < quantum.length; i++)
      expect(quantum[i - 1]!.score).toBeGreaterThanOrEqual(quantum[i]!.score);
    expect(ids(await store.keywordSearch({ text: 'sourdough bread', topK: 1 }))).toEqual(['bread']);
    expect(
      ids(await store.keywordSearch({ text: 'garden tomatoes', topK: 5, filter: { lang: 'en' } })),
    ).toEqual([]);
    expect(await store.keywordSearch({ text: 'xylophone', topK: 5 })).toEqual([]);
    expect(await store.keywordSearch({ text: 'bread', topK: 0 })).toEqual([]);
  });

  keywordTest(
    'keyword search takes any text: quotes, operators and punctuation are words, not syntax',
    async (open) => {
      const store = await open();
      if (store.keywordSearch === undefined) return;
      await store.upsert([
        record({
          id: 'q',
          text: 'O\'Brien said: "deploy AND rollback" (never NOT) * ^ near/2',
          vector: [1, 0, 0, 0],
        }),
      ]);
      for (const text of [
        '"deploy',
        "O'Brien",
        'deploy AND (rollback',
        'NOT',
        '*',
        'near/2 OR',
        '-',
        '',
        '   ',
      ]) {
        const hits = await store.keywordSearch({ text, topK: 3 });
        expect(Array.isArray(hits)).toBe(true);
      }
      expect(ids(await store.keywordSearch({ text: 'rollback "deploy', topK: 3 }))).toEqual(['q']);
    },
  );
}
