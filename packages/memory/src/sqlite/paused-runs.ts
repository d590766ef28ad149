/**
 * Paused runs in SQLite: saved, loaded, claimed (taken once, atomically, by one statement) and
 * listed per session or per user, for {@link SqliteStore}.
 */
import type { PausedRun, PausedRunQuery } from '@agno/core';
import type Database from 'better-sqlite3';
import { checkId, checkPausedRun, documentJSON, pausedRunFilter } from '../codec.js';

const SQL = {
  // REPLACE deletes the old row and inserts a new one: a run saved again moves to the end of the save order.
  save: 'INSERT OR REPLACE INTO agno_paused_runs (run_id, session_id, user_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
  load: 'SELECT body FROM agno_paused_runs WHERE run_id = ?',
  // One statement: of concurrent claimers (other processes too), the first to take the write lock
  // deletes the row and gets its body; the others find nothing.
  claim: 'DELETE FROM agno_paused_runs WHERE run_id = ? RETURNING body',
  delete: 'DELETE FROM agno_paused_runs WHERE run_id = ?',
  // CAST keeps the limit from being planned as a constant (which would re-prepare the statement on each call).
  bySession:
    'SELECT body FROM agno_paused_runs WHERE session_id = ? ORDER BY created_at, id LIMIT CAST(? AS INTEGER)',
  byUser:
    'SELECT body FROM agno_paused_runs WHERE user_id = ? ORDER BY created_at, id LIMIT CAST(? AS INTEGER)',
} as const;

/** The paused-run operations of a SQLite store, on its statement cache and its error shaping. */
export class SqlitePausedRuns {
  constructor(
    private readonly st: (sql: string) => Database.Statement,
    private readonly fail: (error: unknown, what: string) => unknown,
  ) {}

  /** {@inheritDoc SessionStore.savePausedRun} */
  save(paused: PausedRun): void {
    checkPausedRun(paused);
    const json = documentJSON(paused);
    try {
      this.st(SQL.save).run(
        paused.runId,
        paused.sessionId ?? null,
        paused.userId ?? null,
        json,
        paused.createdAt ?? Date.now(),
      );
    } catch (error) {
      throw this.fail(error, 'savePausedRun');
    }
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  load(runId: string): PausedRun | undefined {
    return this.body(SQL.load, runId, 'loadPausedRun');
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  claim(runId: string): PausedRun | undefined {
    return this.body(SQL.claim, runId, 'claimPausedRun');
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  list(query: PausedRunQuery): PausedRun[] {
    const { by, id, limit } = pausedRunFilter(query);
    try {
      const bodies = this.st(by === 'session' ? SQL.bySession : SQL.byUser)
        .pluck()
        .all(id, limit) as string[];
      return bodies.map((body) => JSON.parse(body) as PausedRun);
    } catch (error) {
      throw this.fail(error, 'listPausedRuns');
    }
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  delete(runId: string): void {
    checkId('runId', runId);
    try {
      this.st(SQL.delete).run(runId);
    } catch (error) {
      throw this.fail(error, 'deletePausedRun');
    }
  }

  private body(sql: string, runId: string, what: string): PausedRun | undefined {
    checkId('runId', runId);
    let body: string | undefined;
    try {
      body = this.st(sql).pluck().get(runId) as string | undefined;
    } catch (error) {
      throw this.fail(error, what);
    }
    return body === undefined ? undefined : (JSON.parse(body) as PausedRun);
  }
}
