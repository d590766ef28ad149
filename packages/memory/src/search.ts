/**
 * Memory search shared by every store, so that all of them rank alike: text search by
 * query words found at the start of a memory's words, vector search by cosine similarity.
 */
import { MemoryStoreError } from './errors.js';
import type { Embedder, MemorySearch, ScoredMemory, UserMemory } from './types.js';

const WORD = /[\p{L}\p{N}]+/gu;
const STOP_WORDS = new Set(
  'a an and are as at be by do does did for from has have how i in is it its me my of on or our so that the their them they this to was we what when where which who why with you your'.split(
    ' ',
  ),
);

/** The lower-case words of `text`. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * The search column of a memory: its words and its topics' words, lower-case, each preceded
 * by a space, so that `' ' + term` finds a word that starts with `term`.
 */
export function searchText(memory: string, topics: readonly string[]): string {
  let all = words(memory);
  for (const t of topics) all = all.concat(words(t));
  return ` ${all.join(' ')} `;
}

/**
 * The patterns a query looks for: its distinct words (stop words dropped unless nothing else
 * is left), each as `' ' + word`, at most 32.
 */
export function searchPatterns(query: string): string[] {
  const all = [...new Set(words(query))];
  const kept = all.filter((w) => !STOP_WORDS.has(w));
  return (kept.length > 0 ? kept : all).slice(0, 32).map((w) => ` ${w}`);
}

/** How many of `patterns` occur in `search` (a {@link searchText}). */
export function textScore(search: string, patterns: readonly string[]): number {
  let n = 0;
  for (const p of patterns) if (search.includes(p)) n++;
  return n;
}

/** A memory with the columns search needs. */
export interface SearchRow {
  memory: UserMemory;
  search: string;
  /** Order of insertion (greater is newer), to break ties. */
  seq: number;
  embedding?: ArrayLike<number> | null;
}

/** Ranks `rows` by text score (then newest first) and keeps the best `limit` with a score above 0. */
export function rankByText(
  rows: readonly SearchRow[],
  patterns: readonly string[],
  limit: number,
): ScoredMemory[] {
  const hits: { row: SearchRow; score: number }[] = [];
  for (const row of rows) {
    const score = textScore(row.search, patterns);
    if (score > 0) hits.push({ row, score });
  }
  hits.sort((a, b) => b.score - a.score || b.row.seq - a.row.seq);
  return hits.slice(0, limit).map((h) => ({ ...h.row.memory, score: h.score }));
}

/** Ranks `rows` by cosine similarity to `query` (rows without an embedding are left out). */
export function rankByVector(
  rows: readonly SearchRow[],
  query: ArrayLike<number>,
  limit: number,
): ScoredMemory[] {
  const hits: { row: SearchRow; score: number }[] = [];
  for (const row of rows) {
    if (row.embedding == null) continue;
    hits.push({ row, score: cosine(query, row.embedding) });
  }
  hits.sort((a, b) => b.score - a.score || b.row.seq - a.row.seq);
  return hits.slice(0, limit).map((h) => ({ ...h.row.memory, score: h.score }));
}

/** Cosine similarity of two vectors of one length (0 when either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new MemoryStoreError(
      'invalid',
      `embeddings differ in length (${a.length} and ${b.length}); was the embedder changed?`,
    );
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Calls `embedder` for one text and checks what it gives back. */
export async function embedOne(
  embedder: (texts: string[]) => Promise<number[][]>,
  text: string,
): Promise<number[]> {
  const out = await embedder([text]);
  const v = Array.isArray(out) ? out[0] : undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new MemoryStoreError(
      'invalid',
      'the embedder must return one non-empty array of finite numbers per text',
    );
  }
  return v;
}

/** Resolves a search mode against the store's embedder. */
export function searchMode(mode: MemorySearch['mode'], embedder: Embedder | undefined): 'text' | 'vector' {
  if (mode === 'vector') {
    if (embedder === undefined)
      throw new MemoryStoreError('invalid', 'vector search needs a store with an embedder');
    return 'vector';
  }
  if (mode === 'text') return 'text';
  return embedder === undefined ? 'text' : 'vector';
}
