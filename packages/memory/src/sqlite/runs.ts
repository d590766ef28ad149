/**
 * Runs and histories in SQLite: runs appended in one immediate transaction with their messages
 * (positions numbered per session), histories read as one joined JSON text.
 */
import type { HistoryQuery, Message } from '@agno/core';
import type { RunsBackend } from '../backend.js';
import type { EncodedRun } from '../codec.js';
import type { SqliteConnection } from './connection.js';
import { RUN_COLUMNS, type RunRow, runRecordOf } from './rows.js';

/** The messages of a session's runs that did not fail, each row a message with its run (`r`). */
const KEPT_MESSAGES = `FROM agno_runs AS r JOIN agno_messages AS m ON m.session_id = r.session_id
  AND m.seq >= r.first_message AND m.seq < r.first_message + r.message_count
WHERE r.session_id = @id AND r.status <> 'error'`;

const SQL = {
  upsertSession: `INSERT INTO agno_sessions (session_id, user_id, agent_name, created_at, updated_at, run_count, message_count, failed_messages)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (session_id) DO UPDATE SET
  user_id = coalesce(agno_sessions.user_id, excluded.user_id),
  agent_name = coalesce(agno_sessions.agent_name, excluded.agent_name),
  updated_at = max(agno_sessions.updated_at, excluded.updated_at),
  run_count = agno_sessions.run_count + excluded.run_count,
  message_count = agno_sessions.message_count + excluded.message_count,
  failed_messages = agno_sessions.failed_messages + excluded.failed_messages
RETURNING message_count`,
  insertRun: `INSERT INTO agno_runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  // Without failed runs (the default): walks the session's runs, newest first, and their messages.
  // CAST keeps a bound LIMIT from being planned as a constant (a re-prepare on every call).
  keptMessages: `SELECT group_concat(body, ',' ORDER BY seq) FROM
  (SELECT m.seq, m.body ${KEPT_MESSAGES} ORDER BY r.id DESC, m.seq DESC LIMIT CAST(@limit AS INTEGER))`,
  keptAll: `SELECT group_concat(m.body, ',' ORDER BY m.seq) ${KEPT_MESSAGES}`,
  keptRuns: `SELECT group_concat(m.body, ',' ORDER BY m.seq) ${KEPT_MESSAGES} AND r.id >= coalesce((SELECT id
  FROM agno_runs WHERE session_id = @id AND status <> 'error' ORDER BY id DESC LIMIT 1 OFFSET CAST(@skip AS INTEGER)), 0)`,
  // With failed runs (includeFailed): every message of the session. The session's message count
  // bounds the range: an index range scan, no descending sort.
  allMessages: `SELECT group_concat(body, ',' ORDER BY seq) FROM agno_messages WHERE session_id = @id AND seq >=
  (SELECT message_count FROM agno_sessions WHERE session_id = @id) - @limit`,
  allAll: "SELECT group_concat(body, ',' ORDER BY seq) FROM agno_messages WHERE session_id = @id",
  allRuns: `SELECT group_concat(body, ',' ORDER BY seq) FROM agno_messages WHERE session_id = @id AND seq >=
  coalesce((SELECT first_message FROM agno_runs WHERE session_id = @id ORDER BY id DESC LIMIT 1 OFFSET CAST(@skip AS INTEGER)), 0)`,
  messagesRange:
    'SELECT seq, body FROM agno_messages WHERE session_id = ? AND seq >= ? AND seq < ? ORDER BY seq',
  listRuns: `SELECT ${RUN_COLUMNS} FROM agno_runs WHERE session_id = ? ORDER BY id LIMIT ? OFFSET ?`,
  getRun: `SELECT ${RUN_COLUMNS} FROM agno_runs WHERE run_id = ?`,
} as const;

/** Rows per multi-row message insert. */
const MESSAGE_ROWS = 16;
const messageSql: string[] = [];

/** `INSERT INTO agno_messages ... VALUES (?, ?, ?), ...` with `n` rows (built once per n). */
function insertMessagesSql(n: number): string {
  let sql = messageSql[n];
  if (sql === undefined) {
    sql = `INSERT INTO agno_messages (session_id, seq, body) VALUES ${new Array(n).fill('(?, ?, ?)').join(', ')}`;
    messageSql[n] = sql;
  }
  return sql;
}

interface SessionGroup {
  runs: EncodedRun[];
  messages: number;
  failed: number;
}

/** The runs of a batch by session, in order of first appearance; each group keeps its runs' order. */
function groupBySession(runs: readonly EncodedRun[]): SessionGroup[] {
  const groups = new Map<string, SessionGroup>();
  for (const e of runs) {
    let g = groups.get(e.run.sessionId);
    if (g === undefined) groups.set(e.run.sessionId, (g = { runs: [], messages: 0, failed: 0 }));
    g.runs.push(e);
    g.messages += e.bodies.length;
    if (e.run.status === 'error') g.failed += e.bodies.length;
  }
  return [...groups.values()];
}

/** The runs operations of the SQLite backend. */
export type SqliteRuns = RunsBackend;

/** The run and history operations on `c`. */
export function sqliteRuns(c: SqliteConnection): SqliteRuns {
  /** Inserts `bodies` at positions `first`... with multi-row statements of up to 16 rows. */
  const insertMessages = (sessionId: string, first: number, bodies: string[]): void => {
    for (let at = 0; at < bodies.length; at += MESSAGE_ROWS) {
      const n = Math.min(MESSAGE_ROWS, bodies.length - at);
      const values: unknown[] = new Array(n * 3);
      for (let i = 0; i < n; i++) {
        values[i * 3] = sessionId;
        values[i * 3 + 1] = first + at + i;
        values[i * 3 + 2] = bodies[at + i];
      }
      c.st(insertMessagesSql(n)).run(values);
    }
  };
  const appendGroup = (g: SessionGroup): void => {
    const head = g.runs[0]!.run;
    let userId: string | null = null;
    let lastAt = head.createdAt;
    for (const e of g.runs) {
      if (userId === null && e.run.userId != null) userId = e.run.userId;
      if (e.run.createdAt > lastAt) lastAt = e.run.createdAt;
    }
    const total = c
      .st(SQL.upsertSession)
      .pluck()
      .get(
        head.sessionId,
        userId,
        head.agentName,
        head.createdAt,
        lastAt,
        g.runs.length,
        g.messages,
        g.failed,
      ) as number;
    let next = total - g.messages;
    const insertRun = c.st(SQL.insertRun);
    for (const e of g.runs) {
      const run = e.run;
      const n = e.bodies.length;
      insertRun.run(
        run.runId,
        run.sessionId,
        run.userId ?? null,
        run.agentName,
        run.status,
        run.errorCode ?? null,
        run.text,
        e.toolCalls,
        e.usage,
        e.timings,
        run.createdAt,
        next,
        n,
      );
      insertMessages(run.sessionId, next, e.bodies);
      next += n;
    }
  };
  // One session update per session of the batch, then the runs in their order.
  const append = (runs: readonly EncodedRun[]): void => {
    if (runs.length === 1) {
      const e = runs[0]!;
      const n = e.bodies.length;
      appendGroup({ runs: [e], messages: n, failed: e.run.status === 'error' ? n : 0 });
    } else {
      for (const g of groupBySession(runs)) appendGroup(g);
    }
  };
  const history = (sessionId: string, query: HistoryQuery | undefined): string | null => {
    const limit = query?.limit;
    const failed = query?.includeFailed === true;
    if (query?.unit === 'runs' && limit !== undefined) {
      return c
        .st(failed ? SQL.allRuns : SQL.keptRuns)
        .pluck()
        .get({ id: sessionId, skip: limit - 1 }) as string | null;
    }
    if (limit === undefined) {
      return c
        .st(failed ? SQL.allAll : SQL.keptAll)
        .pluck()
        .get({ id: sessionId }) as string | null;
    }
    const sql = failed ? SQL.allMessages : SQL.keptMessages;
    return c
      .st(sql)
      .pluck()
      .get({ id: sessionId, limit: Math.max(0, limit) }) as string | null;
  };
  return {
    loadHistory: (sessionId, query) => {
      const joined = c.run('loadHistory', () => history(sessionId, query));
      return joined === null ? [] : (JSON.parse(`[${joined}]`) as Message[]);
    },
    appendRun: (run) => c.transaction('appendRun', append, [run]),
    appendRuns: (runs) => c.transaction('appendRun', append, runs),
    listRuns: (sessionId, { limit, offset }) =>
      c.run('listRuns', () => {
        const rows = c.st(SQL.listRuns).all(sessionId, limit, offset) as RunRow[];
        if (rows.length === 0) return [];
        const first = rows[0]!.first_message;
        const last = rows[rows.length - 1]!;
        const end = last.first_message + last.message_count;
        const bodies = c.st(SQL.messagesRange).all(sessionId, first, end) as { seq: number; body: string }[];
        return rows.map((row) => runRecordOf(row, bodies, first));
      }),
    getRun: (runId) =>
      c.run('getRun', () => {
        const row = c.st(SQL.getRun).get(runId) as RunRow | undefined;
        if (row === undefined) return undefined;
        const end = row.first_message + row.message_count;
        const bodies = c.st(SQL.messagesRange).all(row.session_id, row.first_message, end) as {
          seq: number;
          body: string;
        }[];
        return runRecordOf(row, bodies, row.first_message);
      }),
  };
}
