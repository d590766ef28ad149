/**
 * Session state in PostgreSQL: updated under the session's row lock, compare-and-set by version
 * in one statement.
 */
import type { StateBackend } from '../backend.js';
import type { PgConnection } from './connection.js';

/** The state operations of the PostgreSQL backend. */
export type PgState = StateBackend;

/** The state operations on `c`. */
export function pgState(c: PgConnection): PgState {
  const { sql } = c;
  return {
    getState: async (sessionId) => {
      const row = (await c.q(sql.getState, [sessionId], 'getState')).rows[0];
      return row === undefined
        ? { state: {}, version: 0 }
        : { state: JSON.parse(row.state), version: Number(row.state_version) };
    },
    updateState: (sessionId, next) =>
      c.transaction('updateState', async (client) => {
        // The upsert takes the session's row lock until commit: concurrent updates queue behind it.
        const locked = await client.query({ ...sql.lockState, values: [sessionId, Date.now()] });
        const json = next(locked.rows[0].state);
        const written = await client.query({ ...sql.writeState, values: [sessionId, json] });
        return { state: JSON.parse(json), version: Number(written.rows[0].state_version) };
      }),
    setState: async (sessionId, json, expected) => {
      const res =
        expected === 0
          ? await c.q(sql.casFirstState, [sessionId, Date.now(), json], 'setState')
          : await c.q(sql.casState, [sessionId, json, expected], 'setState');
      if (res.rows.length > 0) return { ok: true, version: Number(res.rows[0]!.state_version) };
      const now = (await c.q(sql.getState, [sessionId], 'setState')).rows[0];
      return { ok: false, actual: now === undefined ? 0 : Number(now.state_version) };
    },
  };
}
