/**
 * The session store core ships for tests and short-lived agents: every capability of
 * {@link SessionStore}, in process memory. Other stores build on it through its protected hooks
 * (`@agno/memory`'s `InMemoryStore` adds sessions' details, checks and user memories).
 */
import { StoreError } from './errors.js';
import type { Message } from './messages.js';
import type { PausedRun } from './run-types.js';
import {
  assertJSONState,
  type HistoryQuery,
  lastMessages,
  type PausedRunQuery,
  type RunRecord,
  type SessionState,
  type SessionStore,
  type StoredDocument,
} from './store.js';

/** What the in-memory store keeps per session (a subclass may keep more). */
export interface InMemorySession {
  /** Every run, failed ones included, oldest first. */
  runs: RunRecord[];
  /** The messages of the runs that did not fail (the history). */
  messages: Message[];
  /** Index into `messages` where each of those runs begins. */
  runStarts: number[];
  stateJSON: string;
  stateVersion: number;
}

/** A stored paused run with the fields it is listed by. */
export interface InMemoryPausedRun {
  json: string;
  sessionId: string | undefined;
  userId: string | undefined;
  createdAt: number;
}

/** A session store in process memory: fast, and gone when the process ends. */
export class InMemorySessionStore<S extends InMemorySession = InMemorySession> implements SessionStore {
  /** Sessions by id. */
  protected readonly sessions = new Map<string, S>();
  /** Paused runs by run id, in save order (a run saved again moves to the end). */
  protected readonly paused = new Map<string, InMemoryPausedRun>();
  /** Documents by collection, then id, in write order. */
  protected readonly documents = new Map<string, Map<string, { json: string; updatedAt: number }>>();
  private clock = 0;

  /** A new, empty session, created on its first write at `createdAt`. */
  protected newSession(_sessionId: string, _createdAt: number): S {
    return {
      runs: [],
      messages: [],
      runStarts: [],
      stateJSON: '{}',
      stateVersion: 0,
    } as InMemorySession as S;
  }

  /** The session with this id, created when missing. */
  protected session(sessionId: string, createdAt: number): S {
    let s = this.sessions.get(sessionId);
    if (s === undefined) {
      s = this.newSession(sessionId, createdAt);
      this.sessions.set(sessionId, s);
    }
    return s;
  }

  /** Adds a run to its session (failed runs stay out of the history). */
  protected addRun(s: S, run: RunRecord): void {
    s.runs.push(run);
    if (run.status === 'error') return;
    const messages = s.messages;
    s.runStarts.push(messages.length);
    for (const m of run.messages) messages.push(m);
  }

  /** The JSON of a session state; throws a StoreError (`validation_error`) for what JSON cannot hold. */
  protected encodeState(state: unknown): string {
    return assertJSONState(state);
  }

  /** The JSON of a document or paused run; throws a StoreError (`validation_error`) for what JSON cannot hold. */
  protected encodeDocument(doc: unknown): string {
    let json: string | undefined;
    try {
      json = JSON.stringify(doc);
    } catch (error) {
      throw new StoreError(`document is not JSON-serialisable: ${(error as Error).message}`, {
        code: 'validation_error',
        cause: error,
      });
    }
    if (json === undefined)
      throw new StoreError('document is not JSON-serialisable', { code: 'validation_error' });
    return json;
  }

  /** {@inheritDoc SessionStore.loadHistory} */
  async loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
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
    this.addRun(this.session(run.sessionId, run.createdAt), run);
  }

  /** All runs of a session, oldest first. */
  async listRuns(sessionId: string): Promise<RunRecord[]> {
    return this.sessions.get(sessionId)?.runs.slice() ?? [];
  }

  /** {@inheritDoc SessionStore.getState} */
  async getState(sessionId: string): Promise<SessionState> {
    const s = this.sessions.get(sessionId);
    return s === undefined
      ? { state: {}, version: 0 }
      : { state: JSON.parse(s.stateJSON), version: s.stateVersion };
  }

  /** {@inheritDoc SessionStore.updateState} */
  async updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    const current = this.sessions.get(sessionId);
    const json = this.encodeState(update(current === undefined ? {} : JSON.parse(current.stateJSON)));
    return this.writeState(current ?? this.session(sessionId, Date.now()), json);
  }

  /** Stores `json` as the session's state and bumps its version. */
  protected writeState(s: S, json: string): SessionState {
    s.stateJSON = json;
    s.stateVersion++;
    return { state: JSON.parse(json), version: s.stateVersion };
  }

  /** {@inheritDoc SessionStore.savePausedRun} */
  async savePausedRun(paused: PausedRun): Promise<void> {
    const json = this.encodeDocument(paused);
    this.paused.delete(paused.runId);
    this.paused.set(paused.runId, {
      json,
      sessionId: paused.sessionId ?? undefined,
      userId: paused.userId ?? undefined,
      createdAt: paused.createdAt ?? Date.now(),
    });
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  async loadPausedRun(runId: string): Promise<PausedRun | undefined> {
    const hit = this.paused.get(runId);
    return hit === undefined ? undefined : (JSON.parse(hit.json) as PausedRun);
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  async claimPausedRun(runId: string): Promise<PausedRun | undefined> {
    const hit = this.paused.get(runId);
    if (hit === undefined) return undefined;
    this.paused.delete(runId);
    return JSON.parse(hit.json) as PausedRun;
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  async listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]> {
    const rows: InMemoryPausedRun[] = [];
    for (const p of this.paused.values()) {
      if (query.sessionId !== undefined ? p.sessionId === query.sessionId : p.userId === query.userId)
        rows.push(p);
    }
    // Oldest first; saves of the same millisecond keep their save order (the sort is stable).
    rows.sort((a, b) => a.createdAt - b.createdAt);
    return rows.slice(0, query.limit).map((p) => JSON.parse(p.json) as PausedRun);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  async deletePausedRun(runId: string): Promise<void> {
    this.paused.delete(runId);
  }

  /** {@inheritDoc DocumentStore.putDocument} */
  async putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    this.writeDocument(collection, id, this.encodeDocument(doc), true);
  }

  /** Writes a document's JSON; `false` when it exists and `replace` is false. */
  private writeDocument(collection: string, id: string, json: string, replace: boolean): boolean {
    let docs = this.documents.get(collection);
    if (docs === undefined) this.documents.set(collection, (docs = new Map()));
    if (docs.has(id)) {
      if (!replace) return false;
      docs.delete(id);
    }
    // A strictly increasing clock keeps "most recent first" exact within one millisecond.
    this.clock = Math.max(this.clock + 1, Date.now());
    docs.set(id, { json, updatedAt: this.clock });
    return true;
  }

  /** {@inheritDoc DocumentStore.getDocument} */
  async getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined> {
    const hit = this.documents.get(collection)?.get(id);
    return hit === undefined ? undefined : (JSON.parse(hit.json) as T);
  }

  /** {@inheritDoc DocumentStore.listDocuments} */
  async listDocuments<T = unknown>(
    collection: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<StoredDocument<T>[]> {
    const docs = this.documents.get(collection);
    if (docs === undefined) return [];
    const offset = options.offset ?? 0;
    const end = options.limit === undefined ? undefined : offset + options.limit;
    return [...docs]
      .reverse()
      .slice(offset, end)
      .map(([id, v]) => ({ id, doc: JSON.parse(v.json) as T, updatedAt: v.updatedAt }));
  }

  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  async putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    return this.writeDocument(collection, id, this.encodeDocument(doc), false);
  }

  /** {@inheritDoc DocumentStore.deleteDocument} */
  async deleteDocument(collection: string, id: string): Promise<void> {
    this.documents.get(collection)?.delete(id);
  }

  /** Forgets everything. */
  async close(): Promise<void> {
    this.sessions.clear();
    this.paused.clear();
    this.documents.clear();
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
