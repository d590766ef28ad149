/**
 * A tiny query adapter over what users hand the pgvector store: a `pg` Pool, a `pg` Client (one
 * connection), or a PGlite instance. Every one of them has `query(text, values)`; transactions
 * take a pooled connection, PGlite's own `transaction`, or, on a single connection, a queue so that
 * two callers never interleave statements inside one transaction.
 */
import { serialQueue } from '../stores/serial.js';

/** Anything with `query(text, values)` returning rows: pg's Client, Pool and PoolClient, PGlite. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A pg Pool: hands out connections. */
interface PoolLike extends PgQueryable {
  connect(): Promise<PgQueryable & { release(error?: Error | boolean): void }>;
  totalCount: number;
}

/** PGlite: runs a function in a transaction. */
interface TransactionalLike extends PgQueryable {
  transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T>;
}

/** Runs a statement; rows as objects. */
export type Query = <R = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<R[]>;

/** The adapter the store uses. */
export interface SqlClient {
  query: Query;
  /** Runs `body` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(body: (query: Query) => Promise<T>): Promise<T>;
}

function runner(db: PgQueryable): Query {
  return async <R>(text: string, values?: unknown[]) => (await db.query(text, values)).rows as R[];
}

function isPool(db: PgQueryable): db is PoolLike {
  return typeof (db as PoolLike).connect === 'function' && typeof (db as PoolLike).totalCount === 'number';
}

function isTransactional(db: PgQueryable): db is TransactionalLike {
  return typeof (db as TransactionalLike).transaction === 'function';
}

async function inTransaction<T>(query: Query, body: (query: Query) => Promise<T>): Promise<T> {
  await query('BEGIN');
  try {
    const out = await body(query);
    await query('COMMIT');
    return out;
  } catch (error) {
    await query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The adapter for `db` (see the module comment for what each kind gets). */
export function sqlClient(db: PgQueryable): SqlClient {
  if (isPool(db)) {
    return {
      query: runner(db),
      async transaction(body) {
        const connection = await db.connect();
        let failed = false;
        try {
          return await inTransaction(runner(connection), body);
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          connection.release(failed);
        }
      },
    };
  }
  if (isTransactional(db)) {
    return { query: runner(db), transaction: (body) => db.transaction((tx) => body(runner(tx))) };
  }
  // One connection: statements of a transaction must not interleave with anyone else's.
  const serial = serialQueue();
  const query = runner(db);
  return {
    query: (text, values) => serial(() => query(text, values)),
    transaction: (body) => serial(() => inTransaction(query, body)),
  };
}
