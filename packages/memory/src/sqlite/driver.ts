/**
 * better-sqlite3, the optional peer the SQLite store runs on: loaded on first open, so importing
 * `@agno/memory/sqlite` works without it, and a missing one fails with a `ConfigError` that says
 * what to install (core's optional-peer message).
 */
import { createRequire } from 'node:module';
import { missingPeer } from '@agno/core/utils';
import type Database from 'better-sqlite3';

let driver: typeof Database | undefined;

/** The better-sqlite3 module; a `ConfigError` naming the package when it is not installed. */
export function sqliteDriver(): typeof Database {
  if (driver === undefined) {
    try {
      driver = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    } catch (error) {
      throw missingPeer('better-sqlite3', 'The SQLite store (@agno/memory/sqlite)', error);
    }
  }
  return driver;
}

/** Whether `error` is one better-sqlite3 threw (false before the driver was loaded). */
export function isSqliteError(error: unknown): error is InstanceType<typeof Database.SqliteError> {
  return driver !== undefined && error instanceof driver.SqliteError;
}
