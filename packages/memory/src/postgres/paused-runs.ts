/**
 * Paused runs in PostgreSQL: saved, loaded, claimed (taken once, atomically, by one statement)
 * and listed per session or per user.
 */
import type { PausedRunsBackend } from '../backend.js';
import type { PgConnection } from './connection.js';

/** The paused runs operations of the PostgreSQL backend. */
export type PgPausedRuns = PausedRunsBackend;

/** The paused-run operations on `c`. */
export function pgPausedRuns(c: PgConnection): PgPausedRuns {
  const { sql } = c;
  const body = async (runId: string, claim: boolean): Promise<string | undefined> => {
    const what = claim ? 'claimPausedRun' : 'loadPausedRun';
    const res = await c.q(claim ? sql.claimPaused : sql.loadPaused, [runId], what);
    return res.rows[0]?.body as string | undefined;
  };
  return {
    savePausedRun: async (paused, json) => {
      const createdAt = paused.createdAt ?? Date.now();
      const values = [paused.runId, paused.sessionId ?? null, paused.userId ?? null, json, createdAt];
      await c.q(sql.savePaused, values, 'savePausedRun');
    },
    loadPausedRun: (runId) => body(runId, false),
    claimPausedRun: (runId) => body(runId, true),
    listPausedRuns: async ({ by, id, limit }) => {
      const list = by === 'session' ? sql.listSessionPaused : sql.listUserPaused;
      const res = await c.q(list, [id, limit < 0 ? null : limit], 'listPausedRuns');
      return res.rows.map((r) => r.body as string);
    },
    deletePausedRun: async (runId) => {
      await c.q(sql.deletePaused, [runId], 'deletePausedRun');
    },
  };
}
