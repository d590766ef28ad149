/**
 * Sessions in SQLite: created explicitly or by their first run, listed newest first, renamed,
 * summarised, and deleted with everything they hold.
 */
import type { SessionsBackend } from '../backend.js';
import { type SessionRowData as SessionRow, sessionInfo } from '../rows.js';
import type { SqliteConnection } from './connection.js';
import { SESSION_COLUMNS } from './rows.js';

const SQL = {
  create: `INSERT INTO agno_sessions (session_id, user_id, agent_name, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${SESSION_COLUMNS}`,
  get: `SELECT ${SESSION_COLUMNS} FROM agno_sessions WHERE session_id = ?`,
  list: `SELECT ${SESSION_COLUMNS} FROM agno_sessions ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
  listByUser: `SELECT ${SESSION_COLUMNS} FROM agno_sessions WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
  rename: `UPDATE agno_sessions SET name = ? WHERE session_id = ? RETURNING ${SESSION_COLUMNS}`,
  saveSummary:
    'UPDATE agno_sessions SET summary_text = ?, summary_covered = ?, summary_updated_at = ? WHERE session_id = ? AND coalesce(summary_covered, -1) < ?',
} as const;

/** The sessions operations of the SQLite backend. */
export type SqliteSessions = SessionsBackend;

/** The session operations on `c`. */
export function sqliteSessions(c: SqliteConnection): SqliteSessions {
  const deleteAll = (id: string): void => {
    c.st('DELETE FROM agno_messages WHERE session_id = ?').run(id);
    c.st('DELETE FROM agno_runs WHERE session_id = ?').run(id);
    c.st('DELETE FROM agno_paused_runs WHERE session_id = ?').run(id);
    c.st('DELETE FROM agno_sessions WHERE session_id = ?').run(id);
  };
  return {
    createSession: (s) =>
      c.run('createSession', () =>
        sessionInfo(
          c
            .st(SQL.create)
            .get(
              s.sessionId,
              s.userId ?? null,
              s.agentName ?? null,
              s.name ?? null,
              s.createdAt,
              s.createdAt,
            ) as SessionRow,
        ),
      ),
    getSession: (sessionId) =>
      c.run('getSession', () => {
        const row = c.st(SQL.get).get(sessionId) as SessionRow | undefined;
        return row === undefined ? undefined : sessionInfo(row);
      }),
    listSessions: ({ limit, offset }, userId) =>
      c.run('listSessions', () => {
        const rows =
          userId === undefined
            ? c.st(SQL.list).all(limit, offset)
            : c.st(SQL.listByUser).all(userId, limit, offset);
        return (rows as SessionRow[]).map(sessionInfo);
      }),
    renameSession: (sessionId, name) =>
      c.run('renameSession', () => {
        const row = c.st(SQL.rename).get(name, sessionId) as SessionRow | undefined;
        return row === undefined ? undefined : sessionInfo(row);
      }),
    deleteSession: (sessionId) => c.transaction('deleteSession', deleteAll, sessionId),
    saveSummary: (sessionId, summary) =>
      c.run(
        'saveSummary',
        () =>
          c
            .st(SQL.saveSummary)
            .run(summary.text, summary.coveredMessages, summary.updatedAt, sessionId, summary.coveredMessages)
            .changes > 0,
      ),
  };
}
