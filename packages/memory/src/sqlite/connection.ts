/**
 * One SQLite connection as the store's modules use it: a statement cache (each statement
 * prepared once), immediate transactions made once, and the error shaping of every call.
 */
import type Database from 'better-sqlite3';
import { sqliteFailure } from './errors.js';

/** The connection of a {@link SqliteStore}. */
export class SqliteConnection {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly transactions = new Map<string, Database.Transaction<(...args: any[]) => any>>();

  constructor(readonly db: Database.Database) {}

  /** The prepared statement of `sql` (prepared on first use). */
  st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Runs `work` and turns what SQLite throws into a store error naming `what`. */
  run<T>(what: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw sqliteFailure(error, this.db, what);
    }
  }

  /**
   * Runs `body` in a `BEGIN IMMEDIATE` transaction (the write lock taken first, so that the reads
   * inside see the latest commit), made once per `name`; errors shaped as {@link run}'s.
   */
  transaction<A extends unknown[], T>(name: string, body: (...args: A) => T, ...args: A): T {
    let tx = this.transactions.get(name);
    if (tx === undefined) {
      tx = this.db.transaction(body);
      this.transactions.set(name, tx);
    }
    try {
      return tx.immediate(...args) as T;
    } catch (error) {
      throw sqliteFailure(error, this.db, name);
    }
  }

  /** Closes the file (checkpointing the WAL); later calls fail with reason `closed`. */
  close(): void {
    if (!this.db.open) return;
    this.statements.clear();
    this.transactions.clear();
    this.db.close();
  }
}
