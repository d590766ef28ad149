/**
 * The SQLite store (better-sqlite3): one file in WAL mode, versioned migrations applied on open,
 * writes in `BEGIN IMMEDIATE` transactions with a busy timeout, so that several processes on one
 * machine can share a file. Statements are prepared once and cached. The store is the shared
 * front (checks, JSON, embedding) over this driver's backend, one module per concern.
 */
import type Database from 'better-sqlite3';
import type { StoreBackend } from '../backend.js';
import { StoreFront } from '../store-front.js';
import type { Embedder } from '../types.js';
import { SqliteConnection } from './connection.js';
import { sqliteDocuments } from './documents.js';
import { sqliteMemories } from './memories.js';
import { openDatabase, readVersion, verifyDatabase } from './open.js';
import { sqlitePausedRuns } from './paused-runs.js';
import { sqliteRuns } from './runs.js';
import { sqliteSessions } from './sessions.js';
import { sqliteState } from './state.js';

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /** Embeds memories so that `searchMemories` searches by meaning (cosine, computed in JS). */
  embedder?: Embedder;
  /** How long a write waits for another connection's lock before failing with reason `busy`. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * `normal` (default): a commit survives a crash of the process; `full`: it also survives a
   * power cut (an fsync per commit, much slower).
   */
  synchronous?: 'normal' | 'full';
  /**
   * Add agno's tables to a database that already holds other tables. Default false: such a file
   * is refused with reason `foreign`, unchanged.
   */
  allowForeignTables?: boolean;
}

/** A {@link MemoryStore} in one SQLite file. Open it with {@link SqliteStore.open}. */
export class SqliteStore extends StoreFront {
  /** The underlying better-sqlite3 connection (for inspection; write through the store). */
  readonly db: Database.Database;
  /** The file the store lives in. */
  readonly path: string;
  protected readonly backend: StoreBackend;
  private readonly connection: SqliteConnection;

  private constructor(db: Database.Database, path: string, options: SqliteStoreOptions) {
    super(options.embedder);
    this.db = db;
    this.path = path;
    const c = new SqliteConnection(db);
    this.connection = c;
    this.backend = {
      ...sqliteSessions(c),
      ...sqliteRuns(c),
      ...sqliteState(c),
      ...sqlitePausedRuns(c),
      ...sqliteDocuments(c),
      ...sqliteMemories(c),
      close: () => c.close(),
    };
  }

  /**
   * Opens (creating when needed) the store in `path` (`:memory:` for a private in-memory database),
   * applying pending migrations. Fails with a {@link MemoryStoreError}: reason `corrupt` for a
   * damaged or non-SQLite file, `foreign` for another application's database, `schema_too_new`
   * for a file migrated by a newer release, `unavailable` when the file cannot be opened. A file
   * that is refused is left unchanged.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(openDatabase(path, options), path, options);
  }

  /** The schema version of the file. */
  get schemaVersion(): number {
    return readVersion(this.db);
  }

  /**
   * Checks the file and the store's invariants (SQLite's integrity check; per session, run and
   * message counts match and message positions have no gaps). Returns the problems found, none
   * when the store is consistent.
   */
  async verify(): Promise<string[]> {
    return verifyDatabase(this.db);
  }

  /** Closes the file (checkpointing the WAL). Later calls fail with reason `closed`. */
  async close(): Promise<void> {
    this.connection.close();
  }
}
