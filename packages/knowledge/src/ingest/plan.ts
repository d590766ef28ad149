/**
 * Planning one document's ingestion: chunk it, and compare the chunks with what the store holds
 * for its source, by id and text hash.
 */
import { type KnowledgeChunk, type KnowledgeDocument, ValidationError, type VectorStore } from '@agno/core';
import type { Chunker } from '../chunkers/types.js';
import type { SourceReport } from './types.js';

/** What one document needs: the chunks to embed and write, and the stored ids to delete. */
export interface DocumentPlan {
  source: string;
  /** New or changed chunks. */
  todo: KnowledgeChunk[];
  /** Ids stored for the source that the document no longer has. */
  stale: string[];
  /** The source's line of the report (updated as the plan is carried out). */
  report: SourceReport;
}

/** Chunks `document` and compares the chunks with the store's ids and hashes for its source. */
export async function planDocument(
  document: KnowledgeDocument,
  chunker: Chunker,
  store: VectorStore,
): Promise<DocumentPlan> {
  if (
    typeof document?.source !== 'string' ||
    document.source === '' ||
    typeof document.content !== 'string'
  ) {
    throw new ValidationError('ingest: a document needs a non-empty string `source` and a string `content`');
  }
  const [chunks, stored] = await Promise.all([chunker(document), store.hashes(document.source)]);
  const todo: KnowledgeChunk[] = [];
  const ids = new Set<string>();
  for (const chunk of chunks) {
    ids.add(chunk.id);
    if (stored.get(chunk.id) !== chunk.hash) todo.push(chunk);
  }
  const stale: string[] = [];
  for (const id of stored.keys()) if (!ids.has(id)) stale.push(id);
  return {
    source: document.source,
    todo,
    stale,
    report: {
      source: document.source,
      chunks: chunks.length,
      embedded: 0,
      skipped: chunks.length - todo.length,
      deleted: 0,
    },
  };
}
