/**
 * The PostgreSQL store (`pg` with a connection pool): tables in one schema, migrations applied
 * under an advisory lock when the store connects, appends as one statement that takes the
 * session's row lock, state updates under that row lock. Statements are named, so that each
 * connection prepares them once.
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
import { ConfigError } from '@agno/core';
import pg from 'pg';
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
import { pgFailure } from './errors.js';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from './migrations.js';
import { PostgresPausedRuns } from './paused-runs.js';
import { type NamedSql, type Statements, statementsFor } from './statements.js';

/** Options of {@link PostgresStore.connect}. */
export interface PostgresStoreOptions {
  /** A pool to use (the store does not end it on close). */
  pool?: pg.Pool;
  /** A connection string, when no pool is given (else `pg` reads the PG* environment variables). */
  connectionString?: string;
  /** Further pool settings, when no pool is given. */
  poolConfig?: pg.PoolConfig;
  /** The schema that holds the tables (created when missing). Default `public`. */
  schema?: string;
  /** Embeds memories so that `searchMemories` searches by meaning (cosine, computed in JS). */
  embedder?: Embedder;
}

type Row = Record<string, any>;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A {@link MemoryStore} in PostgreSQL. Create one with {@link PostgresStore.connect}. */
export class PostgresStore implements MemoryStore {
  /** The connection pool. */
  readonly pool: pg.Pool;
  /** The schema that holds the tables. */
  readonly schema: string;
  private readonly sql: Statements;
  private readonly pausedRuns: PostgresPausedRuns;
  private readonly ownsPool: boolean;
  private readonly embedder: Embedder | undefined;
  private closed = false;

  private constructor(pool: pg.Pool, schema: string, ownsPool: boolean, embedder: Embedder | undefined) {
    this.pool = pool;
    this.schema = schema;
    this.ownsPool = ownsPool;
    this.embedder = embedder;
    this.sql = statementsFor(quoteIdent(schema));
    this.pausedRuns = new PostgresPausedRuns(this.sql, (sql, values, what) => this.q(sql, values, what));
  }

  /**
   * Connects and applies pending migrations (under an advisory lock, so concurrent openers do not
   * race). Fails with a {@link MemoryStoreError}: reason `unavailable` when the server cannot be
   * reached, `schema_too_new` when the schema was migrated by a newer release (nothing is changed).
   */
  static async connect(options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
      throw new ConfigError(`invalid PostgreSQL schema name "${schema}" (letters, digits and _; at most 63)`);
    }
    const ownsPool = options.pool === undefined;
    const pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        connectionTimeoutMillis: 10_000,
        ...options.poolConfig,
      });
    if (ownsPool) {
      // An idle client that loses its connection must not crash the process; the next query reports it.
      pool.on('error', () => {});
    }
    try {
      await migrate(pool, schema);
    } catch (error) {
      if (ownsPool) await pool.end().catch(() => {});
      throw pgFailure(error, 'connect');
    }
    return new PostgresStore(pool, schema, ownsPool, options.embedder);
  }

  /** The schema version of the database. */
  async schemaVersion(): Promise<number> {
    return readVersion(this.pool, quoteIdent(this.schema));
  }

  private async q(sql: NamedSql, values: unknown[], what: string): Promise<pg.QueryResult<Row>> {
    if (this.closed) throw new MemoryStoreError('closed', 'the store is closed');
    try {
      return await this.pool.query({ name: sql.name, text: sql.text, values });
    } catch (error) {
      throw pgFailure(error, what);
    }
  }

  /** Runs `work` in a transaction on one client; rolls back when it throws. */
  private async transaction<T>(what: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new MemoryStoreError('closed', 'the store is closed');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw pgFailure(error, what);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const out = await work(client);
      await client.query('COMMIT');
      return out;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollback) {
        broken = rollback as Error;
      }
      throw pgFailure(error, what);
    } finally {
      client.release(broken);
    }
  }

  /** {@inheritDoc MemoryStore.createSession} */
  async createSession(input: NewSession = {}): Promise<SessionInfo> {
    const sessionId = input.sessionId === undefined ? newId() : checkId('sessionId', input.sessionId);
    if (input.userId !== undefined) checkId('userId', input.userId);
    if (input.name !== undefined) checkText('name', input.name);
    if (input.agentName !== undefined) checkText('agentName', input.agentName);
    const now = createdAtOf(input.createdAt);
    try {
      await this.q(
        this.sql.createSession,
        [sessionId, input.userId ?? null, input.agentName ?? null, input.name ?? null, now],
        'createSession',
      );
      return {
        sessionId,
        userId: input.userId,
        agentName: input.agentName,
        name: input.name,
        createdAt: now,
        updatedAt: now,
        runCount: 0,
        messageCount: 0,
        summary: undefined,
      };
    } catch (error) {
      if (error instanceof MemoryStoreError && error.reason === 'conflict') {
        throw new MemoryStoreError('conflict', 'a session with this id exists already', {
          details: { sessionId },
          cause: error,
        });
      }
      throw error;
    }
  }

  /** {@inheritDoc MemoryStore.getSession} */
  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    checkId('sessionId', sessionId);
    const res = await this.q(this.sql.getSession, [sessionId], 'getSession');
    return res.rows.length === 0 ? undefined : sessionInfo(res.rows[0]!);
  }

  /** {@inheritDoc MemoryStore.listSessions} */
  async listSessions(options: Page & { userId?: string } = {}): Promise<SessionInfo[]> {
    const { limit, offset } = pageOf(options);
    const lim = limit < 0 ? null : limit;
    const res =
      options.userId === undefined
        ? await this.q(this.sql.listSessions, [lim, offset], 'listSessions')
        : await this.q(
            this.sql.listUserSessions,
            [checkId('userId', options.userId), lim, offset],
            'listSessions',
          );
    return res.rows.map(sessionInfo);
  }

  /** {@inheritDoc MemoryStore.renameSession} */
  async renameSession(sessionId: string, name: string): Promise<SessionInfo> {
    checkId('sessionId', sessionId);
    checkText('name', name);
    const res = await this.q(this.sql.renameSession, [sessionId, name], 'renameSession');
    const info = res.rows.length === 0 ? undefined : await this.getSession(sessionId);
    if (info === undefined)
      throw new MemoryStoreError('missing', 'no session with this id', { details: { sessionId } });
    return info;
  }

  /** {@inheritDoc MemoryStore.deleteSession} */
  async deleteSession(sessionId: string): Promise<void> {
    checkId('sessionId', sessionId);
    await this.q(this.sql.deleteSession, [sessionId], 'deleteSession');
  }

  /** {@inheritDoc SessionStore.loadHistory} */
  async loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
    checkId('sessionId', sessionId);
    const limit = query?.limit;
    const failed = query?.includeFailed === true;
    let res: pg.QueryResult<Row>;
    if (query?.unit === 'runs' && limit !== undefined) {
      if (limit <= 0) return [];
      const sql = failed ? this.sql.historyRunsWithFailed : this.sql.historyRuns;
      res = await this.q(sql, [sessionId, limit - 1], 'loadHistory');
    } else {
      res = await this.q(
        failed ? this.sql.historyMessagesWithFailed : this.sql.historyMessages,
        [sessionId, limit === undefined ? null : Math.max(0, limit)],
        'loadHistory',
      );
    }
    const joined = res.rows[0]?.joined as string | null | undefined;
    if (joined == null) return [];
    const messages = JSON.parse(`[${joined}]`) as Message[];
    let start = 0;
    while (start < messages.length && messages[start]!.role !== 'user') start++;
    return start === 0 ? messages : messages.slice(start);
  }

  /** {@inheritDoc SessionStore.appendRun} */
  async appendRun(run: RunRecord): Promise<void> {
    const values = encodeRun(run);
    try {
      await this.q(this.sql.appendRun, values, 'appendRun');
    } catch (error) {
      throw duplicateRun(error);
    }
  }

  /** {@inheritDoc MemoryStore.appendRuns} */
  async appendRuns(runs: readonly RunRecord[]): Promise<void> {
    const encoded = runs.map(encodeRun);
    if (encoded.length === 0) return;
    const sql = this.sql.appendRun;
    try {
      await this.transaction('appendRuns', async (client) => {
        for (const values of encoded) await client.query({ name: sql.name, text: sql.text, values });
      });
    } catch (error) {
      throw duplicateRun(error);
    }
  }

  /** {@inheritDoc MemoryStore.listRuns} */
  async listRuns(sessionId: string, page?: Page): Promise<RunRecord[]> {
    checkId('sessionId', sessionId);
    const { limit, offset } = pageOf(page);
    const res = await this.q(this.sql.listRuns, [sessionId, limit < 0 ? null : limit, offset], 'listRuns');
    const rows = res.rows;
    if (rows.length === 0) return [];
    const bodies = await this.q(
      this.sql.runMessages,
      [sessionId, rows[0]!.id, rows[rows.length - 1]!.id],
      'listRuns',
    );
    return runRecords(rows, bodies.rows);
  }

  /** {@inheritDoc MemoryStore.getRun} */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    checkId('runId', runId);
    const res = await this.q(this.sql.getRun, [runId], 'getRun');
    const row = res.rows[0];
    if (row === undefined) return undefined;
    const bodies = await this.q(this.sql.runMessages, [row.session_id, row.id, row.id], 'getRun');
    return runRecords([row], bodies.rows)[0];
  }

  /** {@inheritDoc SessionStore.getState} */
  async getState(sessionId: string): Promise<SessionState> {
    checkId('sessionId', sessionId);
    const res = await this.q(this.sql.getState, [sessionId], 'getState');
    const row = res.rows[0];
    return row === undefined
      ? { state: {}, version: 0 }
      : { state: JSON.parse(row.state), version: Number(row.state_version) };
  }

  /** {@inheritDoc SessionStore.updateState} */
  async updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    checkId('sessionId', sessionId);
    const { lockState, writeState } = this.sql;
    return this.transaction('updateState', async (client) => {
      // The upsert takes the session's row lock until commit: concurrent updates queue behind it.
      const locked = await client.query({ ...lockState, values: [sessionId, Date.now()] });
      const json = stateJSON(update(JSON.parse(locked.rows[0].state)));
      const written = await client.query({ ...writeState, values: [sessionId, json] });
      return { state: JSON.parse(json), version: Number(written.rows[0].state_version) };
    });
  }

  /** {@inheritDoc MemoryStore.setState} */
  async setState(
    sessionId: string,
    state: Record<string, unknown>,
    expectedVersion: number,
  ): Promise<SessionState> {
    checkId('sessionId', sessionId);
    const json = stateJSON(state);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new MemoryStoreError('invalid', 'expectedVersion must be a non-negative integer');
    }
    const res =
      expectedVersion === 0
        ? await this.q(this.sql.casFirstState, [sessionId, Date.now(), json], 'setState')
        : await this.q(this.sql.casState, [sessionId, json, expectedVersion], 'setState');
    if (res.rows.length === 0) {
      const actual = (await this.getState(sessionId)).version;
      throw new MemoryStoreError('conflict', `the state is at version ${actual}, not ${expectedVersion}`, {
        details: { sessionId, expectedVersion, actualVersion: actual },
      });
    }
    return { state: JSON.parse(json), version: Number(res.rows[0]!.state_version) };
  }

  /** {@inheritDoc MemoryStore.saveSummary} */
  async saveSummary(sessionId: string, summary: SessionSummary): Promise<boolean> {
    checkId('sessionId', sessionId);
    checkSummary(summary);
    const res = await this.q(
      this.sql.saveSummary,
      [sessionId, summary.text, summary.coveredMessages, summary.updatedAt],
      'saveSummary',
    );
    return (res.rowCount ?? 0) > 0;
  }

  /** {@inheritDoc SessionStore.savePausedRun} */
  savePausedRun(paused: PausedRun): Promise<void> {
    return this.pausedRuns.save(paused);
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  loadPausedRun(runId: string): Promise<PausedRun | undefined> {
    return this.pausedRuns.load(runId);
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  claimPausedRun(runId: string): Promise<PausedRun | undefined> {
    return this.pausedRuns.claim(runId);
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]> {
    return this.pausedRuns.list(query);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  deletePausedRun(runId: string): Promise<void> {
    return this.pausedRuns.delete(runId);
  }

  /** {@inheritDoc DocumentStore.putDocument} */
  async putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    checkId('collection', collection);
    checkId('document id', id);
    const json = documentJSON(doc);
    await this.q(this.sql.putDocument, [collection, id, json, Date.now()], 'putDocument');
  }

  /** {@inheritDoc DocumentStore.getDocument} */
  async getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined> {
    checkId('collection', collection);
    checkId('document id', id);
    const res = await this.q(this.sql.getDocument, [collection, id], 'getDocument');
    return res.rows.length === 0 ? undefined : (JSON.parse(res.rows[0]!.body) as T);
  }

  /** {@inheritDoc DocumentStore.listDocuments} */
  async listDocuments<T = unknown>(collection: string, page?: Page): Promise<StoredDocument<T>[]> {
    checkId('collection', collection);
    const { limit, offset } = pageOf(page);
    const res = await this.q(
      this.sql.listDocuments,
      [collection, limit < 0 ? null : limit, offset],
      'listDocuments',
    );
    return res.rows.map((r) => ({
      id: r.doc_id,
      doc: JSON.parse(r.body) as T,
      updatedAt: Number(r.updated_at),
    }));
  }

  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  async putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    checkId('collection', collection);
    checkId('document id', id);
    const json = documentJSON(doc);
    const res = await this.q(
      this.sql.putDocumentIfAbsent,
      [collection, id, json, Date.now()],
      'putDocumentIfAbsent',
    );
    return (res.rowCount ?? 0) > 0;
  }

  /** {@inheritDoc DocumentStore.deleteDocument} */
  async deleteDocument(collection: string, id: string): Promise<void> {
    checkId('collection', collection);
    checkId('document id', id);
    await this.q(this.sql.deleteDocument, [collection, id], 'deleteDocument');
  }

  /** {@inheritDoc UserMemoryStore.addMemory} */
  async addMemory(input: NewUserMemory): Promise<UserMemory> {
    const userId = checkId('userId', input.userId);
    const text = checkText('memory', input.memory);
    const topics = checkTopics(input.topics);
    const memoryId = input.memoryId === undefined ? newId() : checkId('memoryId', input.memoryId);
    const now = createdAtOf(input.createdAt);
    const embedding = this.embedder === undefined ? null : await embedOne(this.embedder, text);
    try {
      const res = await this.q(
        this.sql.addMemory,
        [memoryId, userId, text, searchText(text, topics), JSON.stringify(topics), embedding, now],
        'addMemory',
      );
      return userMemory(res.rows[0]!);
    } catch (error) {
      if (error instanceof MemoryStoreError && error.reason === 'conflict') {
        throw new MemoryStoreError('conflict', 'a memory with this id exists already', {
          details: { memoryId },
          cause: error,
        });
      }
      throw error;
    }
  }

  /** {@inheritDoc UserMemoryStore.getMemory} */
  async getMemory(memoryId: string): Promise<UserMemory | undefined> {
    checkId('memoryId', memoryId);
    const res = await this.q(this.sql.getMemory, [memoryId], 'getMemory');
    return res.rows.length === 0 ? undefined : userMemory(res.rows[0]!);
  }

  /** {@inheritDoc UserMemoryStore.listMemories} */
  async listMemories(userId: string, page?: Page): Promise<UserMemory[]> {
    checkId('userId', userId);
    const { limit, offset } = pageOf(page);
    const res = await this.q(
      this.sql.listMemories,
      [userId, limit < 0 ? null : limit, offset],
      'listMemories',
    );
    return res.rows.map(userMemory);
  }

  /** {@inheritDoc UserMemoryStore.searchMemories} */
  async searchMemories(userId: string, query: string, options: MemorySearch = {}): Promise<ScoredMemory[]> {
    checkId('userId', userId);
    checkText('query', query);
    const limit = options.limit ?? 10;
    if (searchMode(options.mode, this.embedder) === 'vector') {
      const vector = await embedOne(this.embedder!, query);
      const res = await this.q(this.sql.searchVector, [userId], 'searchMemories');
      return rankByVector(res.rows.map(searchRow), vector, limit);
    }
    const patterns = searchPatterns(query);
    if (patterns.length === 0) return [];
    const res = await this.q(this.sql.searchText, [userId, patterns], 'searchMemories');
    return rankByText(res.rows.map(searchRow), patterns, limit);
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
      text !== undefined && this.embedder !== undefined ? await embedOne(this.embedder, text) : null;
    const { lockMemory, updateMemory } = this.sql;
    const row = await this.transaction('updateMemory', async (client) => {
      const locked = await client.query({ ...lockMemory, values: [memoryId] });
      const now = locked.rows[0];
      if (now === undefined) return undefined;
      const memory = text ?? (now.memory as string);
      const nextTopics = topics ?? (JSON.parse(now.topics) as string[]);
      const res = await client.query({
        ...updateMemory,
        values: [
          memoryId,
          memory,
          JSON.stringify(nextTopics),
          searchText(memory, nextTopics),
          embedding,
          Date.now(),
        ],
      });
      return res.rows[0] as Row;
    });
    if (row === undefined)
      throw new MemoryStoreError('missing', 'no memory with this id', { details: { memoryId } });
    return userMemory(row);
  }

  /** {@inheritDoc UserMemoryStore.deleteMemory} */
  async deleteMemory(memoryId: string): Promise<void> {
    checkId('memoryId', memoryId);
    await this.q(this.sql.deleteMemory, [memoryId], 'deleteMemory');
  }

  /** {@inheritDoc UserMemoryStore.listUserIds} */
  async listUserIds(page?: Page): Promise<string[]> {
    const { limit, offset } = pageOf(page);
    const res = await this.q(this.sql.listUserIds, [limit < 0 ? null : limit, offset], 'listUserIds');
    return res.rows.map((r) => r.user_id as string);
  }

  /**
   * Checks the store's invariants: every run holds all of its messages with no gaps in their
   * positions, and every run and message has its session. Returns the problems found, none when
   * the store is consistent.
   */
  async verify(): Promise<string[]> {
    const s = quoteIdent(this.schema);
    if (this.closed) throw new MemoryStoreError('closed', 'the store is closed');
    let runs: pg.QueryResult<Row>;
    let orphans: pg.QueryResult<Row>;
    try {
      runs = await this.pool.query(`SELECT r.run_id, r.message_count,
  count(m.idx)::int AS messages, coalesce(max(m.idx) + 1, 0)::int AS next_idx
FROM ${s}.agno_runs r LEFT JOIN ${s}.agno_messages m ON m.session_id = r.session_id AND m.run_seq = r.id
GROUP BY r.id, r.run_id, r.message_count
HAVING count(m.idx) <> r.message_count OR coalesce(max(m.idx) + 1, 0) <> r.message_count`);
      orphans = await this.pool.query(`SELECT
  (SELECT count(*)::int FROM ${s}.agno_runs r WHERE NOT EXISTS
    (SELECT 1 FROM ${s}.agno_sessions x WHERE x.session_id = r.session_id)) AS runs,
  (SELECT count(*)::int FROM ${s}.agno_messages m WHERE NOT EXISTS
    (SELECT 1 FROM ${s}.agno_runs r WHERE r.id = m.run_seq AND r.session_id = m.session_id)) AS messages`);
    } catch (error) {
      throw pgFailure(error, 'verify');
    }
    const problems: string[] = [];
    for (const r of runs.rows) {
      problems.push(
        `run ${JSON.stringify(r.run_id)}: ${r.messages} messages stored, ${r.message_count} expected, next index ${r.next_idx}`,
      );
    }
    const o = orphans.rows[0]!;
    if (o.runs > 0) problems.push(`${o.runs} runs without a session`);
    if (o.messages > 0) problems.push(`${o.messages} messages without a run`);
    return problems;
  }

  /** Ends the pool (when the store created it). Later calls fail with reason `closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }
}

/** Quotes an identifier (already checked against {@link SCHEMA_NAME}). */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function duplicateRun(error: unknown): unknown {
  if (error instanceof MemoryStoreError && error.reason === 'conflict') {
    return new MemoryStoreError('conflict', 'a run with this id is stored already', { cause: error });
  }
  return error;
}

function encodeRun(run: RunRecord): unknown[] {
  checkRun(run);
  const messages = run.messages;
  const bodies: string[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) bodies[i] = runJSON(messages[i], 'a message');
  return [
    run.sessionId,
    run.userId ?? null,
    run.agentName,
    run.createdAt,
    run.runId,
    run.status,
    run.errorCode ?? null,
    runJSON(run.text, 'run.text'),
    runJSON(run.toolCalls ?? [], 'run.toolCalls'),
    runJSON(run.usage, 'run.usage'),
    runJSON(run.timings, 'run.timings'),
    bodies.length,
    bodies,
  ];
}

function sessionInfo(row: Row): SessionInfo {
  return {
    sessionId: row.session_id,
    userId: row.user_id ?? undefined,
    agentName: row.agent_name ?? undefined,
    name: row.name ?? undefined,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    runCount: row.run_count,
    messageCount: row.message_count,
    summary:
      row.summary_text === null
        ? undefined
        : {
            text: row.summary_text,
            coveredMessages: row.summary_covered,
            updatedAt: Number(row.summary_updated_at),
          },
  };
}

/** Runs from their rows and their messages' rows (ordered by run, then index). */
function runRecords(rows: Row[], bodies: Row[]): RunRecord[] {
  const byRun = new Map<string, Message[]>();
  for (const b of bodies) {
    const key = String(b.run_seq);
    let list = byRun.get(key);
    if (list === undefined) byRun.set(key, (list = []));
    list.push(JSON.parse(b.body));
  }
  return rows.map((row) => runRecord(row, byRun.get(String(row.id)) ?? []));
}

function runRecord(row: Row, messages: Message[]): RunRecord {
  const record: RunRecord = {
    runId: row.run_id,
    sessionId: row.session_id,
    userId: row.user_id ?? undefined,
    agentName: row.agent_name,
    status: row.status,
    messages,
    text: JSON.parse(row.text_json),
    toolCalls: JSON.parse(row.tool_calls),
    usage: JSON.parse(row.usage),
    timings: JSON.parse(row.timings),
    createdAt: Number(row.created_at),
  };
  if (row.error_code !== null) record.errorCode = row.error_code;
  return record;
}

function userMemory(row: Row): UserMemory {
  return {
    memoryId: row.memory_id,
    userId: row.user_id,
    memory: row.memory,
    topics: JSON.parse(row.topics) as string[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function searchRow(row: Row): SearchRow {
  return {
    memory: userMemory(row),
    search: row.search,
    seq: Number(row.id),
    embedding: row.embedding ?? null,
  };
}

async function readVersion(client: pg.Pool | pg.PoolClient, schema: string): Promise<number> {
  const table = await client.query('SELECT to_regclass($1) AS t', [`${schema}.agno_meta`]);
  if (table.rows[0].t === null) return 0;
  const res = await client.query(`SELECT value FROM ${schema}.agno_meta WHERE key = 'schema_version'`);
  const v = res.rows[0]?.value as string | undefined;
  const n = v === undefined ? 0 : Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new MemoryStoreError('corrupt', `the store's schema version is unreadable (${JSON.stringify(v)})`);
  }
  return n;
}

function tooNew(version: number): MemoryStoreError {
  return new MemoryStoreError(
    'schema_too_new',
    `the PostgreSQL store is at schema version ${version}, newer than this release of @agno/memory supports (${POSTGRES_SCHEMA_VERSION}); upgrade @agno/memory. Nothing was changed`,
    { details: { version, supported: POSTGRES_SCHEMA_VERSION } },
  );
}

/** Applies pending migrations to `schema`, one opener at a time. */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const quoted = quoteIdent(schema);
  const before = await readVersion(pool, quoted);
  if (before > POSTGRES_SCHEMA_VERSION) throw tooNew(before);
  if (before === POSTGRES_SCHEMA_VERSION) return;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`agno_memory_migrations:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${quoted}.agno_meta (key text PRIMARY KEY, value text NOT NULL)`,
      );
      // Another opener may have migrated while this one waited for the lock: read again.
      const now = await readVersion(client, quoted);
      if (now > POSTGRES_SCHEMA_VERSION) throw tooNew(now);
      for (const m of POSTGRES_MIGRATIONS) {
        if (m.version > now) await client.query(m.sql.replaceAll('{schema}', quoted));
      }
      await client.query(
        `INSERT INTO ${quoted}.agno_meta (key, value) VALUES ('schema_version', $1)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(POSTGRES_SCHEMA_VERSION)],
      );
      await client.query('COMMIT');
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollback) {
        broken = rollback as Error;
      }
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
