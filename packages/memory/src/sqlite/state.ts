/**
 * Session state in SQLite: read, updated under the write lock (an immediate transaction), and
 * compare-and-set by version.
 */
import type { SessionState } from '@agno/core';
import type { CasResult, StateBackend } from '../backend.js';
import type { SqliteConnection } from './connection.js';

const SQL = {
  select: 'SELECT state, state_version FROM agno_sessions WHERE session_id = ?',
  update: 'UPDATE agno_sessions SET state = ?, state_version = state_version + 1 WHERE session_id = ?',
  insert:
    'INSERT INTO agno_sessions (session_id, created_at, updated_at, state, state_version) VALUES (?, ?, ?, ?, 1)',
} as const;

type StateRow = { state: string; state_version: number } | undefined;

/** The state operations of the SQLite backend. */
export type SqliteState = StateBackend;

/** The state operations on `c`. */
export function sqliteState(c: SqliteConnection): SqliteState {
  const read = (sessionId: string): StateRow => c.st(SQL.select).get(sessionId) as StateRow;
  /** Writes `json` over the state at `version` (undefined: no session row yet); the new version. */
  const write = (sessionId: string, json: string, version: number | undefined): number => {
    if (version === undefined) {
      const now = Date.now();
      c.st(SQL.insert).run(sessionId, now, now, json);
      return 1;
    }
    c.st(SQL.update).run(json, sessionId);
    return version + 1;
  };
  const update = (sessionId: string, next: (json: string | undefined) => string): SessionState => {
    const row = read(sessionId);
    const json = next(row?.state);
    return { state: JSON.parse(json), version: write(sessionId, json, row?.state_version) };
  };
  const compareAndSet = (sessionId: string, json: string, expected: number): CasResult => {
    const row = read(sessionId);
    const actual = row?.state_version ?? 0;
    if (actual !== expected) return { ok: false, actual };
    return { ok: true, version: write(sessionId, json, row?.state_version) };
  };
  return {
    getState: (sessionId) => {
      const row = c.run('getState', () => read(sessionId));
      return row === undefined
        ? { state: {}, version: 0 }
        : { state: JSON.parse(row.state), version: row.state_version };
    },
    updateState: (sessionId, next) => c.transaction('updateState', update, sessionId, next),
    setState: (sessionId, json, expected) =>
      c.transaction('setState', compareAndSet, sessionId, json, expected),
  };
}
