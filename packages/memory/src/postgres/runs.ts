/**
 * Runs and histories in PostgreSQL: a run appended by one statement (session, run and messages),
 * histories read as one joined JSON text.
 */
import type { Message } from '@agno/core';
import type { RunsBackend } from '../backend.js';
import { type EncodedRun, runJSON } from '../codec.js';
import type { PgConnection } from './connection.js';
import { runRecords } from './rows.js';

/** The values of the append statement for one run. */
function appendValues(e: EncodedRun): unknown[] {
  const run = e.run;
  return [
    run.sessionId,
    run.userId ?? null,
    run.agentName,
    run.createdAt,
    run.runId,
    run.status,
    run.errorCode ?? null,
    runJSON(run.text, 'run.text'),
    e.toolCalls,
    e.usage,
    e.timings,
    e.bodies.length,
    e.bodies,
  ];
}

/** The runs operations of the PostgreSQL backend. */
export type PgRuns = RunsBackend;

/** The run and history operations on `c`. */
export function pgRuns(c: PgConnection): PgRuns {
  const { sql } = c;
  return {
    loadHistory: async (sessionId, query) => {
      const limit = query?.limit;
      const failed = query?.includeFailed === true;
      const res =
        query?.unit === 'runs' && limit !== undefined
          ? await c.q(
              failed ? sql.historyRunsWithFailed : sql.historyRuns,
              [sessionId, limit - 1],
              'loadHistory',
            )
          : await c.q(
              failed ? sql.historyMessagesWithFailed : sql.historyMessages,
              [sessionId, limit === undefined ? null : Math.max(0, limit)],
              'loadHistory',
            );
      const joined = res.rows[0]?.joined as string | null | undefined;
      return joined == null ? [] : (JSON.parse(`[${joined}]`) as Message[]);
    },
    appendRun: async (e) => {
      await c.q(sql.appendRun, appendValues(e), 'appendRun');
    },
    appendRuns: async (runs) => {
      const { name, text } = sql.appendRun;
      await c.transaction('appendRuns', async (client) => {
        for (const e of runs) await client.query({ name, text, values: appendValues(e) });
      });
    },
    listRuns: async (sessionId, { limit, offset }) => {
      const res = await c.q(sql.listRuns, [sessionId, limit < 0 ? null : limit, offset], 'listRuns');
      const rows = res.rows;
      if (rows.length === 0) return [];
      const range = [sessionId, rows[0]!.id, rows[rows.length - 1]!.id];
      const bodies = await c.q(sql.runMessages, range, 'listRuns');
      return runRecords(rows, bodies.rows);
    },
    getRun: async (runId) => {
      const res = await c.q(sql.getRun, [runId], 'getRun');
      const row = res.rows[0];
      if (row === undefined) return undefined;
      const bodies = await c.q(sql.runMessages, [row.session_id, row.id, row.id], 'getRun');
      return runRecords([row], bodies.rows)[0];
    },
  };
}
