import type { KnowledgeDocument, VectorStore } from '@agno/core';
import { isAgnoError } from '@agno/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Knowledge } from '../knowledge.js';
import { InMemoryVectorStore } from '../stores/memory-store.js';
import { TestEmbedder } from '../testing/hash-embedder.js';
import type { Reranker } from './types.js';

const documents: KnowledgeDocument[] = [
  {
    source: 'orion.md',
    title: 'Orion telescope',
    metadata: { product: 'orion', year: 2023 },
    content:
      '# Battery\n\nCharge the Orion battery for four hours before first use.\n\n# Lens\n\nClean the lens with a dry microfibre cloth.',
  },
  {
    source: 'zephyr.md',
    title: 'Zephyr drone',
    metadata: { product: 'zephyr', year: 2024 },
    content:
      '# Battery\n\nThe Zephyr battery charges in ninety minutes.\n\n# Propellers\n\nReplace cracked propellers before flying.',
  },
  {
    source: 'warranty.md',
    title: 'Warranty',
    metadata: { product: 'all', year: 2024 },
    content:
      '# Warranty\n\nThe warranty covers manufacturing defects for two years from purchase, code XK-42.',
  },
];

/** The in-memory store seen through the interface without its `keywordSearch`. */
function withoutKeywordSearch(store: InMemoryVectorStore): VectorStore {
  return {
    dimensions: store.dimensions,
    upsert: (r) => store.upsert(r),
    hashes: (s) => store.hashes(s),
    deleteSource: (s, ids) => store.deleteSource(s, ids),
    sources: () => store.sources(),
    search: (q) => store.search(q),
    count: (f) => store.count(f),
  };
}

let kb: Knowledge;
beforeAll(async () => {
  kb = new Knowledge({ embedder: new TestEmbedder(), store: new InMemoryVectorStore({ dimensions: 384 }) });
  await kb.ingest(documents);
});

describe('Knowledge.search', () => {
  it('vector: finds the passage that answers, with what a citation needs', async () => {
    const [best] = await kb.search('how long to charge the orion battery');
    expect(best).toMatchObject({ source: 'orion.md', title: 'Orion telescope', index: 0 });
    expect(best!.text).toContain('four hours');
    expect(best!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(best!.score).toBeGreaterThan(0.3);
    expect(best!.metadata).toMatchObject({ product: 'orion', heading: 'Battery' });
  });

  it('keyword: the store’s full-text search finds an exact code', async () => {
    const hits = await kb.search('XK-42', { mode: 'keyword' });
    expect(hits.map((h) => h.source)).toEqual(['warranty.md']);
  });

  it('keyword on a store without full text: an in-process BM25 index, rebuilt after writes', async () => {
    const memory = new InMemoryVectorStore({ dimensions: 384 });
    const plain = new Knowledge({ embedder: new TestEmbedder(), store: withoutKeywordSearch(memory) });
    await plain.ingest(documents);
    expect((await plain.search('propellers', { mode: 'keyword' }))[0]).toMatchObject({ source: 'zephyr.md' });
    expect(await plain.search('tripod', { mode: 'keyword' })).toEqual([]);
    await plain.ingest({ source: 'tripod.md', content: 'Fold the tripod legs.' });
    expect((await plain.search('tripod', { mode: 'keyword' }))[0]).toMatchObject({ source: 'tripod.md' });
    await plain.delete('tripod.md');
    expect(await plain.search('tripod', { mode: 'keyword' })).toEqual([]);
    const filtered = await plain.search('battery', { mode: 'keyword', filter: { product: 'zephyr' } });
    expect(filtered.map((h) => h.source)).toEqual(['zephyr.md']);
  });

  it('hybrid: fuses the vector and keyword rankings by reciprocal rank', async () => {
    const query = 'battery charge';
    const [vector, keyword, hybrid] = await Promise.all([
      kb.search(query, { mode: 'vector', topK: 20 }),
      kb.search(query, { mode: 'keyword', topK: 20 }),
      kb.search(query, { mode: 'hybrid', topK: 3 }),
    ]);
    const rrf = (id: string): number =>
      [vector, keyword].reduce((sum, list) => {
        const rank = list.findIndex((h) => h.id === id);
        return rank < 0 ? sum : sum + 1 / (60 + rank + 1);
      }, 0);
    expect(hybrid).toHaveLength(3);
    for (const hit of hybrid) expect(hit.score).toBeCloseTo(rrf(hit.id), 10);
    expect(hybrid.map((h) => h.score)).toEqual([...hybrid.map((h) => h.score)].sort((a, b) => b - a));
    expect(
      hybrid
        .slice(0, 2)
        .map((h) => h.source)
        .sort(),
    ).toEqual(['orion.md', 'zephyr.md']);
  });

  it('filters by metadata in every mode', async () => {
    for (const mode of ['vector', 'keyword', 'hybrid'] as const) {
      const hits = await kb.search('battery', {
        mode,
        filter: { year: { gte: 2024 }, product: { ne: 'all' } },
      });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => h.source === 'zephyr.md')).toBe(true);
    }
  });

  it('a reranker sees the candidates and decides the order; topK is cut after it', async () => {
    const seen: string[][] = [];
    const bySource: Reranker = {
      rerank: (_query, hits) => {
        const sorted = [...hits].sort((a, b) => a.source.localeCompare(b.source) || a.index - b.index);
        seen.push(sorted.map((h) => h.id));
        return sorted.map((h, i) => ({ ...h, score: 1 - i / 10 }));
      },
    };
    const hits = await kb.search('battery', { topK: 2, candidates: 4, reranker: bySource });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(4); // 4 of the 5 chunks
    expect(hits.map((h) => h.id)).toEqual(seen[0]!.slice(0, 2));
    expect(hits.map((h) => h.score)).toEqual([1, 0.9]);
  });

  it('minScore drops weak matches', async () => {
    const all = await kb.search('cloth for the lens', { topK: 6 });
    const strong = await kb.search('cloth for the lens', { topK: 6, minScore: 0.3 });
    expect(strong.length).toBeGreaterThan(0);
    expect(strong.length).toBeLessThan(all.length);
    expect(strong.every((h) => h.score >= 0.3)).toBe(true);
  });

  it('rejects a bad query or options with a validation error listing the issues', async () => {
    const error = await kb.search('  ', { topK: 0, mode: 'fuzzy' as 'vector' }).catch((e: unknown) => e);
    expect(isAgnoError(error, 'validation_error')).toBe(true);
    expect((error as { issues: string[] }).issues).toHaveLength(3);
  });

  it('an aborted search ends with an aborted error', async () => {
    const error = await kb.search('battery', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isAgnoError(error, 'aborted')).toBe(true);
  });

  it('a query vector of the wrong dimension is a dimension_mismatch', async () => {
    const memory = new InMemoryVectorStore({ dimensions: 384 });
    const embedder = new TestEmbedder({ wrongDimensionsAt: 1 });
    const error = await new Knowledge({ embedder, store: memory }).search('x').catch((e: unknown) => e);
    expect(isAgnoError(error, 'dimension_mismatch')).toBe(true);
  });
});
