/**
 * What every store does with what it is given: checking its dimensions, each vector (length,
 * finite values) and batch, and the caller's signal; and turning driver errors into `StoreError`s.
 */
import { AgnoError, ConfigError, errorMessage, StoreError, type VectorRecord } from '@agno/core';
import { abortError } from '@agno/core/utils';
import { DimensionMismatchError } from '../errors.js';

/** Checks `dimensions` as every store's constructor must (a positive integer). */
export function checkDimensions(dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions <= 0) {
    throw new ConfigError(`a vector store needs a positive integer number of dimensions, got ${dimensions}`);
  }
}

/** Throws the abort error of `signal` when it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(signal.reason, what);
}

/**
 * Checks that `vector` has `dimensions` finite values: a {@link DimensionMismatchError} for the
 * wrong length, a `StoreError` (code `validation_error`) for a NaN or infinite value.
 */
export function checkVector(vector: Float32Array, dimensions: number, where: string): void {
  if (!(vector instanceof Float32Array)) {
    throw new StoreError(`${where}: a vector must be a Float32Array`, { code: 'validation_error' });
  }
  if (vector.length !== dimensions) throw new DimensionMismatchError(dimensions, vector.length, where);
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i]!)) {
      throw new StoreError(`${where}: the vector holds ${vector[i]} at position ${i}`, {
        code: 'validation_error',
      });
    }
  }
}

/**
 * Checks every vector of a batch against `dimensions` (before anything is written) and returns the
 * batch with one record per id, the last one given winning.
 */
export function checkBatch(records: readonly VectorRecord[], dimensions: number): VectorRecord[] {
  const last = new Map<string, VectorRecord>();
  for (const r of records) {
    checkVector(r.vector, dimensions, `upsert of chunk ${JSON.stringify(r.id)}`);
    last.delete(r.id);
    last.set(r.id, r);
  }
  return [...last.values()];
}

/**
 * What a database call threw, as a `StoreError` saying `what` failed (an `AgnoError` passes
 * through); `retryable` judges the driver's error code, kept in `details.code`.
 */
export function storeFailure(
  error: unknown,
  what: string,
  retryable: (code: string) => boolean = () => false,
): unknown {
  if (error instanceof AgnoError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  return new StoreError(`${what} failed: ${errorMessage(error)}`, {
    cause: error,
    retryable: typeof code === 'string' && retryable(code),
    details: typeof code === 'string' ? { code } : undefined,
  });
}
