/**
 * What every chunker is and accepts.
 */
import type { KnowledgeChunk, KnowledgeDocument } from '@agno/core';

/**
 * Cuts a document into chunks with stable ids (see {@link chunkOf}). May be asynchronous: the
 * token chunker loads its tokenizer on first use.
 */
export type Chunker = (document: KnowledgeDocument) => KnowledgeChunk[] | Promise<KnowledgeChunk[]>;

/** A chunker that answers at once (the recursive and Markdown chunkers); also a {@link Chunker}. */
export type SyncChunker = (document: KnowledgeDocument) => KnowledgeChunk[];

/** Size options shared by the chunkers. */
export interface ChunkSizeOptions {
  /** Largest chunk, in the chunker's unit (characters, or tokens for the token chunker). */
  size?: number;
  /** How much of the end of a chunk the next one repeats, in the same unit. */
  overlap?: number;
}
