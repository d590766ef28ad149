/**
 * Turns what better-sqlite3 throws into a {@link MemoryStoreError} with a reason.
 */
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AgnoError, errorMessage } from '@agno/core';
import type Database from 'better-sqlite3';
import { closedError, MemoryStoreError, type StoreFailure } from '../errors.js';
import { isSqliteError } from './driver.js';

function reasonOf(code: string, path: string | undefined): StoreFailure {
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code === 'SQLITE_FULL') return 'disk_full';
  if (code.startsWith('SQLITE_READONLY')) return 'read_only';
  // A WAL file on a read-only file system cannot be opened at all: SQLite says only CANTOPEN.
  if (code.startsWith('SQLITE_CANTOPEN') && onReadOnlyFileSystem(path)) return 'read_only';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return 'unavailable';
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'conflict';
  return 'failed';
}

/** True when the folder of the database file `path` is on a read-only file system. */
function onReadOnlyFileSystem(path: string | undefined): boolean {
  if (path === undefined || path === '' || path === ':memory:' || path.startsWith('file:')) return false;
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EROFS';
  }
}

const HINTS: Partial<Record<StoreFailure, string>> = {
  corrupt: ' (the file is damaged or is not a SQLite database; this call changed nothing)',
  busy: ' (another connection held the lock past the busy timeout)',
  disk_full: ' (the disk or the database size limit is full; this call changed nothing, free space first)',
  read_only: ' (the file or its file system is read-only)',
};

/**
 * The store error for `error`: AgnoErrors and errors thrown by callers' functions pass through;
 * SQLite errors get a reason (a full disk `disk_full`, a read-only file or file system
 * `read_only`, neither retryable); a closed connection gives reason `closed`. `path` (the
 * connection's file by default) lets a file that cannot be opened be told apart on a read-only
 * file system.
 */
export function sqliteFailure(
  error: unknown,
  db: Database.Database | undefined,
  what: string,
  path: string | undefined = db?.name,
): unknown {
  if (error instanceof AgnoError) return error;
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EROFS') {
    return new MemoryStoreError(
      'read_only',
      `SQLite ${what} failed: ${errorMessage(error)}${HINTS.read_only}`,
      {
        cause: error,
      },
    );
  }
  if (isSqliteError(error)) {
    const reason = reasonOf(error.code, path);
    const hint = HINTS[reason] ?? '';
    return new MemoryStoreError(reason, `SQLite ${what} failed: ${errorMessage(error)}${hint}`, {
      cause: error,
      details: { sqliteCode: error.code },
    });
  }
  if (db !== undefined && !db.open) return closedError(error);
  return error;
}
