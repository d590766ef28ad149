/**
 * Paused runs in SQLite: saved, loaded, claimed (taken once, atomically, by one statement) and
 * listed per session or per user.
 */
import type { PausedRunsBackend } from '../backend.js';
import type { SqliteConnection } from './connection.js';

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

/** The paused runs operations of the SQLite backend. */
export type SqlitePausedRuns = PausedRunsBackend;

/** The paused-run operations on `c`. */
export function sqlitePausedRuns(c: SqliteConnection): SqlitePausedRuns {
  return {
    savePausedRun: (paused, json) =>
      c.run('savePausedRun', () => {
        const createdAt = paused.createdAt ?? Date.now();
        c.st(SQL.save).run(paused.runId, paused.sessionId ?? null, paused.userId ?? null, json, createdAt);
      }),
    loadPausedRun: (runId) =>
      c.run('loadPausedRun', () => c.st(SQL.load).pluck().get(runId) as string | undefined),
    claimPausedRun: (runId) =>
      c.run('claimPausedRun', () => c.st(SQL.claim).pluck().get(runId) as string | undefined),
    listPausedRuns: ({ by, id, limit }) =>
      c.run(
        'listPausedRuns',
        () =>
          c
            .st(by === 'session' ? SQL.bySession : SQL.byUser)
            .pluck()
            .all(id, limit) as string[],
      ),
    deletePausedRun: (runId) =>
      c.run('deletePausedRun', () => {
        c.st(SQL.delete).run(runId);
      }),
  };
}
