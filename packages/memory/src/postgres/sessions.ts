/**
 * Sessions in PostgreSQL: created explicitly or by their first run (counts derived from the
 * runs), listed newest first, renamed, summarised, and deleted with everything they hold.
 */
import type { SessionsBackend } from '../backend.js';
import { type SessionRowData, sessionInfo } from '../rows.js';
import type { PgConnection } from './connection.js';

/** The sessions operations of the PostgreSQL backend. */
export type PgSessions = SessionsBackend;

/** The session operations on `c`. */
export function pgSessions(c: PgConnection): PgSessions {
  const { sql } = c;
  const get = async (sessionId: string) => {
    const res = await c.q(sql.getSession, [sessionId], 'getSession');
    return res.rows.length === 0 ? undefined : sessionInfo(res.rows[0] as SessionRowData);
  };
  return {
    createSession: async (s) => {
      const values = [s.sessionId, s.userId ?? null, s.agentName ?? null, s.name ?? null, s.createdAt];
      await c.q(sql.createSession, values, 'createSession');
      return (await get(s.sessionId))!;
    },
    getSession: get,
    listSessions: async ({ limit, offset }, userId) => {
      const lim = limit < 0 ? null : limit;
      const res =
        userId === undefined
          ? await c.q(sql.listSessions, [lim, offset], 'listSessions')
          : await c.q(sql.listUserSessions, [userId, lim, offset], 'listSessions');
      return res.rows.map((r) => sessionInfo(r as SessionRowData));
    },
    renameSession: async (sessionId, name) => {
      const res = await c.q(sql.renameSession, [sessionId, name], 'renameSession');
      return res.rows.length === 0 ? undefined : get(sessionId);
    },
    deleteSession: async (sessionId) => {
      await c.q(sql.deleteSession, [sessionId], 'deleteSession');
    },
    saveSummary: async (sessionId, summary) => {
      const values = [sessionId, summary.text, summary.coveredMessages, summary.updatedAt];
      const res = await c.q(sql.saveSummary, values, 'saveSummary');
      return (res.rowCount ?? 0) > 0;
    },
  };
}
