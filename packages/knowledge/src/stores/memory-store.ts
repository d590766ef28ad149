/**
 * The in-memory vector store: exact cosine search over one contiguous Float32Array of normalised
 * vectors (a row per chunk, rows kept dense by moving the last row into a deleted one), metadata
 * filters, and BM25 keyword search. For tests, examples and knowledge bases that fit in memory.
 */
import type {
  KeywordQuery,
  KnowledgeChunk,
  MetadataFilter,
  ScoredChunk,
  VectorQuery,
  VectorRecord,
  VectorStore,
} from '@agno/core';
import { StoreError } from '@agno/core';
import { Bm25Index } from './bm25.js';
import { checkBatch, checkDimensions, checkVector, throwIfAborted } from './checks.js';
import { compileFilter } from './filter.js';
import { exactTopK } from './scan.js';
import { normaliseInto } from './vector-math.js';

/** Options of {@link InMemoryVectorStore}. */
export interface InMemoryVectorStoreOptions {
  /** Length of every vector. */
  dimensions: number;
  /** Rows allocated up front (grows by doubling; default 1,024). */
  initialCapacity?: number;
}

/** A chunk as the caller gets it: a fresh object with its own metadata (the store's copy stays intact). */
function copyChunk(chunk: KnowledgeChunk): KnowledgeChunk {
  return { ...chunk, metadata: { ...chunk.metadata } };
}

/** An exact, in-process {@link VectorStore}; nothing survives the process. */
export class InMemoryVectorStore implements VectorStore {
  readonly dimensions: number;
  private matrix: Float32Array;
  private chunks: KnowledgeChunk[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly bySource = new Map<string, Set<string>>();
  private readonly bm25 = new Bm25Index();
  private readonly query: Float32Array;
  private closed = false;

  constructor(options: InMemoryVectorStoreOptions) {
    checkDimensions(options.dimensions);
    this.dimensions = options.dimensions;
    this.matrix = new Float32Array(Math.max(1, options.initialCapacity ?? 1024) * options.dimensions);
    this.query = new Float32Array(options.dimensions);
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    this.checkOpen();
    for (const r of checkBatch(records, this.dimensions)) this.write(r);
  }

  async hashes(source: string): Promise<Map<string, string>> {
    this.checkOpen();
    const out = new Map<string, string>();
    for (const id of this.bySource.get(source) ?? []) out.set(id, this.chunks[this.rowOf.get(id)!]!.hash);
    return out;
  }

  async deleteSource(source: string, ids?: readonly string[]): Promise<number> {
    this.checkOpen();
    const held = this.bySource.get(source);
    if (held === undefined) return 0;
    let deleted = 0;
    for (const id of ids === undefined ? [...held] : ids) {
      if (!held.has(id)) continue;
      this.remove(id);
      deleted++;
    }
    return deleted;
  }

  async sources(): Promise<string[]> {
    this.checkOpen();
    return [...this.bySource.keys()];
  }

  async search(query: VectorQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    checkVector(query.vector, this.dimensions, 'search');
    const matches = compileFilter(query.filter);
    throwIfAborted(query.signal, 'the vector search');
    if (query.topK <= 0 || this.chunks.length === 0) return [];
    const q = this.query;
    normaliseInto(query.vector, q);
    const { chunks } = this;
    const accept = matches === undefined ? undefined : (row: number) => matches(chunks[row]!.metadata);
    const top = exactTopK(q, this.matrix, chunks.length, query.topK, accept);
    return top.map(({ score, slot }) => ({ chunk: copyChunk(chunks[slot]!), score }));
  }

  async keywordSearch(query: KeywordQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    const matches = compileFilter(query.filter);
    throwIfAborted(query.signal, 'the keyword search');
    if (query.topK <= 0) return [];
    const hits: ScoredChunk[] = [];
    for (const [id, score] of this.bm25.score(query.text)) {
      const chunk = this.chunks[this.rowOf.get(id)!]!;
      if (matches === undefined || matches(chunk.metadata)) hits.push({ chunk, score });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, query.topK).map((h) => ({ chunk: copyChunk(h.chunk), score: h.score }));
  }

  async count(filter?: MetadataFilter): Promise<number> {
    this.checkOpen();
    const matches = compileFilter(filter);
    if (matches === undefined) return this.chunks.length;
    let n = 0;
    for (const chunk of this.chunks) if (matches(chunk.metadata)) n++;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('the in-memory vector store is closed', { code: 'closed' });
  }

  private write(r: VectorRecord): void {
    const { vector: _vector, ...fields } = r;
    const chunk: KnowledgeChunk = { ...fields, metadata: { ...r.metadata } };
    let row = this.rowOf.get(r.id);
    if (row !== undefined) {
      this.bySource.get(this.chunks[row]!.source)?.delete(r.id);
      this.dropEmptySource(this.chunks[row]!.source);
    } else {
      row = this.chunks.length;
      this.grow(row + 1);
      this.rowOf.set(r.id, row);
    }
    this.chunks[row] = chunk;
    normaliseInto(r.vector, this.matrix, row * this.dimensions);
    let ids = this.bySource.get(r.source);
    if (ids === undefined) {
      ids = new Set();
      this.bySource.set(r.source, ids);
    }
    ids.add(r.id);
    this.bm25.add(r.id, r.text);
  }

  private remove(id: string): void {
    const row = this.rowOf.get(id)!;
    const source = this.chunks[row]!.source;
    const last = this.chunks.length - 1;
    if (row !== last) {
      const moved = this.chunks[last]!;
      this.chunks[row] = moved;
      this.rowOf.set(moved.id, row);
      this.matrix.copyWithin(row * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
    }
    this.chunks.pop();
    this.rowOf.delete(id);
    this.bySource.get(source)!.delete(id);
    this.dropEmptySource(source);
    this.bm25.remove(id);
  }

  private dropEmptySource(source: string): void {
    if (this.bySource.get(source)?.size === 0) this.bySource.delete(source);
  }

  private grow(rows: number): void {
    if (rows * this.dimensions <= this.matrix.length) return;
    const next = new Float32Array(
      Math.max(rows, (this.matrix.length / this.dimensions) * 2) * this.dimensions,
    );
    next.set(this.matrix);
    this.matrix = next;
  }
}
