/**
 * `@agno/memory/sqlite`: the SQLite store (needs the `better-sqlite3` package).
 */
export { sqliteFailure } from './errors.js';
export {
  AGNO_APPLICATION_ID,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA_VERSION,
  type SqliteMigration,
} from './migrations.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
