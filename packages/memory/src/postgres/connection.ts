/**
 * The connection pool as the PostgreSQL store's modules use it: named statements (prepared once
 * per connection), transactions on one client, and the error shaping of every call.
 */
import type pg from 'pg';
import { closedError } from '../errors.js';
import { pgFailure } from './errors.js';
import type { NamedSql, Statements } from './statements.js';

type Row = Record<string, any>;

/** The pool of a {@link PostgresStore} with its statements. */
export class PgConnection {
  private closed = false;

  constructor(
    readonly pool: pg.Pool,
    readonly sql: Statements,
    private readonly ownsPool: boolean,
  ) {}

  /** Runs one named statement; its errors shaped into store errors naming `what`. */
  async q(sql: NamedSql, values: unknown[], what: string): Promise<pg.QueryResult<Row>> {
    if (this.closed) throw closedError();
    try {
      return await this.pool.query({ name: sql.name, text: sql.text, values });
    } catch (error) {
      throw pgFailure(error, what);
    }
  }

  /** Runs `work` in a transaction on one client; rolls back when it throws. */
  async transaction<T>(what: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) throw closedError();
    try {
      return await inTransaction(this.pool, work);
    } catch (error) {
      throw pgFailure(error, what);
    }
  }

  /** Runs a plain (unnamed) query, for maintenance; errors shaped as {@link q}'s. */
  async raw(text: string, what: string): Promise<pg.QueryResult<Row>> {
    if (this.closed) throw closedError();
    try {
      return await this.pool.query(text);
    } catch (error) {
      throw pgFailure(error, what);
    }
  }

  /** Ends the pool (when the store created it); later calls fail with reason `closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }
}

/** Runs `work` in a transaction on a client of `pool`: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollback) {
      broken = rollback as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
