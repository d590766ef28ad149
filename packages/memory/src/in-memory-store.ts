/**
 * The in-memory store: everything a {@link MemoryStore} holds, in process memory. Fast, and gone
 * when the process ends; for tests and short-lived agents. It keeps the run and message objects it
 * is given (no copies): do not change them after appending.
 */
import {
  type HistoryQuery,
  lastMessages,
  type Message,
  type PausedRun,
  type PausedRunQuery,
  type RunRecord,
  type SessionState,
  type StoredDocument,
} from '@agno/core';
import {
  checkId,
  checkPausedRun,
  checkRun,
  checkSummary,
  checkText,
  checkTopics,
  createdAtOf,
  documentJSON,
  newId,
  pageOf,
  pausedRunFilter,
  stateJSON,
} from './codec.js';
import { MemoryStoreError } from './errors.js';
import {
  embedOne,
  rankByText,
  rankByVector,
  type SearchRow,
  searchMode,
  searchPatterns,
  searchText,
} from './search.js';
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
} from './types.js';

interface Session {
  sessionId: string;
  userId: string | undefined;
  agentName: string | undefined;
  name: string | undefined;
  createdAt: number;
  updatedAt: number;
  seq: number;
  runs: RunRecord[];
  /** The messages of the runs that did not fail (the history). */
  messages: Message[];
  /** Index into `messages` where each of those runs begins. */
  runStarts: number[];
  /** How many messages the failed runs hold (kept in `runs` only). */
  failedMessages: number;
  stateJSON: string;
  stateVersion: number;
  summary: SessionSummary | undefined;
}

interface MemoryRow extends SearchRow {
  embedding: number[] | null;
}

interface PausedRow {
  json: string;
  sessionId: string | undefined;
  userId: string | undefined;
  createdAt: number;
  /** Save order: the tie-break of equal creation times. */
  seq: number;
}

interface DocRow {
  json: string;
  updatedAt: number;
}

/** Options of {@link InMemoryStore}. */
export interface InMemoryStoreOptions {
  /** Embeds memories so that `searchMemories` searches by meaning. */
  embedder?: Embedder;
  /**
   * Keep an index of run ids (default true): `getRun` in constant time, and a run id that is stored
   * already refused with reason `conflict`, as the SQL stores do. `false` saves the index's cost per
   * append (about half of an append); `getRun` then searches newest first, and duplicate run ids go
   * unnoticed.
   */
  indexRuns?: boolean;
}

/** A {@link MemoryStore} in process memory. */
export class InMemoryStore implements MemoryStore {
  private readonly sessions = new Map<string, Session>();
  private readonly runsById: Map<string, RunRecord> | undefined;
  private readonly paused = new Map<string, PausedRow>();
  private readonly documents = new Map<string, Map<string, DocRow>>();
  private readonly memories = new Map<string, MemoryRow>();
  private readonly memoriesByUser = new Map<string, MemoryRow[]>();
  private readonly embedder: Embedder | undefined;
  private seq = 0;
  private clock = 0;
  private closed = false;

  constructor(options: InMemoryStoreOptions = {}) {
    this.embedder = options.embedder;
    this.runsById = options.indexRuns === false ? undefined : new Map();
  }

  private open(): void {
    if (this.closed) throw new MemoryStoreError('closed', 'the store is closed');
  }

  private session(sessionId: string, now: number): Session {
    let s = this.sessions.get(sessionId);
    if (s === undefined) {
      s = {
        sessionId,
        userId: undefined,
        agentName: undefined,
        name: undefined,
        createdAt: now,
        updatedAt: now,
        seq: ++this.seq,
        runs: [],
        messages: [],
        runStarts: [],
        failedMessages: 0,
        stateJSON: '{}',
        stateVersion: 0,
        summary: undefined,
      };
      this.sessions.set(sessionId, s);
    }
    return s;
  }

  private info(s: Session): SessionInfo {
    return {
      sessionId: s.sessionId,
      userId: s.userId,
      agentName: s.agentName,
      name: s.name,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      runCount: s.runs.length,
      messageCount: s.messages.length + s.failedMessages,
      summary: s.summary === undefined ? undefined : { ...s.summary },
    };
  }

  /** {@inheritDoc MemoryStore.createSession} */
  async createSession(input: NewSession = {}): Promise<SessionInfo> {
    this.open();
    const sessionId = input.sessionId === undefined ? newId() : checkId('sessionId', input.sessionId);
    if (input.userId !== undefined) checkId('userId', input.userId);
    if (input.name !== undefined) checkText('name', input.name);
    if (input.agentName !== undefined) checkText('agentName', input.agentName);
    createdAtOf(input.createdAt);
    if (this.sessions.has(sessionId)) {
      throw new MemoryStoreError('conflict', 'a session with this id exists already', {
        details: { sessionId },
      });
    }
    const s = this.session(sessionId, createdAtOf(input.createdAt));
    s.userId = input.userId;
    s.agentName = input.agentName;
    s.name = input.name;
    return this.info(s);
  }

  /** {@inheritDoc MemoryStore.getSession} */
  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    this.open();
    const s = this.sessions.get(checkId('sessionId', sessionId));
    return s === undefined ? undefined : this.info(s);
  }

  /** {@inheritDoc MemoryStore.listSessions} */
  async listSessions(options: Page & { userId?: string } = {}): Promise<SessionInfo[]> {
    this.open();
    const { limit, offset } = pageOf(options);
    const userId = options.userId;
    const all: Session[] = [];
    for (const s of this.sessions.values()) if (userId === undefined || s.userId === userId) all.push(s);
    all.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
    return all.slice(offset, limit < 0 ? undefined : offset + limit).map((s) => this.info(s));
  }

  /** {@inheritDoc MemoryStore.renameSession} */
  async renameSession(sessionId: string, name: string): Promise<SessionInfo> {
    this.open();
    checkText('name', name);
    const s = this.sessions.get(checkId('sessionId', sessionId));
    if (s === undefined)
      throw new MemoryStoreError('missing', 'no session with this id', { details: { sessionId } });
    s.name = name;
    return this.info(s);
  }

  /** {@inheritDoc MemoryStore.deleteSession} */
  async deleteSession(sessionId: string): Promise<void> {
    this.open();
    const s = this.sessions.get(checkId('sessionId', sessionId));
    if (s === undefined) return;
    if (this.runsById !== undefined) for (const r of s.runs) this.runsById.delete(r.runId);
    this.sessions.delete(sessionId);
    for (const [runId, p] of this.paused) if (p.sessionId === sessionId) this.paused.delete(runId);
  }

  /** {@inheritDoc SessionStore.loadHistory} */
  async loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
    if (this.closed) this.open();
    const s = this.sessions.get(sessionId);
    if (s === undefined) return [];
    if (query?.includeFailed === true) return historyWithFailed(s.runs, query);
    const limit = query?.limit;
    if (query?.unit === 'runs' && limit !== undefined) {
      const starts = s.runStarts;
      const from = Math.max(0, starts.length - limit);
      return from >= starts.length ? [] : lastMessages(s.messages.slice(starts[from]), undefined);
    }
    return lastMessages(s.messages, limit);
  }

  /** {@inheritDoc SessionStore.appendRun} */
  async appendRun(run: RunRecord): Promise<void> {
    if (this.closed) this.open();
    checkRun(run);
    // One index lookup on the hot path: a duplicate shows as an unchanged size.
    const index = this.runsById;
    if (index !== undefined) {
      const size = index.size;
      index.set(run.runId, run);
      if (index.size === size) {
        index.set(run.runId, this.storedRun(run.runId)!);
        throw new MemoryStoreError('conflict', 'a run with this id is stored already', {
          details: { runId: run.runId },
        });
      }
    }
    this.put(run);
  }

  /** The stored run with this id, found without the index: newest sessions and runs first. */
  private storedRun(runId: string): RunRecord | undefined {
    const sessions = [...this.sessions.values()];
    for (let i = sessions.length - 1; i >= 0; i--) {
      const runs = sessions[i]!.runs;
      for (let j = runs.length - 1; j >= 0; j--) if (runs[j]!.runId === runId) return runs[j];
    }
    return undefined;
  }

  /** {@inheritDoc MemoryStore.appendRuns} */
  async appendRuns(runs: readonly RunRecord[]): Promise<void> {
    this.open();
    const ids = new Set<string>();
    for (const run of runs) {
      checkRun(run);
      if (ids.has(run.runId) || this.runsById?.has(run.runId)) {
        throw new MemoryStoreError('conflict', 'a run with this id is stored already', {
          details: { runId: run.runId },
        });
      }
      ids.add(run.runId);
    }
    for (const run of runs) {
      this.runsById?.set(run.runId, run);
      this.put(run);
    }
  }

  private put(run: RunRecord): void {
    const s = this.session(run.sessionId, run.createdAt);
    if (s.userId === undefined && run.userId !== undefined) s.userId = run.userId;
    if (s.agentName === undefined) s.agentName = run.agentName;
    if (run.createdAt > s.updatedAt) s.updatedAt = run.createdAt;
    s.runs.push(run);
    if (run.status === 'error') {
      s.failedMessages += run.messages.length;
      return;
    }
    s.runStarts.push(s.messages.length);
    const messages = s.messages;
    for (const m of run.messages) messages.push(m);
  }

  /** {@inheritDoc MemoryStore.listRuns} */
  async listRuns(sessionId: string, page?: Page): Promise<RunRecord[]> {
    this.open();
    const { limit, offset } = pageOf(page);
    const runs = this.sessions.get(checkId('sessionId', sessionId))?.runs ?? [];
    return runs.slice(offset, limit < 0 ? undefined : offset + limit);
  }

  /** {@inheritDoc MemoryStore.getRun} */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    this.open();
    checkId('runId', runId);
    return this.runsById === undefined ? this.storedRun(runId) : this.runsById.get(runId);
  }

  /** {@inheritDoc SessionStore.getState} */
  async getState(sessionId: string): Promise<SessionState> {
    this.open();
    const s = this.sessions.get(checkId('sessionId', sessionId));
    return s === undefined
      ? { state: {}, version: 0 }
      : { state: JSON.parse(s.stateJSON), version: s.stateVersion };
  }

  /** {@inheritDoc SessionStore.updateState} */
  async updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    this.open();
    checkId('sessionId', sessionId);
    const current = this.sessions.get(sessionId);
    const next = update(current === undefined ? {} : JSON.parse(current.stateJSON));
    const json = stateJSON(next);
    const s = current ?? this.session(sessionId, Date.now());
    s.stateJSON = json;
    s.stateVersion++;
    return { state: JSON.parse(json), version: s.stateVersion };
  }

  /** {@inheritDoc MemoryStore.setState} */
  async setState(
    sessionId: string,
    state: Record<string, unknown>,
    expectedVersion: number,
  ): Promise<SessionState> {
    this.open();
    checkId('sessionId', sessionId);
    const json = stateJSON(state);
    const current = this.sessions.get(sessionId)?.stateVersion ?? 0;
    if (current !== expectedVersion) {
      throw new MemoryStoreError('conflict', `the state is at version ${current}, not ${expectedVersion}`, {
        details: { sessionId, expectedVersion, actualVersion: current },
      });
    }
    const s = this.session(sessionId, Date.now());
    s.stateJSON = json;
    s.stateVersion++;
    return { state: JSON.parse(json), version: s.stateVersion };
  }

  /** {@inheritDoc MemoryStore.saveSummary} */
  async saveSummary(sessionId: string, summary: SessionSummary): Promise<boolean> {
    this.open();
    checkSummary(summary);
    const s = this.sessions.get(checkId('sessionId', sessionId));
    if (
      s === undefined ||
      (s.summary !== undefined && s.summary.coveredMessages >= summary.coveredMessages)
    ) {
      return false;
    }
    s.summary = {
      text: summary.text,
      coveredMessages: summary.coveredMessages,
      updatedAt: summary.updatedAt,
    };
    return true;
  }

  /** {@inheritDoc SessionStore.savePausedRun} */
  async savePausedRun(paused: PausedRun): Promise<void> {
    this.open();
    checkPausedRun(paused);
    const json = documentJSON(paused);
    this.paused.set(paused.runId, {
      json,
      sessionId: paused.sessionId ?? undefined,
      userId: paused.userId ?? undefined,
      createdAt: paused.createdAt ?? Date.now(),
      seq: ++this.seq,
    });
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  async loadPausedRun(runId: string): Promise<PausedRun | undefined> {
    this.open();
    const p = this.paused.get(checkId('runId', runId));
    return p === undefined ? undefined : (JSON.parse(p.json) as PausedRun);
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  async claimPausedRun(runId: string): Promise<PausedRun | undefined> {
    this.open();
    const p = this.paused.get(checkId('runId', runId));
    if (p === undefined) return undefined;
    this.paused.delete(runId);
    return JSON.parse(p.json) as PausedRun;
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  async listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]> {
    this.open();
    const { by, id, limit } = pausedRunFilter(query);
    const rows: PausedRow[] = [];
    for (const p of this.paused.values())
      if ((by === 'session' ? p.sessionId : p.userId) === id) rows.push(p);
    rows.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    return rows.slice(0, limit < 0 ? undefined : limit).map((p) => JSON.parse(p.json) as PausedRun);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  async deletePausedRun(runId: string): Promise<void> {
    this.open();
    this.paused.delete(checkId('runId', runId));
  }

  /** {@inheritDoc DocumentStore.putDocument} */
  async putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    this.open();
    checkId('collection', collection);
    checkId('document id', id);
    const json = documentJSON(doc);
    let docs = this.documents.get(collection);
    if (docs === undefined) this.documents.set(collection, (docs = new Map()));
    docs.delete(id);
    this.clock = Math.max(this.clock + 1, Date.now());
    docs.set(id, { json, updatedAt: this.clock });
  }

  /** {@inheritDoc DocumentStore.getDocument} */
  async getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined> {
    this.open();
    const hit = this.documents.get(checkId('collection', collection))?.get(checkId('document id', id));
    return hit === undefined ? undefined : (JSON.parse(hit.json) as T);
  }

  /** {@inheritDoc DocumentStore.listDocuments} */
  async listDocuments<T = unknown>(collection: string, page?: Page): Promise<StoredDocument<T>[]> {
    this.open();
    const { limit, offset } = pageOf(page);
    const docs = this.documents.get(checkId('collection', collection));
    if (docs === undefined) return [];
    const all = [...docs].reverse();
    return all
      .slice(offset, limit < 0 ? undefined : offset + limit)
      .map(([id, v]) => ({ id, doc: JSON.parse(v.json) as T, updatedAt: v.updatedAt }));
  }

  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  async putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    this.open();
    checkId('collection', collection);
    checkId('document id', id);
    const json = documentJSON(doc);
    let docs = this.documents.get(collection);
    if (docs === undefined) this.documents.set(collection, (docs = new Map()));
    if (docs.has(id)) return false;
    this.clock = Math.max(this.clock + 1, Date.now());
    docs.set(id, { json, updatedAt: this.clock });
    return true;
  }

  /** {@inheritDoc DocumentStore.deleteDocument} */
  async deleteDocument(collection: string, id: string): Promise<void> {
    this.open();
    this.documents.get(checkId('collection', collection))?.delete(checkId('document id', id));
  }

  /** {@inheritDoc UserMemoryStore.addMemory} */
  async addMemory(input: NewUserMemory): Promise<UserMemory> {
    this.open();
    const userId = checkId('userId', input.userId);
    const text = checkText('memory', input.memory);
    const topics = checkTopics(input.topics);
    const memoryId = input.memoryId === undefined ? newId() : checkId('memoryId', input.memoryId);
    const now = createdAtOf(input.createdAt);
    const embedding = this.embedder === undefined ? null : await embedOne(this.embedder, text);
    this.open();
    if (this.memories.has(memoryId)) {
      throw new MemoryStoreError('conflict', 'a memory with this id exists already', {
        details: { memoryId },
      });
    }
    const memory: UserMemory = { memoryId, userId, memory: text, topics, createdAt: now, updatedAt: now };
    const row: MemoryRow = { memory, search: searchText(text, topics), seq: ++this.seq, embedding };
    this.memories.set(memoryId, row);
    let list = this.memoriesByUser.get(userId);
    if (list === undefined) this.memoriesByUser.set(userId, (list = []));
    list.push(row);
    return copyMemory(memory);
  }

  /** {@inheritDoc UserMemoryStore.getMemory} */
  async getMemory(memoryId: string): Promise<UserMemory | undefined> {
    this.open();
    const row = this.memories.get(checkId('memoryId', memoryId));
    return row === undefined ? undefined : copyMemory(row.memory);
  }

  /** {@inheritDoc UserMemoryStore.listMemories} */
  async listMemories(userId: string, page?: Page): Promise<UserMemory[]> {
    this.open();
    const { limit, offset } = pageOf(page);
    const list = this.memoriesByUser.get(checkId('userId', userId)) ?? [];
    const out: UserMemory[] = [];
    for (let i = list.length - 1 - offset; i >= 0 && (limit < 0 || out.length < limit); i--) {
      out.push(copyMemory(list[i]!.memory));
    }
    return out;
  }

  /** {@inheritDoc UserMemoryStore.searchMemories} */
  async searchMemories(userId: string, query: string, options: MemorySearch = {}): Promise<ScoredMemory[]> {
    this.open();
    checkId('userId', userId);
    checkText('query', query);
    const limit = options.limit ?? 10;
    const mode = searchMode(options.mode, this.embedder);
    const rows = this.memoriesByUser.get(userId) ?? [];
    if (mode === 'vector') {
      const vector = await embedOne(this.embedder!, query);
      return rankByVector(rows, vector, limit).map(copyScored);
    }
    return rankByText(rows, searchPatterns(query), limit).map(copyScored);
  }

  /** {@inheritDoc UserMemoryStore.updateMemory} */
  async updateMemory(memoryId: string, update: MemoryUpdate): Promise<UserMemory> {
    this.open();
    checkId('memoryId', memoryId);
    const text = update.memory === undefined ? undefined : checkText('memory', update.memory);
    const topics = update.topics === undefined ? undefined : checkTopics(update.topics);
    if (!this.memories.has(memoryId)) {
      throw new MemoryStoreError('missing', 'no memory with this id', { details: { memoryId } });
    }
    const embedding =
      text !== undefined && this.embedder !== undefined ? await embedOne(this.embedder, text) : null;
    const row = this.memories.get(memoryId);
    if (row === undefined)
      throw new MemoryStoreError('missing', 'no memory with this id', { details: { memoryId } });
    const m = row.memory;
    if (text !== undefined) m.memory = text;
    if (topics !== undefined) m.topics = topics;
    m.updatedAt = Math.max(Date.now(), m.updatedAt);
    row.search = searchText(m.memory, m.topics);
    if (embedding !== null) row.embedding = embedding;
    return copyMemory(m);
  }

  /** {@inheritDoc UserMemoryStore.deleteMemory} */
  async deleteMemory(memoryId: string): Promise<void> {
    this.open();
    const row = this.memories.get(checkId('memoryId', memoryId));
    if (row === undefined) return;
    this.memories.delete(memoryId);
    const list = this.memoriesByUser.get(row.memory.userId);
    if (list !== undefined) {
      const i = list.indexOf(row);
      if (i >= 0) list.splice(i, 1);
    }
  }

  /** {@inheritDoc UserMemoryStore.listUserIds} */
  async listUserIds(page?: Page): Promise<string[]> {
    this.open();
    const { limit, offset } = pageOf(page);
    const ids = new Set<string>();
    for (const s of this.sessions.values()) if (s.userId !== undefined) ids.add(s.userId);
    for (const [userId, list] of this.memoriesByUser) if (list.length > 0) ids.add(userId);
    const sorted = [...ids].sort(compareText);
    return sorted.slice(offset, limit < 0 ? undefined : offset + limit);
  }

  /** Forgets everything; later calls fail with reason `closed`. */
  async close(): Promise<void> {
    this.closed = true;
    this.sessions.clear();
    this.runsById?.clear();
    this.paused.clear();
    this.documents.clear();
    this.memories.clear();
    this.memoriesByUser.clear();
  }
}

/** A history built from all of a session's runs, failed ones included (the rarely used path). */
function historyWithFailed(runs: readonly RunRecord[], query: HistoryQuery): Message[] {
  const byRuns = query.unit === 'runs' && query.limit !== undefined;
  const from = byRuns ? Math.max(0, runs.length - query.limit!) : 0;
  const messages: Message[] = [];
  for (let i = from; i < runs.length; i++) for (const m of runs[i]!.messages) messages.push(m);
  return lastMessages(messages, byRuns ? undefined : query.limit);
}

/** Orders strings by UTF-16 code units, as the SQL stores' binary collation does for most text. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function copyMemory(m: UserMemory): UserMemory {
  return { ...m, topics: m.topics.slice() };
}

function copyScored(m: ScoredMemory): ScoredMemory {
  return { ...m, topics: m.topics.slice() };
}
