/**
 * What a knowledge search accepts and returns.
 */
import type { MetadataFilter, MetadataValue } from '@agno/core';

/** How a search finds chunks: by meaning, by words, or both fused. */
export type SearchMode = 'vector' | 'keyword' | 'hybrid';

/** A chunk found by a search, with what a citation needs. */
export interface SearchHit {
  /** The chunk's id. */
  id: string;
  /** The document's source (path, URL...). */
  source: string;
  /** The document's title. */
  title?: string;
  /** The chunk's position in its document, from 0. */
  index: number;
  /** The chunk's text. */
  text: string;
  /**
   * Higher is better: cosine similarity (vector), the store's keyword score (keyword), the
   * reciprocal rank fusion score (hybrid), or the reranker's score.
   */
  score: number;
  /** The chunk's metadata (the document's and the chunker's). */
  metadata: Record<string, MetadataValue>;
}

/** Reorders (and may rescore or cut) the hits of a search, e.g. with a cross-encoder. */
export interface Reranker {
  /** The hits, best first (scores as the reranker gives them). */
  rerank(
    query: string,
    hits: readonly SearchHit[],
    options: { signal?: AbortSignal },
  ): SearchHit[] | Promise<SearchHit[]>;
}

/** Options of `knowledge.search`. */
export interface SearchOptions {
  /** `vector` (default), `keyword`, or `hybrid` (both, fused by reciprocal rank). */
  mode?: SearchMode;
  /** Hits returned. Default 5. */
  topK?: number;
  /** Only chunks whose metadata match. */
  filter?: MetadataFilter;
  /** Reorders the candidates before the `topK` best are kept. */
  reranker?: Reranker;
  /** Candidates fetched per list for hybrid search and for a reranker. Default `4 × topK`. */
  candidates?: number;
  /** Drops hits scoring below this, in the final score (see {@link SearchHit.score}). */
  minScore?: number;
  /** Stops the search. */
  signal?: AbortSignal;
}
