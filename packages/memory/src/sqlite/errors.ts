/**
 * Turns what better-sqlite3 throws into a {@link MemoryStoreError} with a reason.
 */
import { AgnoError, errorMessage } from '@agno/core';
import Database from 'better-sqlite3';
import { MemoryStoreError, type StoreFailure } from '../errors.js';

function reasonOf(code: string): StoreFailure {
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    return 'unavailable';
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'conflict';
  return 'failed';
}

/**
 * The store error for `error`: AgnoErrors and errors thrown by callers' functions pass through;
 * SQLite errors get a reason; a closed connection gives reason `closed`.
 */
export function sqliteFailure(error: unknown, db: Database.Database | undefined, what: string): unknown {
  if (error instanceof AgnoError) return error;
  if (error instanceof Database.SqliteError) {
    const reason = reasonOf(error.code);
    const hint =
      reason === 'corrupt'
        ? ' (the file is damaged or is not a SQLite database; this call changed nothing)'
        : reason === 'busy'
          ? ' (another connection held the lock past the busy timeout)'
          : '';
    return new MemoryStoreError(reason, `SQLite ${what} failed: ${errorMessage(error)}${hint}`, {
      cause: error,
      details: { sqliteCode: error.code },
    });
  }
  if (db !== undefined && !db.open)
    return new MemoryStoreError('closed', 'the store is closed', { cause: error });
  return error;
}
