/**
 * The session store interface that `@agno/memory` implements, and the in-memory store
 * that core ships for tests and short-lived agents.
 */
import { StoreError } from './errors.js';
import type { Message, Usage } from './messages.js';
import type { PausedRun, RunTimings, ToolCallRecord } from './run-types.js';

/** One stored run of a session. */
export interface RunRecord {
  runId: string;
  sessionId: string;
  userId: string | undefined;
  agentName: string;
  status: 'completed' | 'error';
  /** The messages this run added (input, model turns, tool results); no system prompt. */
  messages: Message[];
  /** The final text. */
  text: string;
  toolCalls: ToolCallRecord[];
  usage: Usage;
  timings: RunTimings;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Error code when `status` is `error`. */
  errorCode?: string;
}

/** A session's state and its version (incremented by each write). */
export interface SessionState {
  state: Record<string, unknown>;
  version: number;
}

/** Which part of a session's history to load. */
export interface HistoryQuery {
  /** How many messages or runs, newest last. Omit for all. */
  limit?: number;
  /** Whether `limit` counts messages (default) or runs. */
  unit?: 'messages' | 'runs';
  /** Include the messages of runs that ended in error (status `error`); left out by default. */
  includeFailed?: boolean;
}

/** Which paused runs to list: those of one session, or those of one user. */
export type PausedRunQuery =
  | { sessionId: string; userId?: undefined; limit?: number }
  | { userId: string; sessionId?: undefined; limit?: number };

/** A stored JSON document with its id and last write time. */
export interface StoredDocument<T = unknown> {
  id: string;
  doc: T;
  /** Epoch milliseconds of the last write. */
  updatedAt: number;
}

/**
 * JSON documents by collection and id, for state that other packages keep in the same store
 * (workflow runs, memories of a custom kind). Writes replace the whole document.
 */
export interface DocumentStore {
  /** Writes (creates or replaces) a document; it must be JSON-serialisable. */
  putDocument(collection: string, id: string, doc: unknown): Promise<void>;
  /** A document, or `undefined`. */
  getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined>;
  /** Documents of a collection, most recently written first. */
  listDocuments<T = unknown>(
    collection: string,
    options?: { limit?: number; offset?: number },
  ): Promise<StoredDocument<T>[]>;
  /** Deletes a document (no error when it does not exist). */
  deleteDocument(collection: string, id: string): Promise<void>;
  /**
   * Writes a document only if none has this id, atomically: of any number of concurrent callers
   * (other processes too), exactly one gets `true`. The building block of claims (a workflow run
   * resumed once).
   */
  putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean>;
}

/** Where an agent keeps sessions: their runs, history and state, paused runs, and documents. */
export interface SessionStore extends DocumentStore {
  /** The last messages of a session, oldest first, starting at a user message (see `lastMessages`). */
  loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]>;
  /**
   * Stores a finished run, completed or failed (`status: 'error'`); a committed run is never lost.
   * Failed runs stay out of {@link loadHistory} unless `includeFailed` is asked.
   */
  appendRun(run: RunRecord): Promise<void>;
  /** A session's state (an empty object at version 0 for a new session). */
  getState(sessionId: string): Promise<SessionState>;
  /**
   * Updates a session's state atomically: `update` sees the latest state; concurrent updates never
   * lose each other's writes. State must be JSON-serialisable.
   */
  updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState>;
  /** Keeps a paused run so that it can be continued later, after a restart too. */
  savePausedRun(paused: PausedRun): Promise<void>;
  /** A paused run by id, or `undefined`. */
  loadPausedRun(runId: string): Promise<PausedRun | undefined>;
  /**
   * Takes a paused run to continue it: returns it and removes it in one atomic step, so that of
   * any number of concurrent callers (other processes too) exactly one gets it and the others get
   * `undefined`. A continued run that pauses again is saved anew with {@link savePausedRun}.
   */
  claimPausedRun(runId: string): Promise<PausedRun | undefined>;
  /** The paused runs of a session or of a user, oldest first (what awaits a decision). */
  listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]>;
  /** Forgets a paused run. */
  deletePausedRun(runId: string): Promise<void>;
  /** Releases connections and files. */
  close?(): Promise<void>;
}

/**
 * The last `limit` messages of `messages`, cut at a turn boundary: the slice starts at a user
 * message, so it never opens with an orphan tool result or a turn whose question was cut off
 * (providers reject those).
 */
export function lastMessages(messages: readonly Message[], limit: number | undefined): Message[] {
  let start = limit === undefined || limit >= messages.length ? 0 : messages.length - Math.max(0, limit);
  while (start < messages.length && messages[start]!.role !== 'user') start++;
  return messages.slice(start);
}

/** Throws a {@link StoreError} unless `state` survives JSON serialisation unchanged in kind. */
export function assertJSONState(state: unknown): string {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new StoreError('session state must be a plain object', { code: 'validation_error' });
  }
  try {
    return JSON.stringify(state, (_k, v) => {
      if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') {
        throw new TypeError(`a ${typeof v} is not JSON-serialisable`);
      }
      return v;
    });
  } catch (error) {
    throw new StoreError(`session state is not JSON-serialisable: ${(error as Error).message}`, {
      code: 'validation_error',
      cause: error,
    });
  }
}

/** A session's history built from its runs, failed ones included (the rarely used path). */
function historyOf(runs: readonly RunRecord[], query: HistoryQuery): Message[] {
  const from =
    query.unit === 'runs' && query.limit !== undefined ? Math.max(0, runs.length - query.limit) : 0;
  const messages: Message[] = [];
  for (let i = from; i < runs.length; i++) for (const m of runs[i]!.messages) messages.push(m);
  return query.unit === 'runs' ? messages : lastMessages(messages, query.limit);
}

interface MemorySession {
  runs: RunRecord[];
  messages: Message[];
  /** Index into `messages` where each run begins. */
  runStarts: number[];
  state: SessionState;
}

/** A session store in process memory: fast, and gone when the process ends. */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, MemorySession>();
  private readonly paused = new Map<string, { json: string; sessionId?: string; userId?: string }>();
  private readonly documents = new Map<string, Map<string, { json: string; updatedAt: number }>>();
  private clock = 0;

  private session(sessionId: string): MemorySession {
    let s = this.sessions.get(sessionId);
    if (s === undefined) {
      s = { runs: [], messages: [], runStarts: [], state: { state: {}, version: 0 } };
      this.sessions.set(sessionId, s);
    }
    return s;
  }

  /** {@inheritDoc SessionStore.loadHistory} */
  async loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
    const s = this.sessions.get(sessionId);
    if (s === undefined) return [];
    if (query?.includeFailed === true) return historyOf(s.runs, query);
    if (query?.unit === 'runs' && query.limit !== undefined) {
      const from = Math.max(0, s.runStarts.length - query.limit);
      return from >= s.runStarts.length ? [] : s.messages.slice(s.runStarts[from]);
    }
    return lastMessages(s.messages, query?.limit);
  }

  /** {@inheritDoc SessionStore.appendRun} */
  async appendRun(run: RunRecord): Promise<void> {
    const s = this.session(run.sessionId);
    s.runs.push(run);
    if (run.status === 'error') return;
    s.runStarts.push(s.messages.length);
    for (const m of run.messages) s.messages.push(m);
  }

  /** All runs of a session, oldest first. */
  async listRuns(sessionId: string): Promise<RunRecord[]> {
    return this.sessions.get(sessionId)?.runs.slice() ?? [];
  }

  /** {@inheritDoc SessionStore.getState} */
  async getState(sessionId: string): Promise<SessionState> {
    const st = this.sessions.get(sessionId)?.state;
    return st ? { state: structuredClone(st.state), version: st.version } : { state: {}, version: 0 };
  }

  /** {@inheritDoc SessionStore.updateState} */
  async updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    const s = this.session(sessionId);
    const next = update(structuredClone(s.state.state));
    const json = assertJSONState(next);
    s.state = { state: JSON.parse(json), version: s.state.version + 1 };
    return { state: JSON.parse(json), version: s.state.version };
  }

  /** {@inheritDoc SessionStore.savePausedRun} */
  async savePausedRun(paused: PausedRun): Promise<void> {
    this.paused.delete(paused.runId);
    this.paused.set(paused.runId, {
      json: JSON.stringify(paused),
      sessionId: paused.sessionId,
      userId: paused.userId,
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
    const out: PausedRun[] = [];
    for (const hit of this.paused.values()) {
      const match =
        query.sessionId !== undefined ? hit.sessionId === query.sessionId : hit.userId === query.userId;
      if (match) out.push(JSON.parse(hit.json) as PausedRun);
    }
    // Oldest first; saves of the same millisecond keep their order (the sort is stable).
    out.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
    return query.limit === undefined ? out : out.slice(0, query.limit);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  async deletePausedRun(runId: string): Promise<void> {
    this.paused.delete(runId);
  }

  /** {@inheritDoc DocumentStore.putDocument} */
  async putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    let json: string | undefined;
    try {
      json = JSON.stringify(doc);
    } catch (error) {
      throw new StoreError(`document is not JSON-serialisable: ${(error as Error).message}`, {
        code: 'validation_error',
      });
    }
    if (json === undefined)
      throw new StoreError('document is not JSON-serialisable', { code: 'validation_error' });
    let docs = this.documents.get(collection);
    if (docs === undefined) this.documents.set(collection, (docs = new Map()));
    docs.delete(id);
    // A strictly increasing clock keeps "most recent first" exact within one millisecond.
    this.clock = Math.max(this.clock + 1, Date.now());
    docs.set(id, { json, updatedAt: this.clock });
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
    const all = [...docs].reverse();
    const offset = options.offset ?? 0;
    const end = options.limit === undefined ? undefined : offset + options.limit;
    return all
      .slice(offset, end)
      .map(([id, v]) => ({ id, doc: JSON.parse(v.json) as T, updatedAt: v.updatedAt }));
  }

  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  async putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    if (this.documents.get(collection)?.has(id) === true) return false;
    await this.putDocument(collection, id, doc);
    return true;
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
