/**
 * Test data for vector store tests: records built from small hand-made vectors, deterministic
 * pseudo-random vectors for big batches, and the shapes the suite's parts share.
 */
import { createHash } from 'node:crypto';
import type { KnowledgeChunk, MetadataValue, ScoredChunk, VectorRecord, VectorStore } from '../index.js';

/** What the suite asks a factory for: a store of `dimensions`, holding the data named `name`. */
export interface VectorStoreTestContext {
  /** Vector length of the store. */
  dimensions: number;
  /**
   * Names the stored data (a file, a table): unique per test, so every test starts empty. Given
   * again after `close()`, a persistent store opens the same data (see `reopen`).
   */
  name: string;
}

/** Opens a store for a test (the suite closes it after the test). */
export type VectorStoreFactory = (context: VectorStoreTestContext) => VectorStore | Promise<VectorStore>;

/** Declares one test; `open` opens a store (several per test when needed), all closed after it. */
export type VectorStoreTest = (
  title: string,
  body: (open: (dimensions?: number, name?: string) => Promise<VectorStore>) => Promise<void>,
  timeoutMs?: number,
) => void;

/** The options of the suite's parts. */
export interface VectorStorePartOptions {
  /** The factory opens the same data again given the same name after `close()`. */
  reopen: boolean;
  /** Records of the large-batch test. */
  largeBatch: number;
  /** `keywordSearch` is declared (true), absent (false), or tested when present (undefined). */
  keywordSearch: boolean | undefined;
}

/** Options of {@link record}. */
export interface RecordOptions {
  id: string;
  vector: readonly number[] | Float32Array;
  source?: string;
  index?: number;
  text?: string;
  title?: string;
  metadata?: Record<string, MetadataValue>;
}

/** SHA-256 of `text`, hex (a chunk's `hash`). */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A vector record: text defaults to one naming the id, source to `doc`, index to 0. */
export function record(options: RecordOptions): VectorRecord {
  const text = options.text ?? `text of ${options.id}`;
  const out: VectorRecord = {
    id: options.id,
    source: options.source ?? 'doc',
    index: options.index ?? 0,
    text,
    hash: textHash(text),
    metadata: options.metadata ?? {},
    vector: Float32Array.from(options.vector),
  };
  if (options.title !== undefined) out.title = options.title;
  return out;
}

/** The chunk a search returns for `r`: the record without its vector. */
export function chunkOf(r: VectorRecord): KnowledgeChunk {
  const { vector: _vector, ...chunk } = r;
  return chunk;
}

/** The ids of search results, in order. */
export function ids(results: readonly ScoredChunk[]): string[] {
  return results.map((r) => r.chunk.id);
}

/** A deterministic pseudo-random generator (mulberry32) in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` pseudo-random vectors of `dimensions` (components in [-1, 1)), the same for the same seed. */
export function randomVectors(count: number, dimensions: number, seed = 1): Float32Array[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const v = new Float32Array(dimensions);
    for (let i = 0; i < dimensions; i++) v[i] = next() * 2 - 1;
    return v;
  });
}

/** Cosine similarity of two vectors (reference implementation for expectations). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}
