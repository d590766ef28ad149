/**
 * The errors of knowledge bases: typed, with stable codes a caller can switch on.
 */
import { AgnoError, type AgnoErrorOptions } from '@agno/core';

declare module '@agno/core' {
  interface ErrorCodes {
    /** An embedder failed (after its retries) or returned something unusable. */
    embedding_error: true;
    /** A vector's length is not the store's or the embedder's dimension. */
    dimension_mismatch: true;
    /** A document could not be read: corrupt, unsupported, unreachable or empty. */
    reader_error: true;
  }
}

/** An embedder failed, or returned the wrong number of vectors. */
export class EmbeddingError extends AgnoError {
  constructor(message: string, options: AgnoErrorOptions = {}) {
    super('embedding_error', message, options);
    this.name = 'EmbeddingError';
  }
}

/** A vector of the wrong length: from an embedder, or for a store made for another dimension. */
export class DimensionMismatchError extends AgnoError {
  /** The length expected. */
  readonly expected: number;
  /** The length received. */
  readonly received: number;
  constructor(expected: number, received: number, where: string) {
    super('dimension_mismatch', `${where}: expected vectors of ${expected} dimensions, got ${received}`, {
      details: { expected, received },
    });
    this.name = 'DimensionMismatchError';
    this.expected = expected;
    this.received = received;
  }
}

/** A document that could not be read (corrupt, empty, unsupported, unreachable). */
export class ReaderError extends AgnoError {
  /** The document's source. */
  readonly source: string;
  constructor(source: string, message: string, options: AgnoErrorOptions = {}) {
    super('reader_error', `${source}: ${message}`, options);
    this.name = 'ReaderError';
    this.source = source;
  }
}
