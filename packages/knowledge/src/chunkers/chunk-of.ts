/**
 * Building a chunk: its stable id and text hash (SHA-256, `node:crypto`), and the document's
 * title and metadata copied on.
 */
import * as crypto from 'node:crypto';
import type { KnowledgeChunk, KnowledgeDocument, MetadataValue } from '@agno/core';

/** SHA-256 hex of `data`: Node's one-shot `crypto.hash` where it exists (20.12+), else a Hash object. */
const sha256: (data: string) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data)
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** SHA-256 of `text`, hex: a chunk's `hash`. */
export function textHash(text: string): string {
  return sha256(text);
}

/**
 * A chunk's id: the first 16 bytes (32 hex digits) of SHA-256 over source, index and text, so
 * the same document cut the same way gives the same ids on every run and machine.
 */
export function chunkId(source: string, index: number, text: string): string {
  return sha256(`${source}\0${index}\0${text}`).slice(0, 32);
}

/**
 * The chunk at `index` of `document` with `text`: stable id, text hash, the document's title, and
 * its metadata merged with the chunker's `extra` (a fresh object; the document's is not touched).
 */
export function chunkOf(
  document: KnowledgeDocument,
  index: number,
  text: string,
  extra?: Record<string, MetadataValue>,
): KnowledgeChunk {
  const chunk: KnowledgeChunk = {
    id: chunkId(document.source, index, text),
    source: document.source,
    index,
    text,
    hash: textHash(text),
    metadata: { ...document.metadata, ...extra },
  };
  if (document.title !== undefined) chunk.title = document.title;
  return chunk;
}
