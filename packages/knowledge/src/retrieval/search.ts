/**
 * A knowledge search: vector (the query embedded, the store's nearest chunks), keyword (the
 * store's full text, or an in-process BM25 index), or hybrid (both, fused by reciprocal rank);
 * then an optional reranker, `minScore`, and the `topK` best as hits with what citations need.
 */
import { type Embedder, type ScoredChunk, ValidationError, type VectorStore } from '@agno/core';
import { abortError, raceSignal } from '@agno/core/utils';
import { embedChecked } from '../ingest/embed-batch.js';
import { reciprocalRankFusion } from './fusion.js';
import type { KeywordFallback } from './keyword-fallback.js';
import type { SearchHit, SearchMode, SearchOptions } from './types.js';

/** What a search reads. */
export interface SearchTarget {
  embedder: Embedder;
  store: VectorStore;
  /** The BM25 index used when the store has no `keywordSearch`. */
  keyword: KeywordFallback;
}

const MODES: readonly SearchMode[] = ['vector', 'keyword', 'hybrid'];

/** Searches `target` for `query` (see `Knowledge.search`). */
export async function searchKnowledge(
  target: SearchTarget,
  query: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  const mode = options.mode ?? 'vector';
  const topK = options.topK ?? 5;
  checkSearch(query, mode, topK, options.candidates);
  const { signal, reranker } = options;
  const wide = mode === 'hybrid' || reranker !== undefined;
  const candidates = wide ? Math.max(topK, options.candidates ?? topK * 4) : topK;
  try {
    signal?.throwIfAborted();
    let hits: SearchHit[];
    if (mode === 'vector') hits = await vectorHits(target, query, candidates, options);
    else if (mode === 'keyword') hits = await keywordHits(target, query, candidates, options);
    else {
      const lists = await Promise.all([
        vectorHits(target, query, candidates, options),
        keywordHits(target, query, candidates, options),
      ]);
      hits = reciprocalRankFusion(lists);
    }
    if (reranker !== undefined)
      hits = await raceSignal(Promise.resolve(reranker.rerank(query, hits, { signal })), signal);
    if (options.minScore !== undefined) hits = hits.filter((h) => h.score >= options.minScore!);
    return hits.length > topK ? hits.slice(0, topK) : hits;
  } catch (error) {
    throw signal?.aborted ? abortError(signal.reason, 'the knowledge search') : error;
  }
}

async function vectorHits(
  target: SearchTarget,
  query: string,
  topK: number,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const [vector] = await embedChecked(target.embedder, [query], options.signal);
  const found = await target.store.search({
    vector: vector!,
    topK,
    filter: options.filter,
    signal: options.signal,
  });
  return found.map(hitOf);
}

async function keywordHits(
  target: SearchTarget,
  query: string,
  topK: number,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const request = { text: query, topK, filter: options.filter, signal: options.signal };
  const found = target.store.keywordSearch
    ? await target.store.keywordSearch(request)
    : await raceSignal(target.keyword.search(request), options.signal);
  return found.map(hitOf);
}

/** A store's scored chunk as a search hit (a fresh object; the chunk's metadata is shared). */
export function hitOf({ chunk, score }: ScoredChunk): SearchHit {
  const hit: SearchHit = {
    id: chunk.id,
    source: chunk.source,
    index: chunk.index,
    text: chunk.text,
    score,
    metadata: chunk.metadata,
  };
  if (chunk.title !== undefined) hit.title = chunk.title;
  return hit;
}

function checkSearch(query: string, mode: SearchMode, topK: number, candidates: number | undefined): void {
  const issues: string[] = [];
  if (typeof query !== 'string' || query.trim() === '') issues.push('the query must be a non-empty string');
  if (!MODES.includes(mode)) issues.push(`mode must be one of ${MODES.join(', ')}`);
  if (!(Number.isInteger(topK) && topK > 0)) issues.push('topK must be a positive integer');
  if (candidates !== undefined && !(Number.isInteger(candidates) && candidates > 0)) {
    issues.push('candidates must be a positive integer');
  }
  if (issues.length > 0) throw new ValidationError(`knowledge search: ${issues.join('; ')}`, issues);
}
