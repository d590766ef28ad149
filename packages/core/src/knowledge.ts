/**
 * The interfaces of knowledge bases: embedders that turn text into vectors, and vector stores that
 * keep chunks of documents and find the nearest ones. Types only; implementations live in
 * `@agno/knowledge` and in plugins, which run `@agno/core/testing`'s conformance suites.
 */

/** A metadata value a chunk may carry and a filter may match. */
export type MetadataValue = string | number | boolean | null;

/** A document as a reader gives it: its text, where it came from, and what is known about it. */
export interface KnowledgeDocument {
  /** Where the document came from (a path, a URL, an id): the unit of update and delete. */
  source: string;
  /** A title (the file name, the page title, the first heading). */
  title?: string;
  /** The document's text (Markdown for HTML and PDF). */
  content: string;
  /** Metadata copied onto every chunk of the document. */
  metadata?: Record<string, MetadataValue>;
}

/** A piece of a document small enough to embed and to give a model. */
export interface KnowledgeChunk {
  /** Stable across runs: the same source, position and text give the same id. */
  id: string;
  /** The document's source. */
  source: string;
  /** Position of the chunk in its document, from 0. */
  index: number;
  /** The chunk's text. */
  text: string;
  /** Hash of the text (hex): a chunk whose hash is stored is not embedded or written again. */
  hash: string;
  /** The document's title. */
  title?: string;
  /** The document's metadata and the chunker's (heading path, token count...). */
  metadata: Record<string, MetadataValue>;
}

/** A chunk with its embedding, as a vector store keeps it. */
export interface VectorRecord extends KnowledgeChunk {
  vector: Float32Array;
}

/**
 * A metadata filter: every key must match. A plain value matches equal values of the same type
 * (`5` is not `'5'`; `null` matches an explicit null, not a missing key); `{ in: [...] }` any of
 * them (an empty list matches nothing); `{ ne: v }` anything else, a missing key included;
 * `{ gt, gte, lt, lte }` numbers in range (a value that is not a number never matches). A filter of another shape is a `validation_error`.
 * `@agno/core/testing`'s vector store conformance suite pins these rules.
 */
export type MetadataFilter = Record<
  string,
  | MetadataValue
  | { in: readonly MetadataValue[] }
  | { ne: MetadataValue }
  | { gt?: number; gte?: number; lt?: number; lte?: number }
>;

/** A vector query: the `topK` chunks nearest to `vector` that pass `filter`. */
export interface VectorQuery {
  vector: Float32Array;
  topK: number;
  filter?: MetadataFilter;
  signal?: AbortSignal;
}

/** A keyword (full text) query: the `topK` chunks that best match `text`. */
export interface KeywordQuery {
  text: string;
  topK: number;
  filter?: MetadataFilter;
  signal?: AbortSignal;
}

/** A chunk found by a search, with its score (higher is closer; cosine similarity for vectors). */
export interface ScoredChunk {
  chunk: KnowledgeChunk;
  score: number;
}

/**
 * Turns texts into vectors. Implementations batch within `maxBatchSize`, retry what can be
 * retried, and throw an `AgnoError` (code `embedding_error`) otherwise; a returned vector of the
 * wrong length is the caller's to reject (`dimension_mismatch`).
 */
export interface Embedder {
  /** The embedding model's id, part of what a store remembers about its vectors. */
  readonly modelId: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** Most texts per request; callers split larger sets. */
  readonly maxBatchSize?: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}

/**
 * Keeps chunks with their vectors and finds them again. Every write is all or nothing: after a
 * crash a store holds each `upsert` entirely or not at all, so an ingestion that stopped resumes
 * by skipping what `hashes` already lists.
 */
export interface VectorStore {
  /** Vector length this store was created for. */
  readonly dimensions: number;
  /** Inserts or replaces records by id, all in one transaction. */
  upsert(records: readonly VectorRecord[]): Promise<void>;
  /** The ids and text hashes of the chunks stored for `source` (empty when none). */
  hashes(source: string): Promise<Map<string, string>>;
  /** Deletes the chunks of `source` whose ids are listed, or all of them; returns how many went. */
  deleteSource(source: string, ids?: readonly string[]): Promise<number>;
  /** The sources the store holds chunks of. */
  sources(): Promise<string[]>;
  /** The nearest chunks to a vector (cosine similarity, best first). */
  search(query: VectorQuery): Promise<ScoredChunk[]>;
  /** Full-text search (BM25 or the store's own ranking, best first), where the store has it. */
  keywordSearch?(query: KeywordQuery): Promise<ScoredChunk[]>;
  /** Number of chunks stored (that pass `filter`). */
  count(filter?: MetadataFilter): Promise<number>;
  /** Releases connections and files. */
  close?(): Promise<void>;
}
