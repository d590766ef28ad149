/**
 * Keyword search for stores without their own (`keywordSearch`): an in-process BM25 index over
 * the store's chunks, read once through an exact vector search for every chunk and rebuilt after
 * the knowledge base writes. Chunks written by another process are seen after the next rebuild.
 */
import type { KeywordQuery, KnowledgeChunk, ScoredChunk, VectorStore } from '@agno/core';
import { Bm25Index } from '../stores/bm25.js';
import { compileFilter } from '../stores/filter.js';

/** A lazily built BM25 index over a store's chunks. */
export class KeywordFallback {
  #built: Promise<{ index: Bm25Index; chunks: Map<string, KnowledgeChunk> }> | undefined;
  #generation = 0;

  constructor(private readonly store: VectorStore) {}

  /** Forgets the index (the store changed); the next search rebuilds it. */
  invalidate(): void {
    this.#generation++;
    this.#built = undefined;
  }

  /** The BM25 best `topK` chunks for `query.text` that pass `query.filter`. */
  async search(query: KeywordQuery): Promise<ScoredChunk[]> {
    const matches = compileFilter(query.filter);
    const { index, chunks } = await this.#index();
    const hits: ScoredChunk[] = [];
    for (const [id, score] of index.score(query.text)) {
      const chunk = chunks.get(id)!;
      if (matches === undefined || matches(chunk.metadata)) hits.push({ chunk, score });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, query.topK);
  }

  #index(): Promise<{ index: Bm25Index; chunks: Map<string, KnowledgeChunk> }> {
    if (this.#built === undefined) {
      const generation = this.#generation;
      const built = this.#build();
      this.#built = built;
      built.catch(() => {
        if (this.#generation === generation) this.#built = undefined;
      });
    }
    return this.#built;
  }

  async #build(): Promise<{ index: Bm25Index; chunks: Map<string, KnowledgeChunk> }> {
    const index = new Bm25Index();
    const chunks = new Map<string, KnowledgeChunk>();
    const total = await this.store.count();
    if (total > 0) {
      const probe = new Float32Array(this.store.dimensions);
      probe[0] = 1;
      for (const { chunk } of await this.store.search({ vector: probe, topK: total })) {
        chunks.set(chunk.id, chunk);
        index.add(chunk.id, chunk.text);
      }
    }
    return { index, chunks };
  }
}
