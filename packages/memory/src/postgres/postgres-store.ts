/**
 * The PostgreSQL store (`pg` with a connection pool): tables in one schema, migrations applied
 * under an advisory lock when the store connects, appends as one statement that takes the
 * session's row lock, state updates under that row lock. Statements are named, so that each
 * connection prepares them once. The store is the shared front (checks, JSON, embedding) over
 * this driver's backend, one module per concern.
 */
import { ConfigError } from '@agno/core';
import pg from 'pg';
import type { StoreBackend } from '../backend.js';
import { StoreFront } from '../store-front.js';
import type { Embedder } from '../types.js';
import { PgConnection } from './connection.js';
import { pgDocuments } from './documents.js';
import { pgFailure } from './errors.js';
import { pgMemories } from './memories.js';
import { migrate, quoteIdent, readVersion, SCHEMA_NAME, verifySchema } from './open.js';
import { pgPausedRuns } from './paused-runs.js';
import { pgRuns } from './runs.js';
import { pgSessions } from './sessions.js';
import { pgState } from './state.js';
import { statementsFor } from './statements.js';

/** Options of {@link PostgresStore.connect}. */
export interface PostgresStoreOptions {
  /** A pool to use (the store does not end it on close). */
  pool?: pg.Pool;
  /** A connection string, when no pool is given (else `pg` reads the PG* environment variables). */
  connectionString?: string;
  /** Further pool settings, when no pool is given. */
  poolConfig?: pg.PoolConfig;
  /** The schema that holds the tables (created when missing). Default `public`. */
  schema?: string;
  /** Embeds memories so that `searchMemories` searches by meaning (cosine, computed in JS). */
  embedder?: Embedder;
}

/** A {@link MemoryStore} in PostgreSQL. Create one with {@link PostgresStore.connect}. */
export class PostgresStore extends StoreFront {
  /** The connection pool. */
  readonly pool: pg.Pool;
  /** The schema that holds the tables. */
  readonly schema: string;
  protected readonly backend: StoreBackend;
  private readonly connection: PgConnection;

  private constructor(pool: pg.Pool, schema: string, ownsPool: boolean, embedder: Embedder | undefined) {
    super(embedder);
    this.pool = pool;
    this.schema = schema;
    const c = new PgConnection(pool, statementsFor(quoteIdent(schema)), ownsPool);
    this.connection = c;
    this.backend = {
      ...pgSessions(c),
      ...pgRuns(c),
      ...pgState(c),
      ...pgPausedRuns(c),
      ...pgDocuments(c),
      ...pgMemories(c),
      close: () => c.close(),
    };
  }

  /**
   * Connects and applies pending migrations (under an advisory lock, so concurrent openers do not
   * race). Fails with a {@link MemoryStoreError}: reason `unavailable` when the server cannot be
   * reached, `schema_too_new` when the schema was migrated by a newer release (nothing is changed).
   */
  static async connect(options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
      throw new ConfigError(`invalid PostgreSQL schema name "${schema}" (letters, digits and _; at most 63)`);
    }
    const ownsPool = options.pool === undefined;
    const pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        connectionTimeoutMillis: 10_000,
        ...options.poolConfig,
      });
    if (ownsPool) {
      // An idle client that loses its connection must not crash the process; the next query reports it.
      pool.on('error', () => {});
    }
    try {
      await migrate(pool, schema);
    } catch (error) {
      if (ownsPool) await pool.end().catch(() => {});
      throw pgFailure(error, 'connect');
    }
    return new PostgresStore(pool, schema, ownsPool, options.embedder);
  }

  /** The schema version of the database. */
  async schemaVersion(): Promise<number> {
    return readVersion(this.pool, quoteIdent(this.schema));
  }

  /**
   * Checks the store's invariants: every run holds all of its messages with no gaps in their
   * positions, and every run and message has its session. Returns the problems found, none when
   * the store is consistent.
   */
  verify(): Promise<string[]> {
    return verifySchema(this.connection, this.schema);
  }

  /** Ends the pool (when the store created it). Later calls fail with reason `closed`. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}
