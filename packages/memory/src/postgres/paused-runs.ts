/**
 * Paused runs in PostgreSQL: saved, loaded, claimed (taken once, atomically, by one statement)
 * and listed per session or per user, for {@link PostgresStore}.
 */
import type { PausedRun, PausedRunQuery } from '@agno/core';
import type pg from 'pg';
import { checkId, checkPausedRun, documentJSON, pausedRunFilter } from '../codec.js';
import type { NamedSql, Statements } from './statements.js';

/** Runs one named statement, shaping its errors (the store's `q`). */
export type PgQuery = (sql: NamedSql, values: unknown[], what: string) => Promise<pg.QueryResult>;

/** The paused-run operations of a PostgreSQL store, on its statements and its query function. */
export class PostgresPausedRuns {
  constructor(
    private readonly sql: Statements,
    private readonly q: PgQuery,
  ) {}

  /** {@inheritDoc SessionStore.savePausedRun} */
  async save(paused: PausedRun): Promise<void> {
    checkPausedRun(paused);
    const json = documentJSON(paused);
    await this.q(
      this.sql.savePaused,
      [paused.runId, paused.sessionId ?? null, paused.userId ?? null, json, paused.createdAt ?? Date.now()],
      'savePausedRun',
    );
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  load(runId: string): Promise<PausedRun | undefined> {
    return this.one(this.sql.loadPaused, runId, 'loadPausedRun');
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  claim(runId: string): Promise<PausedRun | undefined> {
    return this.one(this.sql.claimPaused, runId, 'claimPausedRun');
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  async list(query: PausedRunQuery): Promise<PausedRun[]> {
    const { by, id, limit } = pausedRunFilter(query);
    const sql = by === 'session' ? this.sql.listSessionPaused : this.sql.listUserPaused;
    const res = await this.q(sql, [id, limit < 0 ? null : limit], 'listPausedRuns');
    return res.rows.map((r) => JSON.parse(r.body) as PausedRun);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  async delete(runId: string): Promise<void> {
    checkId('runId', runId);
    await this.q(this.sql.deletePaused, [runId], 'deletePausedRun');
  }

  private async one(sql: NamedSql, runId: string, what: string): Promise<PausedRun | undefined> {
    checkId('runId', runId);
    const res = await this.q(sql, [runId], what);
    return res.rows.length === 0 ? undefined : (JSON.parse(res.rows[0]!.body) as PausedRun);
  }
}
