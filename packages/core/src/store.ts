/**
 * The store contracts, split by capability (history, state, paused runs, documents) so that a
 * plugin store implements what it needs and the agent asks only for what it calls.
 * `SessionStore` is all of them, as `@agno/memory`'s stores and core's in-memory store provide.
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

/** A session's conversation: the runs it stored and the history an agent loads from them. */
export interface HistoryStore {
  /** The last messages of a session, oldest first, starting at a user message (see `lastMessages`). */
  loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]>;
  /**
   * Stores a finished run, completed or failed (`status: 'error'`); a committed run is never lost.
   * Failed runs stay out of {@link loadHistory} unless `includeFailed` is asked.
   */
  appendRun(run: RunRecord): Promise<void>;
  /** Releases connections and files. */
  close?(): Promise<void>;
}

/** A session's JSON state, updated atomically. */
export interface StateStore {
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
  /** Releases connections and files. */
  close?(): Promise<void>;
}

/** Runs paused for a decision (tool approvals), kept until one caller claims them. */
export interface PausedRunStore {
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

/** Where an agent keeps sessions: every capability (history, state, paused runs, documents). */
export interface SessionStore extends HistoryStore, StateStore, PausedRunStore, DocumentStore {
  /** Releases connections and files. */
  close?(): Promise<void>;
}

/**
 * What an agent's `store` option takes: history always; state and paused runs when the agent's
 * runs use them (a run that needs a missing capability fails with a `ConfigError` naming it).
 */
export type AgentStore = HistoryStore & Partial<StateStore> & Partial<PausedRunStore>;

/** `store` as a {@link PausedRunStore} when it keeps paused runs (all of that capability), else `undefined`. */
export function pausedRunsOf(store: Partial<PausedRunStore> | undefined): PausedRunStore | undefined {
  return store !== undefined &&
    typeof store.savePausedRun === 'function' &&
    typeof store.loadPausedRun === 'function' &&
    typeof store.claimPausedRun === 'function'
    ? (store as PausedRunStore)
    : undefined;
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
