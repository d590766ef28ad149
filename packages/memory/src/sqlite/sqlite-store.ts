/**
 * The SQLite store (better-sqlite3): one file in WAL mode, versioned migrations applied on open,
 * writes in `BEGIN IMMEDIATE` transactions with a busy timeout, so that several processes on one
 * machine can share a file. Statements are prepared once and cached.
 */
import type {
  HistoryQuery,
  Message,
  PausedRun,
  PausedRunQuery,
  RunRecord,
  SessionState,
  StoredDocument,
} from '@agno/core';
import Database from 'better-sqlite3';
import {
  checkId,
  checkRun,
  checkSummary,
  checkText,
  checkTopics,
  createdAtOf,
  documentJSON,
  newId,
  pageOf,
  runJSON,
  stateJSON,
} from '../codec.js';
import { MemoryStoreError } from '../errors.js';
import {
  embedOne,
  rankByText,
  rankByVector,
  type SearchRow,
  searchMode,
  searchPatterns,
  searchText,
} from '../search.js';
import type {
  Embedder,
  MemorySearch,
  MemoryStore,
  MemoryUpdate,
  NewSession,
  NewUserMemory,
  Page,
  ScoredMemory,
  SessionInfo,
  SessionSummary,
  UserMemory,
} from '../types.js';
import { sqliteFailure } from './errors.js';
import { AGNO_APPLICATION_ID, SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from './migrations.js';
import { SqlitePausedRuns } from './paused-runs.js';

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /** Embeds memories so that `searchMemories` searches by meaning (cosine, computed in JS). */
  embedder?: Embedder;
  /** How long a write waits for another connection's lock before failing with reason `busy`. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * `normal` (default): a commit survives a crash of the process; `full`: it also survives a
   * power cut (an fsync per commit, much slower).
   */
  synchronous?: 'normal' | 'full';
  /**
   * Add agno's tables to a database that already holds other tables. Default false: such a file
   * is refused with reason `foreign`, unchanged.
   */
  allowForeignTables?: boolean;
}

interface SessionRow {
  session_id: string;
  user_id: string | null;
  agent_name: string | null;
  name: string | null;
  created_at: number;
  updated_at: number;
  run_count: number;
  message_count: number;
  summary_text: string | null;
  summary_covered: number | null;
  summary_updated_at: number | null;
}

interface RunRow {
  run_id: string;
  session_id: string;
  user_id: string | null;
  agent_name: string;
  status: 'completed' | 'error';
  error_code: string | null;
  text: string;
  tool_calls: string;
  usage: string;
  timings: string;
  created_at: number;
  first_message: number;
  message_count: number;
}

interface MemoryRowData {
  id: number;
  memory_id: string;
  user_id: string;
  memory: string;
  search: string;
  topics: string;
  embedding?: Buffer | null;
  created_at: number;
  updated_at: number;
}

/** A run ready to insert: the record and its JSON parts. */
interface EncodedRun {
  run: RunRecord;
  bodies: string[];
  toolCalls: string;
  usage: string;
  timings: string;
}

const SESSION_COLUMNS =
  'session_id, user_id, agent_name, name, created_at, updated_at, run_count, message_count, summary_text, summary_covered, summary_updated_at';
const RUN_COLUMNS =
  'run_id, session_id, user_id, agent_name, status, error_code, text, tool_calls, usage, timings, created_at, first_message, message_count';
const MEMORY_COLUMNS = 'id, memory_id, user_id, memory, search, topics, created_at, updated_at';

/** The messages of a session's runs that did not fail, each row a message with its run (`r`). */
const KEPT_MESSAGES = `FROM agno_runs AS r JOIN agno_messages AS m ON m.session_id = r.session_id
  AND m.seq >= r.first_message AND m.seq < r.first_message + r.message_count
WHERE r.session_id = @id AND r.status <> 'error'`;

const SQL = {
  upsertSessionForRuns: `INSERT INTO agno_sessions (session_id, user_id, agent_name, created_at, updated_at, run_count, message_count)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (session_id) DO UPDATE SET
  user_id = coalesce(agno_sessions.user_id, excluded.user_id),
  agent_name = coalesce(agno_sessions.agent_name, excluded.agent_name),
  updated_at = max(agno_sessions.updated_at, excluded.updated_at),
  run_count = agno_sessions.run_count + excluded.run_count,
  message_count = agno_sessions.message_count + excluded.message_count
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
  historyMessages: `SELECT group_concat(body, ',' ORDER BY seq) FROM agno_messages WHERE session_id = @id AND seq >=
  (SELECT message_count FROM agno_sessions WHERE session_id = @id) - @limit`,
  historyAll: "SELECT group_concat(body, ',' ORDER BY seq) FROM agno_messages WHERE session_id = ?",
  historyRuns: `SELECT group_concat(body, ',' ORDER BY seq) FROM agno_messages WHERE session_id = @id AND seq >=
  coalesce((SELECT first_message FROM agno_runs WHERE session_id = @id ORDER BY id DESC LIMIT 1 OFFSET CAST(@skip AS INTEGER)), 0)`,
  messagesRange:
    'SELECT seq, body FROM agno_messages WHERE session_id = ? AND seq >= ? AND seq < ? ORDER BY seq',
  selectState: 'SELECT state, state_version FROM agno_sessions WHERE session_id = ?',
  updateState: 'UPDATE agno_sessions SET state = ?, state_version = state_version + 1 WHERE session_id = ?',
  insertState:
    'INSERT INTO agno_sessions (session_id, created_at, updated_at, state, state_version) VALUES (?, ?, ?, ?, 1)',
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

/** The runs of a batch by session, in order of first appearance; each group keeps its runs' order. */
function groupBySession(runs: readonly EncodedRun[]): { runs: EncodedRun[]; messages: number }[] {
  if (runs.length === 1) return [{ runs: runs as EncodedRun[], messages: runs[0]!.bodies.length }];
  const groups = new Map<string, { runs: EncodedRun[]; messages: number }>();
  for (const e of runs) {
    let g = groups.get(e.run.sessionId);
    if (g === undefined) groups.set(e.run.sessionId, (g = { runs: [], messages: 0 }));
    g.runs.push(e);
    g.messages += e.bodies.length;
  }
  return [...groups.values()];
}

/** A {@link MemoryStore} in one SQLite file. Open it with {@link SqliteStore.open}. */
export class SqliteStore implements MemoryStore {
  /** The underlying better-sqlite3 connection (for inspection; write through the store). */
  readonly db: Database.Database;
  /** The file the store lives in. */
  readonly path: string;
  private readonly embedder: Embedder | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly pausedRuns = new SqlitePausedRuns(
    (sql) => this.st(sql),
    (error, what) => this.fail(error, what),
  );
  /** Transaction functions, made on first use. */
  private readonly tx: {
    append?: Database.Transaction<(runs: readonly EncodedRun[]) => void>;
    deleteSession?: Database.Transaction<(id: string) => void>;
    updateState?: Database.Transaction<
      (id: string, update: (state: Record<string, unknown>) => Record<string, unknown>) => SessionState
    >;
    setState?: Database.Transaction<(id: string, json: string, expected: number) => SessionState>;
    updateMemory?: Database.Transaction<
      (
        id: string,
        text: string | undefined,
        topics: string[] | undefined,
        embedding: Buffer | null,
      ) => MemoryRowData | undefined
    >;
  } = {};

  private constructor(db: Database.Database, path: string, options: SqliteStoreOptions) {
    this.db = db;
    this.path = path;
    this.embedder = options.embedder;
  }

  /**
   * Opens (creating when needed) the store in `path` (`:memory:` for a private in-memory database),
   * applying pending migrations. Fails with a {@link MemoryStoreError}: reason `corrupt` for a
   * damaged or non-SQLite file, `foreign` for another application's database, `schema_too_new`
   * for a file migrated by a newer release, `unavailable` when the file cannot be opened. A file
   * that is refused is left unchanged.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (error) {
      const failure = sqliteFailure(error, undefined, 'open');
      if (failure instanceof MemoryStoreError) throw failure;
      throw new MemoryStoreError('unavailable', `cannot open the SQLite file: ${(error as Error).message}`, {
        cause: error,
      });
    }
    try {
      prepareDatabase(db, options);
    } catch (error) {
      db.close();
      throw sqliteFailure(error, undefined, 'open');
    }
    return new SqliteStore(db, path, options);
  }

  /** The schema version of the file. */
  get schemaVersion(): number {
    return readVersion(this.db);
  }

  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private fail(error: unknown, what: string): unknown {
    return sqliteFailure(error, this.db, what);
  }

  /** {@inheritDoc MemoryStore.createSession} */
  async createSession(input: NewSession = {}): Promise<SessionInfo> {
    const sessionId = input.sessionId === undefined ? newId() : checkId('sessionId', input.sessionId);
    if (input.userId !== undefined) checkId('userId', input.userId);
    if (input.name !== undefined) checkText('name', input.name);
    if (input.agentName !== undefined) checkText('agentName', input.agentName);
    const now = createdAtOf(input.createdAt);
    try {
      const row = this.st(
        `INSERT INTO agno_sessions (session_id, user_id, agent_name, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${SESSION_COLUMNS}`,
      ).get(
        sessionId,
        input.userId ?? null,
        input.agentName ?? null,
        input.name ?? null,
        now,
        now,
      ) as SessionRow;
      return sessionInfo(row);
    } catch (error) {
      const failure = this.fail(error, 'createSession');
      if (failure instanceof MemoryStoreError && failure.reason === 'conflict') {
        throw new MemoryStoreError('conflict', 'a session with this id exists already', {
          details: { sessionId },
          cause: error,
        });
      }
      throw failure;
    }
  }

  /** {@inheritDoc MemoryStore.getSession} */
  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    checkId('sessionId', sessionId);
    try {
      const row = this.st(`SELECT ${SESSION_COLUMNS} FROM agno_sessions WHERE session_id = ?`).get(
        sessionId,
      ) as SessionRow | undefined;
      return row === undefined ? undefined : sessionInfo(row);
    } catch (error) {
      throw this.fail(error, 'getSession');
    }
  }

  /** {@inheritDoc MemoryStore.listSessions} */
  async listSessions(options: Page & { userId?: string } = {}): Promise<SessionInfo[]> {
    const { limit, offset } = pageOf(options);
    try {
      const rows = (
        options.userId === undefined
          ? this.st(
              `SELECT ${SESSION_COLUMNS} FROM agno_sessions ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
            ).all(limit, offset)
          : this.st(
              `SELECT ${SESSION_COLUMNS} FROM agno_sessions WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
            ).all(checkId('userId', options.userId), limit, offset)
      ) as SessionRow[];
      return rows.map(sessionInfo);
    } catch (error) {
      throw this.fail(error, 'listSessions');
    }
  }

  /** {@inheritDoc MemoryStore.renameSession} */
  async renameSession(sessionId: string, name: string): Promise<SessionInfo> {
    checkId('sessionId', sessionId);
    checkText('name', name);
    let row: SessionRow | undefined;
    try {
      row = this.st(
        `UPDATE agno_sessions SET name = ? WHERE session_id = ? RETURNING ${SESSION_COLUMNS}`,
      ).get(name, sessionId) as SessionRow | undefined;
    } catch (error) {
      throw this.fail(error, 'renameSession');
    }
    if (row === undefined)
      throw new MemoryStoreError('missing', 'no session with this id', { details: { sessionId } });
    return sessionInfo(row);
  }

  /** {@inheritDoc MemoryStore.deleteSession} */
  async deleteSession(sessionId: string): Promise<void> {
    checkId('sessionId', sessionId);
    try {
      (this.tx.deleteSession ??= this.db.transaction(this.deleteSessionTx)).immediate(sessionId);
    } catch (error) {
      throw this.fail(error, 'deleteSession');
    }
  }

  private readonly deleteSessionTx = (id: string): void => {
    this.st('DELETE FROM agno_messages WHERE session_id = ?').run(id);
    this.st('DELETE FROM agno_runs WHERE session_id = ?').run(id);
    this.st('DELETE FROM agno_paused_runs WHERE session_id = ?').run(id);
    this.st('DELETE FROM agno_sessions WHERE session_id = ?').run(id);
  };

  /** {@inheritDoc SessionStore.loadHistory} */
  async loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
    checkId('sessionId', sessionId);
    const limit = query?.limit;
    const failed = query?.includeFailed === true;
    let joined: string | null;
    try {
      if (query?.unit === 'runs' && limit !== undefined) {
        if (limit <= 0) return [];
        joined = this.st(failed ? SQL.historyRuns : SQL.keptRuns)
          .pluck()
          .get({ id: sessionId, skip: limit - 1 }) as string | null;
      } else if (limit === undefined) {
        joined = (
          failed
            ? this.st(SQL.historyAll).pluck().get(sessionId)
            : this.st(SQL.keptAll).pluck().get({ id: sessionId })
        ) as string | null;
      } else {
        joined = this.st(failed ? SQL.historyMessages : SQL.keptMessages)
          .pluck()
          .get({ id: sessionId, limit: Math.max(0, limit) }) as string | null;
      }
    } catch (error) {
      throw this.fail(error, 'loadHistory');
    }
    if (joined === null) return [];
    const messages = JSON.parse(`[${joined}]`) as Message[];
    let start = 0;
    while (start < messages.length && messages[start]!.role !== 'user') start++;
    return start === 0 ? messages : messages.slice(start);
  }

  /** {@inheritDoc SessionStore.appendRun} */
  async appendRun(run: RunRecord): Promise<void> {
    const encoded = encodeRun(run);
    try {
      (this.tx.append ??= this.makeAppendTx()).immediate([encoded]);
    } catch (error) {
      throw this.appendFailure(error);
    }
  }

  /** {@inheritDoc MemoryStore.appendRuns} */
  async appendRuns(runs: readonly RunRecord[]): Promise<void> {
    const encoded = runs.map(encodeRun);
    if (encoded.length === 0) return;
    try {
      (this.tx.append ??= this.makeAppendTx()).immediate(encoded);
    } catch (error) {
      throw this.appendFailure(error);
    }
  }

  private appendFailure(error: unknown): unknown {
    const failure = this.fail(error, 'appendRun');
    if (failure instanceof MemoryStoreError && failure.reason === 'conflict') {
      return new MemoryStoreError('conflict', 'a run with this id is stored already', { cause: error });
    }
    return failure;
  }

  private makeAppendTx(): Database.Transaction<(runs: readonly EncodedRun[]) => void> {
    const upsert = this.st(SQL.upsertSessionForRuns).pluck();
    const insertRun = this.st(SQL.insertRun);
    return this.db.transaction((runs: readonly EncodedRun[]) => {
      // One session update per session of the batch, then the runs in their order.
      for (const group of groupBySession(runs)) {
        const head = group.runs[0]!.run;
        let userId: string | null = null;
        let lastAt = head.createdAt;
        for (const e of group.runs) {
          if (userId === null && e.run.userId != null) userId = e.run.userId;
          if (e.run.createdAt > lastAt) lastAt = e.run.createdAt;
        }
        const total = upsert.get(
          head.sessionId,
          userId,
          head.agentName,
          head.createdAt,
          lastAt,
          group.runs.length,
          group.messages,
        ) as number;
        let next = total - group.messages;
        for (const e of group.runs) {
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
          this.insertMessages(run.sessionId, next, e.bodies);
          next += n;
        }
      }
    });
  }

  /** Inserts `bodies` at positions `first`... with multi-row statements of up to 16 rows. */
  private insertMessages(sessionId: string, first: number, bodies: string[]): void {
    for (let at = 0; at < bodies.length; at += MESSAGE_ROWS) {
      const n = Math.min(MESSAGE_ROWS, bodies.length - at);
      const values: unknown[] = new Array(n * 3);
      for (let i = 0; i < n; i++) {
        values[i * 3] = sessionId;
        values[i * 3 + 1] = first + at + i;
        values[i * 3 + 2] = bodies[at + i];
      }
      this.st(insertMessagesSql(n)).run(values);
    }
  }

  /** {@inheritDoc MemoryStore.listRuns} */
  async listRuns(sessionId: string, page?: Page): Promise<RunRecord[]> {
    checkId('sessionId', sessionId);
    const { limit, offset } = pageOf(page);
    try {
      const rows = this.st(
        `SELECT ${RUN_COLUMNS} FROM agno_runs WHERE session_id = ? ORDER BY id LIMIT ? OFFSET ?`,
      ).all(sessionId, limit, offset) as RunRow[];
      if (rows.length === 0) return [];
      const first = rows[0]!.first_message;
      const last = rows[rows.length - 1]!;
      const bodies = this.st(SQL.messagesRange).all(
        sessionId,
        first,
        last.first_message + last.message_count,
      ) as {
        seq: number;
        body: string;
      }[];
      return rows.map((row) => runRecord(row, bodies, first));
    } catch (error) {
      throw this.fail(error, 'listRuns');
    }
  }

  /** {@inheritDoc MemoryStore.getRun} */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    checkId('runId', runId);
    try {
      const row = this.st(`SELECT ${RUN_COLUMNS} FROM agno_runs WHERE run_id = ?`).get(runId) as
        | RunRow
        | undefined;
      if (row === undefined) return undefined;
      const bodies = this.st(SQL.messagesRange).all(
        row.session_id,
        row.first_message,
        row.first_message + row.message_count,
      ) as { seq: number; body: string }[];
      return runRecord(row, bodies, row.first_message);
    } catch (error) {
      throw this.fail(error, 'getRun');
    }
  }

  /** {@inheritDoc SessionStore.getState} */
  async getState(sessionId: string): Promise<SessionState> {
    checkId('sessionId', sessionId);
    let row: { state: string; state_version: number } | undefined;
    try {
      row = this.st(SQL.selectState).get(sessionId) as typeof row;
    } catch (error) {
      throw this.fail(error, 'getState');
    }
    return row === undefined
      ? { state: {}, version: 0 }
      : { state: JSON.parse(row.state), version: row.state_version };
  }

  /** {@inheritDoc SessionStore.updateState} */
  async updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    checkId('sessionId', sessionId);
    try {
      return (this.tx.updateState ??= this.db.transaction(this.updateStateTx)).immediate(sessionId, update);
    } catch (error) {
      throw this.fail(error, 'updateState');
    }
  }

  /** {@inheritDoc MemoryStore.setState} */
  async setState(
    sessionId: string,
    state: Record<string, unknown>,
    expectedVersion: number,
  ): Promise<SessionState> {
    checkId('sessionId', sessionId);
    const json = stateJSON(state);
    try {
      return (this.tx.setState ??= this.db.transaction(this.setStateTx)).immediate(
        sessionId,
        json,
        expectedVersion,
      );
    } catch (error) {
      throw this.fail(error, 'setState');
    }
  }

  private readonly updateStateTx = (
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): SessionState => {
    const row = this.st(SQL.selectState).get(sessionId) as
      | { state: string; state_version: number }
      | undefined;
    const json = stateJSON(update(row === undefined ? {} : JSON.parse(row.state)));
    return this.writeState(sessionId, json, row?.state_version);
  };

  private readonly setStateTx = (sessionId: string, json: string, expectedVersion: number): SessionState => {
    const row = this.st(SQL.selectState).get(sessionId) as
      | { state: string; state_version: number }
      | undefined;
    const actual = row?.state_version ?? 0;
    if (actual !== expectedVersion) {
      throw new MemoryStoreError('conflict', `the state is at version ${actual}, not ${expectedVersion}`, {
        details: { sessionId, expectedVersion, actualVersion: actual },
      });
    }
    return this.writeState(sessionId, json, row?.state_version);
  };

  private writeState(sessionId: string, json: string, version: number | undefined): SessionState {
    if (version === undefined) {
      const now = Date.now();
      this.st(SQL.insertState).run(sessionId, now, now, json);
      return { state: JSON.parse(json), version: 1 };
    }
    this.st(SQL.updateState).run(json, sessionId);
    return { state: JSON.parse(json), version: version + 1 };
  }

  /** {@inheritDoc MemoryStore.saveSummary} */
  async saveSummary(sessionId: string, summary: SessionSummary): Promise<boolean> {
    checkId('sessionId', sessionId);
    checkSummary(summary);
    try {
      const info = this.st(
        'UPDATE agno_sessions SET summary_text = ?, summary_covered = ?, summary_updated_at = ? WHERE session_id = ? AND coalesce(summary_covered, -1) < ?',
      ).run(summary.text, summary.coveredMessages, summary.updatedAt, sessionId, summary.coveredMessages);
      return info.changes > 0;
    } catch (error) {
      throw this.fail(error, 'saveSummary');
    }
  }

  /** {@inheritDoc SessionStore.savePausedRun} */
  async savePausedRun(paused: PausedRun): Promise<void> {
    this.pausedRuns.save(paused);
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  async loadPausedRun(runId: string): Promise<PausedRun | undefined> {
    return this.pausedRuns.load(runId);
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  async claimPausedRun(runId: string): Promise<PausedRun | undefined> {
    return this.pausedRuns.claim(runId);
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  async listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]> {
    return this.pausedRuns.list(query);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  async deletePausedRun(runId: string): Promise<void> {
    this.pausedRuns.delete(runId);
  }

  /** {@inheritDoc DocumentStore.putDocument} */
  async putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    checkId('collection', collection);
    checkId('document id', id);
    const json = documentJSON(doc);
    try {
      // REPLACE deletes the old row and inserts a new one, so the write order (id) moves to the front.
      this.st(
        'INSERT OR REPLACE INTO agno_documents (collection, doc_id, body, updated_at) VALUES (?, ?, ?, ?)',
      ).run(collection, id, json, Date.now());
    } catch (error) {
      throw this.fail(error, 'putDocument');
    }
  }

  /** {@inheritDoc DocumentStore.getDocument} */
  async getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined> {
    checkId('collection', collection);
    checkId('document id', id);
    try {
      const body = this.st('SELECT body FROM agno_documents WHERE collection = ? AND doc_id = ?')
        .pluck()
        .get(collection, id) as string | undefined;
      return body === undefined ? undefined : (JSON.parse(body) as T);
    } catch (error) {
      throw this.fail(error, 'getDocument');
    }
  }

  /** {@inheritDoc DocumentStore.listDocuments} */
  async listDocuments<T = unknown>(collection: string, page?: Page): Promise<StoredDocument<T>[]> {
    checkId('collection', collection);
    const { limit, offset } = pageOf(page);
    try {
      const rows = this.st(
        'SELECT doc_id, body, updated_at FROM agno_documents WHERE collection = ? ORDER BY id DESC LIMIT ? OFFSET ?',
      ).all(collection, limit, offset) as { doc_id: string; body: string; updated_at: number }[];
      return rows.map((r) => ({ id: r.doc_id, doc: JSON.parse(r.body) as T, updatedAt: r.updated_at }));
    } catch (error) {
      throw this.fail(error, 'listDocuments');
    }
  }

  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  async putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    checkId('collection', collection);
    checkId('document id', id);
    const json = documentJSON(doc);
    try {
      // One statement: the unique (collection, doc_id) lets exactly one of concurrent writers insert.
      const info = this.st(
        'INSERT INTO agno_documents (collection, doc_id, body, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (collection, doc_id) DO NOTHING',
      ).run(collection, id, json, Date.now());
      return info.changes > 0;
    } catch (error) {
      throw this.fail(error, 'putDocumentIfAbsent');
    }
  }

  /** {@inheritDoc DocumentStore.deleteDocument} */
  async deleteDocument(collection: string, id: string): Promise<void> {
    checkId('collection', collection);
    checkId('document id', id);
    try {
      this.st('DELETE FROM agno_documents WHERE collection = ? AND doc_id = ?').run(collection, id);
    } catch (error) {
      throw this.fail(error, 'deleteDocument');
    }
  }

  /** {@inheritDoc UserMemoryStore.addMemory} */
  async addMemory(input: NewUserMemory): Promise<UserMemory> {
    const userId = checkId('userId', input.userId);
    const text = checkText('memory', input.memory);
    const topics = checkTopics(input.topics);
    const memoryId = input.memoryId === undefined ? newId() : checkId('memoryId', input.memoryId);
    const now = createdAtOf(input.createdAt);
    const embedding = this.embedder === undefined ? null : toBlob(await embedOne(this.embedder, text));
    try {
      const row = this.st(
        `INSERT INTO agno_memories (memory_id, user_id, memory, search, topics, embedding, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MEMORY_COLUMNS}`,
      ).get(
        memoryId,
        userId,
        text,
        searchText(text, topics),
        JSON.stringify(topics),
        embedding,
        now,
        now,
      ) as MemoryRowData;
      return userMemory(row);
    } catch (error) {
      const failure = this.fail(error, 'addMemory');
      if (failure instanceof MemoryStoreError && failure.reason === 'conflict') {
        throw new MemoryStoreError('conflict', 'a memory with this id exists already', {
          details: { memoryId },
          cause: error,
        });
      }
      throw failure;
    }
  }

  /** {@inheritDoc UserMemoryStore.getMemory} */
  async getMemory(memoryId: string): Promise<UserMemory | undefined> {
    checkId('memoryId', memoryId);
    try {
      const row = this.st(`SELECT ${MEMORY_COLUMNS} FROM agno_memories WHERE memory_id = ?`).get(memoryId) as
        | MemoryRowData
        | undefined;
      return row === undefined ? undefined : userMemory(row);
    } catch (error) {
      throw this.fail(error, 'getMemory');
    }
  }

  /** {@inheritDoc UserMemoryStore.listMemories} */
  async listMemories(userId: string, page?: Page): Promise<UserMemory[]> {
    checkId('userId', userId);
    const { limit, offset } = pageOf(page);
    try {
      const rows = this.st(
        `SELECT ${MEMORY_COLUMNS} FROM agno_memories WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
      ).all(userId, limit, offset) as MemoryRowData[];
      return rows.map(userMemory);
    } catch (error) {
      throw this.fail(error, 'listMemories');
    }
  }

  /** {@inheritDoc UserMemoryStore.searchMemories} */
  async searchMemories(userId: string, query: string, options: MemorySearch = {}): Promise<ScoredMemory[]> {
    checkId('userId', userId);
    checkText('query', query);
    const limit = options.limit ?? 10;
    if (searchMode(options.mode, this.embedder) === 'vector') {
      const vector = await embedOne(this.embedder!, query);
      let rows: MemoryRowData[];
      try {
        rows = this.st(
          `SELECT ${MEMORY_COLUMNS}, embedding FROM agno_memories WHERE user_id = ? AND embedding IS NOT NULL`,
        ).all(userId) as MemoryRowData[];
      } catch (error) {
        throw this.fail(error, 'searchMemories');
      }
      return rankByVector(rows.map(searchRow), vector, limit);
    }
    const patterns = searchPatterns(query);
    if (patterns.length === 0) return [];
    let rows: MemoryRowData[];
    try {
      rows = this.st(
        `SELECT ${MEMORY_COLUMNS} FROM agno_memories AS m WHERE user_id = ?
AND EXISTS (SELECT 1 FROM json_each(?) AS p WHERE instr(m.search, p.value) > 0)`,
      ).all(userId, JSON.stringify(patterns)) as MemoryRowData[];
    } catch (error) {
      throw this.fail(error, 'searchMemories');
    }
    return rankByText(rows.map(searchRow), patterns, limit);
  }

  /** {@inheritDoc UserMemoryStore.updateMemory} */
  async updateMemory(memoryId: string, update: MemoryUpdate): Promise<UserMemory> {
    checkId('memoryId', memoryId);
    const text = update.memory === undefined ? undefined : checkText('memory', update.memory);
    const topics = update.topics === undefined ? undefined : checkTopics(update.topics);
    const current = await this.getMemory(memoryId);
    if (current === undefined)
      throw new MemoryStoreError('missing', 'no memory with this id', { details: { memoryId } });
    const embedding =
      text !== undefined && this.embedder !== undefined
        ? toBlob(await embedOne(this.embedder, text))
        : undefined;
    let row: MemoryRowData | undefined;
    try {
      row = (this.tx.updateMemory ??= this.db.transaction(this.updateMemoryTx)).immediate(
        memoryId,
        text,
        topics,
        embedding ?? null,
      );
    } catch (error) {
      throw this.fail(error, 'updateMemory');
    }
    if (row === undefined)
      throw new MemoryStoreError('missing', 'no memory with this id', { details: { memoryId } });
    return userMemory(row);
  }

  private readonly updateMemoryTx = (
    memoryId: string,
    text: string | undefined,
    topics: string[] | undefined,
    embedding: Buffer | null,
  ): MemoryRowData | undefined => {
    const now = this.st(`SELECT ${MEMORY_COLUMNS} FROM agno_memories WHERE memory_id = ?`).get(memoryId) as
      | MemoryRowData
      | undefined;
    if (now === undefined) return undefined;
    const memory = text ?? now.memory;
    const nextTopics = topics ?? (JSON.parse(now.topics) as string[]);
    return this.st(
      `UPDATE agno_memories SET memory = ?, topics = ?, search = ?, embedding = coalesce(?, embedding),
updated_at = max(updated_at, ?) WHERE memory_id = ? RETURNING ${MEMORY_COLUMNS}`,
    ).get(
      memory,
      JSON.stringify(nextTopics),
      searchText(memory, nextTopics),
      embedding,
      Date.now(),
      memoryId,
    ) as MemoryRowData;
  };

  /** {@inheritDoc UserMemoryStore.deleteMemory} */
  async deleteMemory(memoryId: string): Promise<void> {
    checkId('memoryId', memoryId);
    try {
      this.st('DELETE FROM agno_memories WHERE memory_id = ?').run(memoryId);
    } catch (error) {
      throw this.fail(error, 'deleteMemory');
    }
  }

  /** {@inheritDoc UserMemoryStore.listUserIds} */
  async listUserIds(page?: Page): Promise<string[]> {
    const { limit, offset } = pageOf(page);
    try {
      return this.st(
        'SELECT user_id FROM agno_sessions WHERE user_id IS NOT NULL UNION SELECT user_id FROM agno_memories ORDER BY 1 LIMIT ? OFFSET ?',
      )
        .pluck()
        .all(limit, offset) as string[];
    } catch (error) {
      throw this.fail(error, 'listUserIds');
    }
  }

  /**
   * Checks the file and the store's invariants (SQLite's integrity check; per session, run and
   * message counts match and message positions have no gaps). Returns the problems found, none
   * when the store is consistent.
   */
  async verify(): Promise<string[]> {
    try {
      const problems: string[] = [];
      const integrity = this.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
      for (const r of integrity)
        if (r.integrity_check !== 'ok') problems.push(`integrity: ${r.integrity_check}`);
      const rows = this.db
        .prepare(
          `SELECT s.session_id AS id, s.run_count, s.message_count,
  (SELECT count(*) FROM agno_runs r WHERE r.session_id = s.session_id) AS runs,
  (SELECT coalesce(sum(r.message_count), 0) FROM agno_runs r WHERE r.session_id = s.session_id) AS run_messages,
  (SELECT count(*) FROM agno_messages m WHERE m.session_id = s.session_id) AS messages,
  (SELECT coalesce(max(m.seq) + 1, 0) FROM agno_messages m WHERE m.session_id = s.session_id) AS next_seq
FROM agno_sessions s`,
        )
        .all() as {
        id: string;
        run_count: number;
        message_count: number;
        runs: number;
        run_messages: number;
        messages: number;
        next_seq: number;
      }[];
      for (const r of rows) {
        if (r.run_count !== r.runs)
          problems.push(`session ${JSON.stringify(r.id)}: ${r.runs} runs, counted ${r.run_count}`);
        if (r.message_count !== r.messages || r.run_messages !== r.messages || r.next_seq !== r.messages) {
          problems.push(
            `session ${JSON.stringify(r.id)}: ${r.messages} messages, counted ${r.message_count}, runs hold ${r.run_messages}, next position ${r.next_seq}`,
          );
        }
      }
      const orphans = this.db
        .prepare(
          'SELECT count(*) FROM agno_runs r WHERE NOT EXISTS (SELECT 1 FROM agno_sessions s WHERE s.session_id = r.session_id)',
        )
        .pluck()
        .get() as number;
      if (orphans > 0) problems.push(`${orphans} runs without a session`);
      return problems;
    } catch (error) {
      throw this.fail(error, 'verify');
    }
  }

  /** Closes the file (checkpointing the WAL). Later calls fail with reason `closed`. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.statements.clear();
    for (const key of Object.keys(this.tx)) delete this.tx[key as keyof typeof this.tx];
    this.db.close();
  }
}

function encodeRun(run: RunRecord): EncodedRun {
  checkRun(run);
  const messages = run.messages;
  const bodies: string[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) bodies[i] = runJSON(messages[i], 'a message');
  return {
    run,
    bodies,
    toolCalls: runJSON(run.toolCalls ?? [], 'run.toolCalls'),
    usage: runJSON(run.usage, 'run.usage'),
    timings: runJSON(run.timings, 'run.timings'),
  };
}

function sessionInfo(row: SessionRow): SessionInfo {
  return {
    sessionId: row.session_id,
    userId: row.user_id ?? undefined,
    agentName: row.agent_name ?? undefined,
    name: row.name ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    runCount: row.run_count,
    messageCount: row.message_count,
    summary:
      row.summary_text === null
        ? undefined
        : {
            text: row.summary_text,
            coveredMessages: row.summary_covered!,
            updatedAt: row.summary_updated_at!,
          },
  };
}

function runRecord(row: RunRow, bodies: { seq: number; body: string }[], base: number): RunRecord {
  const from = row.first_message - base;
  const messages: Message[] = new Array(row.message_count);
  for (let i = 0; i < row.message_count; i++) messages[i] = JSON.parse(bodies[from + i]!.body);
  const record: RunRecord = {
    runId: row.run_id,
    sessionId: row.session_id,
    userId: row.user_id ?? undefined,
    agentName: row.agent_name,
    status: row.status,
    messages,
    text: row.text,
    toolCalls: JSON.parse(row.tool_calls),
    usage: JSON.parse(row.usage),
    timings: JSON.parse(row.timings),
    createdAt: row.created_at,
  };
  if (row.error_code !== null) record.errorCode = row.error_code;
  return record;
}

function userMemory(row: MemoryRowData): UserMemory {
  return {
    memoryId: row.memory_id,
    userId: row.user_id,
    memory: row.memory,
    topics: JSON.parse(row.topics) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function searchRow(row: MemoryRowData): SearchRow {
  return {
    memory: userMemory(row),
    search: row.search,
    seq: row.id,
    embedding: row.embedding == null ? null : fromBlob(row.embedding),
  };
}

function toBlob(vector: number[]): Buffer {
  const f = Float32Array.from(vector);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

function fromBlob(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

function readVersion(db: Database.Database): number {
  const has = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'agno_meta'")
    .pluck()
    .get();
  if (has === undefined) return 0;
  const v = db.prepare("SELECT value FROM agno_meta WHERE key = 'schema_version'").pluck().get() as
    | string
    | undefined;
  const n = v === undefined ? 0 : Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new MemoryStoreError('corrupt', `the store's schema version is unreadable (${JSON.stringify(v)})`);
  }
  return n;
}

/** Checks the file is ours (or empty), sets WAL and the sync level, and applies pending migrations. */
function prepareDatabase(db: Database.Database, options: SqliteStoreOptions): void {
  // Reading the header first: a file that is not SQLite fails here, before anything is written.
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== 0 && appId !== AGNO_APPLICATION_ID) {
    throw new MemoryStoreError(
      'foreign',
      `the SQLite file belongs to another application (application_id ${appId}); it was left unchanged`,
      { details: { applicationId: appId } },
    );
  }
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const hasMeta = tables.includes('agno_meta');
  const foreignTables = tables.filter((t) => !t.startsWith('agno_'));
  if (!hasMeta && foreignTables.length > 0 && !options.allowForeignTables) {
    throw new MemoryStoreError(
      'foreign',
      `the SQLite file is not an agno store: it holds other tables (${foreignTables.slice(0, 5).join(', ')}); it was left unchanged (pass allowForeignTables: true to add agno's tables beside them)`,
      { details: { tables: foreignTables.slice(0, 20) } },
    );
  }
  const version = hasMeta ? readVersion(db) : 0;
  if (version > SQLITE_SCHEMA_VERSION) throw tooNew(version);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  if (version === SQLITE_SCHEMA_VERSION) return;
  db.transaction(() => {
    // Another process may have migrated while this one waited for the lock: read again.
    db.exec('CREATE TABLE IF NOT EXISTS agno_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    const now = readVersion(db);
    if (now > SQLITE_SCHEMA_VERSION) throw tooNew(now);
    for (const m of SQLITE_MIGRATIONS) if (m.version > now) db.exec(m.sql);
    db.prepare("INSERT OR REPLACE INTO agno_meta (key, value) VALUES ('schema_version', ?)").run(
      String(SQLITE_SCHEMA_VERSION),
    );
    if (now === 0 && foreignTables.length === 0) db.pragma(`application_id = ${AGNO_APPLICATION_ID}`);
  }).immediate();
}

function tooNew(version: number): MemoryStoreError {
  return new MemoryStoreError(
    'schema_too_new',
    `the SQLite store is at schema version ${version}, newer than this release of @agno/memory supports (${SQLITE_SCHEMA_VERSION}); upgrade @agno/memory. The file was left unchanged`,
    { details: { version, supported: SQLITE_SCHEMA_VERSION } },
  );
}
