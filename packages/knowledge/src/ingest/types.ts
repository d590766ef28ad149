/**
 * What an ingestion accepts, reports as it goes, and returns.
 */
import type { KnowledgeDocument } from '@agno/core';
import type { Chunker } from '../chunkers/types.js';

/** Documents to ingest: one, a list, or a stream (a folder reader's). */
export type DocumentInput =
  | KnowledgeDocument
  | Iterable<KnowledgeDocument>
  | AsyncIterable<KnowledgeDocument>;

/** Options of `knowledge.ingest`. */
export interface IngestOptions {
  /** Stops the ingestion (batches written so far stay written; ingesting again resumes). */
  signal?: AbortSignal;
  /** Ends the ingestion with a `timeout` error after this many milliseconds. */
  timeoutMs?: number;
  /** Embedding requests in flight at once. Default 4. */
  concurrency?: number;
  /** Texts per embedding request (and chunks per store write). Default the embedder's `maxBatchSize`, else 64. */
  batchSize?: number;
  /** The chunker for these documents (default the knowledge base's). */
  chunker?: Chunker;
  /** Called after each document is planned and after each batch is written, with running totals. */
  onProgress?(progress: IngestProgress): void;
}

/** What an ingestion has done so far (or did). */
export interface IngestTotals {
  /** Documents read. */
  documents: number;
  /** Chunks the documents gave. */
  chunks: number;
  /** Chunks embedded (new or changed). */
  embedded: number;
  /** Chunks already stored unchanged, so neither embedded nor written. */
  skipped: number;
  /** Chunks written to the store. */
  written: number;
  /** Stale chunks deleted (chunks a source no longer has). */
  deleted: number;
}

/** Running totals of an ingestion (a fresh object per call). */
export interface IngestProgress extends IngestTotals {
  /** What just happened: a document was chunked and compared, a batch written, a source's stale chunks deleted. */
  phase: 'document' | 'batch' | 'deleted';
  /** The source concerned (`document` and `deleted`). */
  source?: string;
}

/** What an ingestion did to one source. */
export interface SourceReport {
  source: string;
  /** Chunks the source's document gave. */
  chunks: number;
  /** Chunks embedded and written (new or changed). */
  embedded: number;
  /** Chunks already stored unchanged. */
  skipped: number;
  /** Chunks stored before that the document no longer has. */
  deleted: number;
}

/** What an ingestion did. */
export interface IngestReport extends IngestTotals {
  /** Per source, in the order read. */
  sources: SourceReport[];
  durationMs: number;
}
