import { describeVectorStore } from '@agno/core/testing';
import { describe, expect, it } from 'vitest';
import { InMemoryVectorStore } from './memory-store.js';

describeVectorStore('InMemoryVectorStore', ({ dimensions }) => new InMemoryVectorStore({ dimensions }), {
  keywordSearch: true,
});

describe('InMemoryVectorStore', () => {
  it('grows past its initial capacity and keeps rows dense after deletes', async () => {
    const store = new InMemoryVectorStore({ dimensions: 2, initialCapacity: 1 });
    const records = Array.from({ length: 10 }, (_, i) => ({
      id: `r${i}`,
      source: i % 2 === 0 ? 'even' : 'odd',
      index: i,
      text: `t${i}`,
      hash: `h${i}`,
      metadata: {},
      vector: new Float32Array([Math.cos(i / 10), Math.sin(i / 10)]),
    }));
    await store.upsert(records);
    expect(await store.deleteSource('even')).toBe(5);
    const hits = await store.search({ vector: new Float32Array([Math.cos(0.9), Math.sin(0.9)]), topK: 5 });
    expect(hits.map((h) => h.chunk.id)).toEqual(['r9', 'r7', 'r5', 'r3', 'r1']);
    expect(hits[0]!.score).toBeCloseTo(1, 6);
  });

  it('refuses a dimension that is not a positive integer, and NaN in a vector', async () => {
    expect(() => new InMemoryVectorStore({ dimensions: 0 })).toThrow(/positive integer/);
    const store = new InMemoryVectorStore({ dimensions: 2 });
    const bad = {
      id: 'x',
      source: 's',
      index: 0,
      text: 't',
      hash: 'h',
      metadata: {},
      vector: new Float32Array([1, Number.NaN]),
    };
    await expect(store.upsert([bad])).rejects.toMatchObject({ code: 'validation_error' });
    expect(await store.count()).toBe(0);
  });

  it('fails calls after close with code closed', async () => {
    const store = new InMemoryVectorStore({ dimensions: 2 });
    await store.close();
    await expect(store.count()).rejects.toMatchObject({ code: 'closed' });
  });
});
