/**
 * The write part of the vector store conformance suite: upsert replaces by id, a batch is all or
 * nothing, hashes/sources/deleteSource, concurrent upserts, a large batch, close and reopen.
 */
import { expect } from 'vitest';
import type { VectorRecord } from '../index.js';
import { rejection } from './store-conformance-fixtures.js';
import {
  chunkOf,
  ids,
  randomVectors,
  record,
  type VectorStorePartOptions,
  type VectorStoreTest,
} from './vector-store-conformance-fixtures.js';

/** Declares the write tests. */
export function describeVectorWriteConformance(test: VectorStoreTest, options: VectorStorePartOptions): void {
  test('reports its dimensions and starts empty', async (open) => {
    const store = await open(4);
    expect(store.dimensions).toBe(4);
    expect(await store.count()).toBe(0);
    expect(await store.sources()).toEqual([]);
    expect(await store.hashes('doc')).toEqual(new Map());
    expect(await store.search({ vector: new Float32Array([1, 0, 0, 0]), topK: 3 })).toEqual([]);
  });

  test('inserts records and gives back every field (title, metadata of every value type) but the vector', async (open) => {
    const store = await open();
    const full = record({
      id: 'full',
      vector: [1, 0, 0, 0],
      source: 'docs/a.md',
      index: 3,
      text: 'Ünïcode — text with "quotes" and \'apostrophes\'\nand a newline',
      title: 'A title',
      metadata: { s: "O'Brien", n: 42.5, i: -3, t: true, f: false, z: null },
    });
    const bare = record({ id: 'bare', vector: [0, 1, 0, 0], source: 'docs/b.md' });
    await store.upsert([full, bare]);
    expect(await store.count()).toBe(2);
    const [hit] = await store.search({ vector: new Float32Array([1, 0, 0, 0]), topK: 1 });
    expect(hit!.chunk).toEqual(chunkOf(full));
    expect('vector' in hit!.chunk).toBe(false);
    const [other] = await store.search({ vector: new Float32Array([0, 1, 0, 0]), topK: 1 });
    expect(other!.chunk).toEqual(chunkOf(bare));
    expect(other!.chunk.title).toBeUndefined();
  });

  test('neither changes the caller records nor lets a caller change what it stored', async (open) => {
    const store = await open();
    const r = record({ id: 'a', vector: [3, 4, 0, 0], metadata: { tag: 'x' } });
    await store.upsert([r]);
    expect([...r.vector]).toEqual([3, 4, 0, 0]);
    r.metadata.tag = 'changed';
    r.vector[0] = -100;
    const [hit] = await store.search({ vector: new Float32Array([3, 4, 0, 0]), topK: 1 });
    expect(hit!.chunk.metadata).toEqual({ tag: 'x' });
    expect(hit!.score).toBeCloseTo(1, 5);
    (hit!.chunk.metadata as Record<string, unknown>).tag = 'mutated';
    const [again] = await store.search({ vector: new Float32Array([3, 4, 0, 0]), topK: 1 });
    expect(again!.chunk.metadata).toEqual({ tag: 'x' });
  });

  test('replaces a record by id: text, vector, source and metadata all change, the count does not', async (open) => {
    const store = await open();
    await store.upsert([record({ id: 'a', vector: [1, 0, 0, 0], source: 'old', metadata: { v: 1 } })]);
    const next = record({ id: 'a', vector: [0, 0, 1, 0], source: 'new', text: 'second', metadata: { v: 2 } });
    await store.upsert([next]);
    expect(await store.count()).toBe(1);
    expect(await store.sources()).toEqual(['new']);
    expect(await store.hashes('old')).toEqual(new Map());
    expect(await store.hashes('new')).toEqual(new Map([['a', next.hash]]));
    const [hit] = await store.search({ vector: new Float32Array([0, 0, 1, 0]), topK: 1 });
    expect(hit!.chunk).toEqual(chunkOf(next));
    expect(hit!.score).toBeCloseTo(1, 5);
    expect(await store.count({ v: 1 })).toBe(0);
  });

  test('keeps the last of several records with the same id in one batch', async (open) => {
    const store = await open();
    await store.upsert([
      record({ id: 'dup', vector: [1, 0, 0, 0], text: 'first' }),
      record({ id: 'dup', vector: [0, 1, 0, 0], text: 'last' }),
    ]);
    expect(await store.count()).toBe(1);
    const [hit] = await store.search({ vector: new Float32Array([0, 1, 0, 0]), topK: 1 });
    expect(hit!.chunk.text).toBe('last');
    expect(hit!.score).toBeCloseTo(1, 5);
  });

  test('writes nothing of a batch holding one vector of the wrong dimension, and says so (dimension_mismatch)', async (open) => {
    const store = await open();
    const before = record({ id: 'keep', vector: [1, 0, 0, 0], text: 'before' });
    await store.upsert([before]);
    const batch = [
      record({ id: 'keep', vector: [0, 1, 0, 0], text: 'replaced' }),
      ...Array.from({ length: 8 }, (_, i) => record({ id: `n${i}`, vector: [1, i, 0, 0] })),
      record({ id: 'bad', vector: [1, 0, 0] }),
    ];
    const error = await rejection(store.upsert(batch));
    expect(error.code).toBe('dimension_mismatch');
    expect(String(error.message)).toMatch(/4/);
    expect(await store.count()).toBe(1);
    const [hit] = await store.search({ vector: new Float32Array([1, 0, 0, 0]), topK: 5 });
    expect(hit!.chunk).toEqual(chunkOf(before));
    const query = await rejection(store.search({ vector: new Float32Array([1, 0, 0, 0, 0]), topK: 1 }));
    expect(query.code).toBe('dimension_mismatch');
  });

  test('accepts an empty batch', async (open) => {
    const store = await open();
    await store.upsert([]);
    expect(await store.count()).toBe(0);
  });

  test('lists hashes per source, the sources, and deletes a source whole or by ids', async (open) => {
    const store = await open();
    const a = [0, 1, 2].map((i) => record({ id: `a${i}`, source: 'a.md', index: i, vector: [1, i, 0, 0] }));
    const b = [0, 1].map((i) => record({ id: `b${i}`, source: "it's b.md", index: i, vector: [0, 1, i, 0] }));
    await store.upsert([...a, ...b]);
    expect(await store.hashes('a.md')).toEqual(new Map(a.map((r) => [r.id, r.hash])));
    expect(await store.hashes("it's b.md")).toEqual(new Map(b.map((r) => [r.id, r.hash])));
    expect(await store.hashes('a')).toEqual(new Map());
    expect([...(await store.sources())].sort()).toEqual(['a.md', "it's b.md"]);
    expect(await store.deleteSource('a.md', ['a1', 'b0', 'missing'])).toBe(1);
    expect([...(await store.hashes('a.md')).keys()].sort()).toEqual(['a0', 'a2']);
    expect(await store.hashes("it's b.md")).toEqual(new Map(b.map((r) => [r.id, r.hash])));
    expect(await store.deleteSource('a.md', [])).toBe(0);
    expect(await store.count()).toBe(4);
    expect(await store.deleteSource("it's b.md")).toBe(2);
    expect(await store.deleteSource('nothing')).toBe(0);
    expect(await store.sources()).toEqual(['a.md']);
    expect(ids(await store.search({ vector: new Float32Array([0, 1, 0, 0]), topK: 10 })).sort()).toEqual([
      'a0',
      'a2',
    ]);
    expect(await store.deleteSource('a.md')).toBe(2);
    expect(await store.count()).toBe(0);
    expect(await store.sources()).toEqual([]);
  });

  test('loses no record when 20 upserts of 50 records run at once', async (open) => {
    const store = await open(8);
    const vectors = randomVectors(1000, 8, 7);
    const batches = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) =>
        record({ id: `c${b}-${i}`, source: `s${b}`, index: i, vector: vectors[b * 50 + i]! }),
      ),
    );
    await Promise.all(batches.map((batch) => store.upsert(batch)));
    expect(await store.count()).toBe(1000);
    expect((await store.sources()).length).toBe(20);
    for (const b of [0, 7, 19]) {
      const [hit] = await store.search({ vector: vectors[b * 50 + 3]!, topK: 1 });
      expect(hit!.chunk.id).toBe(`c${b}-3`);
      expect(hit!.score).toBeCloseTo(1, 4);
    }
  });

  test('keeps whole batches when upserts of the same ids race', async (open) => {
    const store = await open();
    const batch = (tag: string, v: number[]) =>
      ['x', 'y', 'z'].map((id) => record({ id, vector: v, text: tag, metadata: { tag } }));
    await Promise.all([store.upsert(batch('one', [1, 0, 0, 0])), store.upsert(batch('two', [0, 1, 0, 0]))]);
    expect(await store.count()).toBe(3);
    const tags = new Set(
      (await store.search({ vector: new Float32Array([1, 1, 0, 0]), topK: 3 })).map((h) => h.chunk.text),
    );
    expect(tags.size).toBe(1);
  });

  test(`writes a large batch in one upsert and finds its records`, async (open) => {
    const store = await open(32);
    const n = options.largeBatch;
    const vectors = randomVectors(n, 32, 11);
    const records: VectorRecord[] = vectors.map((vector, i) =>
      record({ id: `big-${i}`, source: `big-${i % 10}`, index: i, vector, metadata: { bucket: i % 10 } }),
    );
    await store.upsert(records);
    expect(await store.count()).toBe(n);
    expect(await store.count({ bucket: 3 })).toBe(Math.floor((n - 4) / 10) + 1);
    for (const i of [0, Math.floor(n / 2), n - 1]) {
      const hits = await store.search({ vector: vectors[i]!, topK: 3 });
      expect(hits[0]!.chunk.id).toBe(`big-${i}`);
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      expect(hits.length).toBe(3);
    }
  }, 120_000);

  if (options.reopen) {
    test('keeps everything across close and reopen, and close twice is harmless', async (open) => {
      const store = await open(4);
      const records = [
        record({ id: 'p1', vector: [1, 0, 0, 0], source: 'one', title: 'T', metadata: { k: 'v', n: 1 } }),
        record({ id: 'p2', vector: [0, 1, 0, 0], source: 'two', metadata: { k: 'w', n: 2 } }),
      ];
      await store.upsert(records);
      await store.close?.();
      await store.close?.();
      const again = await open(4);
      expect(again.dimensions).toBe(4);
      expect(await again.count()).toBe(2);
      expect([...(await again.sources())].sort()).toEqual(['one', 'two']);
      expect(await again.hashes('one')).toEqual(new Map([['p1', records[0]!.hash]]));
      const [hit] = await again.search({ vector: new Float32Array([1, 0, 0, 0]), topK: 1 });
      expect(hit!.chunk).toEqual(chunkOf(records[0]!));
      expect(await again.count({ k: 'w' })).toBe(1);
      await again.upsert([record({ id: 'p3', vector: [0, 0, 1, 0] })]);
      expect(await again.count()).toBe(3);
    });
  }
}
