/**
 * The typed error of the stores: core's `StoreError` with a `reason` that says what went wrong.
 */
import { type ErrorCode, StoreError } from '@agno/core';

/**
 * Why a store operation failed:
 * - `corrupt`: the database file is damaged or is not a database at all;
 * - `foreign`: the database belongs to another application (nothing was changed in it);
 * - `schema_too_new`: the database was migrated by a newer `@agno/memory` (nothing was changed);
 * - `unavailable`: the database cannot be reached or opened (retryable);
 * - `disk_full`: the disk (or the database's size limit) is full; the call changed nothing (not
 *   retryable: it fails again until space is freed);
 * - `read_only`: the file or its file system is read-only (not retryable);
 * - `busy`: the database stayed locked, or a transaction was serialised out (retryable);
 * - `conflict`: an id is taken, or a compare-and-set found another version;
 * - `closed`: the store was used after `close()`;
 * - `invalid`: a value cannot be stored (not JSON, a bad id);
 * - `missing`: no such session or memory;
 * - `failed`: anything else the database reported.
 */
export type StoreFailure =
  | 'corrupt'
  | 'foreign'
  | 'schema_too_new'
  | 'unavailable'
  | 'disk_full'
  | 'read_only'
  | 'busy'
  | 'conflict'
  | 'closed'
  | 'invalid'
  | 'missing'
  | 'failed';

const CODES: Record<StoreFailure, ErrorCode> = {
  corrupt: 'store_error',
  foreign: 'store_error',
  schema_too_new: 'store_error',
  unavailable: 'store_error',
  disk_full: 'store_error',
  read_only: 'store_error',
  busy: 'store_error',
  conflict: 'store_error',
  closed: 'store_error',
  invalid: 'validation_error',
  missing: 'not_found',
  failed: 'store_error',
};

const RETRYABLE: ReadonlySet<StoreFailure> = new Set(['unavailable', 'busy']);

/** A store failure with its {@link StoreFailure} reason (also in `details.reason`). */
export class MemoryStoreError extends StoreError {
  /** What went wrong. */
  readonly reason: StoreFailure;
  constructor(
    reason: StoreFailure,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, {
      code: CODES[reason],
      cause: options.cause,
      retryable: RETRYABLE.has(reason),
      details: { reason, ...options.details },
    });
    this.reason = reason;
  }
}

/** True when `error` is a {@link MemoryStoreError}, optionally of one reason. */
export function isStoreFailure(error: unknown, reason?: StoreFailure): error is MemoryStoreError {
  return error instanceof MemoryStoreError && (reason === undefined || error.reason === reason);
}

/** The error of any call on a closed store. */
export function closedError(cause?: unknown): MemoryStoreError {
  return new MemoryStoreError('closed', 'the store is closed', cause === undefined ? {} : { cause });
}
