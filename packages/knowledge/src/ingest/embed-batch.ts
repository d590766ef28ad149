/**
 * Embedding a batch of chunks: one request, every vector checked (count and length), the records
 * ready for one all-or-nothing store write.
 */
import { AgnoError, type Embedder, type KnowledgeChunk, type VectorRecord } from '@agno/core';
import { DimensionMismatchError, EmbeddingError } from '../errors.js';

/**
 * Embeds `texts` with `embedder` and checks the answer: one vector per text (else an
 * {@link EmbeddingError}), each of the embedder's dimensions (else a {@link DimensionMismatchError}).
 * A failure that is not an `AgnoError` becomes an `EmbeddingError` with it as the cause.
 */
export async function embedChecked(
  embedder: Embedder,
  texts: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Float32Array[]> {
  let vectors: Float32Array[];
  try {
    vectors = await embedder.embed(texts, { signal });
  } catch (error) {
    if (error instanceof AgnoError) throw error;
    throw new EmbeddingError(`the embedder ${embedder.modelId} failed`, { cause: error });
  }
  if (!Array.isArray(vectors) || vectors.length !== texts.length) {
    throw new EmbeddingError(
      `the embedder ${embedder.modelId} returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${texts.length} texts`,
    );
  }
  for (const vector of vectors) {
    if (vector?.length !== embedder.dimensions) {
      throw new DimensionMismatchError(
        embedder.dimensions,
        vector?.length ?? 0,
        `the embedder ${embedder.modelId}`,
      );
    }
  }
  return vectors;
}

/** Embeds a batch of chunks and pairs each with its vector. */
export async function embedChunks(
  embedder: Embedder,
  chunks: readonly KnowledgeChunk[],
  signal: AbortSignal | undefined,
): Promise<VectorRecord[]> {
  const texts = new Array<string>(chunks.length);
  for (let i = 0; i < chunks.length; i++) texts[i] = chunks[i]!.text;
  const vectors = await embedChecked(embedder, texts, signal);
  const records = new Array<VectorRecord>(chunks.length);
  for (let i = 0; i < chunks.length; i++) records[i] = { ...chunks[i]!, vector: vectors[i]! };
  return records;
}
