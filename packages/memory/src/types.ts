/**
 * The store interface of `@agno/memory`: core's `SessionStore` plus sessions, runs,
 * compare-and-set state, session summaries and user memories.
 */
import type { RunRecord, SessionState, SessionStore } from '@agno/core';

/** Turns texts into vectors (one per text, all of one length), for memory search by meaning. */
export type Embedder = (texts: string[]) => Promise<number[][]>;

/** A session: who it belongs to, its title, and how much it holds. */
export interface SessionInfo {
  sessionId: string;
  userId: string | undefined;
  agentName: string | undefined;
  /** A title, when one was given or set with `renameSession`. */
  name: string | undefined;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the last run appended (or of creation). */
  updatedAt: number;
  runCount: number;
  /** How many messages its runs hold, failed runs included. */
  messageCount: number;
  /**
   * How many messages its history holds: those of the runs that did not fail (what `loadHistory`
   * returns untrimmed). Set by every store of this package; stores written before it may leave it out.
   */
  historyMessageCount?: number;
  /** The summary of the older part of the session, when one was made. */
  summary: SessionSummary | undefined;
}

/** What `createSession` takes; the id is generated when left out. */
export interface NewSession {
  sessionId?: string;
  userId?: string;
  agentName?: string;
  name?: string;
  /** Epoch milliseconds; now when left out (give it when importing sessions). */
  createdAt?: number;
}

/** Paging of a list: at most `limit` items after skipping `offset`. */
export interface Page {
  limit?: number;
  offset?: number;
}

/** A summary of the first `coveredMessages` messages of a session. */
export interface SessionSummary {
  text: string;
  /** How many messages, from the start of the session, the summary stands for. */
  coveredMessages: number;
  /** Epoch milliseconds. */
  updatedAt: number;
}

/** A fact about a user that outlives a session. */
export interface UserMemory {
  memoryId: string;
  userId: string;
  /** The fact, in one sentence. */
  memory: string;
  topics: string[];
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the last change. */
  updatedAt: number;
}

/** What `addMemory` takes; the id is generated when left out. */
export interface NewUserMemory {
  userId: string;
  memory: string;
  topics?: string[];
  memoryId?: string;
  /** Epoch milliseconds; now when left out (give it when importing memories). */
  createdAt?: number;
}

/** A change to a memory: its text, its topics, or both. */
export interface MemoryUpdate {
  memory?: string;
  topics?: string[];
}

/** A search hit with its score: cosine similarity (vector search) or matched query words (text search). */
export interface ScoredMemory extends UserMemory {
  score: number;
}

/** Options of `searchMemories`. */
export interface MemorySearch {
  /** How many hits. Default 10. */
  limit?: number;
  /** `vector` needs an embedder; `auto` (default) uses vectors when the store has an embedder. */
  mode?: 'auto' | 'text' | 'vector';
}

/** User memories: add, list, search, update, delete. */
export interface UserMemoryStore {
  /** Stores a memory (embedding it when the store has an embedder). */
  addMemory(memory: NewUserMemory): Promise<UserMemory>;
  /** A memory by id, or `undefined`. */
  getMemory(memoryId: string): Promise<UserMemory | undefined>;
  /** A user's memories, newest first. */
  listMemories(userId: string, page?: Page): Promise<UserMemory[]>;
  /**
   * A user's memories that match `query`, best first: by cosine similarity of embeddings when the
   * store has an embedder, else by how many of the query's words they contain.
   */
  searchMemories(userId: string, query: string, options?: MemorySearch): Promise<ScoredMemory[]>;
  /** Changes a memory; a `not_found` StoreError when there is none with that id. */
  updateMemory(memoryId: string, update: MemoryUpdate): Promise<UserMemory>;
  /** Deletes a memory (no error when it does not exist). */
  deleteMemory(memoryId: string): Promise<void>;
  /** Ids of the users who own sessions or memories, in ascending order. */
  listUserIds(page?: Page): Promise<string[]>;
}

/**
 * Everything an `@agno/memory` store holds. Implemented by `InMemoryStore`, `SqliteStore`
 * and `PostgresStore`; each passes the conformance suite of `@agno/memory/testing`.
 */
export interface MemoryStore extends SessionStore, UserMemoryStore {
  /** Creates a session; a StoreError with reason `conflict` when the id is taken. */
  createSession(session?: NewSession): Promise<SessionInfo>;
  /** A session, or `undefined`. */
  getSession(sessionId: string): Promise<SessionInfo | undefined>;
  /** Sessions, newest first; only one user's when `userId` is given. */
  listSessions(options?: Page & { userId?: string }): Promise<SessionInfo[]>;
  /** Sets a session's title; a `not_found` StoreError when there is no such session. */
  renameSession(sessionId: string, name: string): Promise<SessionInfo>;
  /** Deletes a session with its runs, messages, state, summary and paused runs (no error when absent). */
  deleteSession(sessionId: string): Promise<void>;
  /** Stores several runs in one transaction: all of them or none. */
  appendRuns(runs: readonly RunRecord[]): Promise<void>;
  /** A session's runs with their messages, oldest first. */
  listRuns(sessionId: string, page?: Page): Promise<RunRecord[]>;
  /** A run by id, or `undefined`. */
  getRun(runId: string): Promise<RunRecord | undefined>;
  /**
   * Compare-and-set: writes `state` only when the session's state is still at `expectedVersion`
   * (0 for a session without state); a StoreError with reason `conflict` otherwise.
   */
  setState(sessionId: string, state: Record<string, unknown>, expectedVersion: number): Promise<SessionState>;
  /** Saves a session's summary unless a summary covering as many messages or more is stored; true when saved. */
  saveSummary(sessionId: string, summary: SessionSummary): Promise<boolean>;
}

/** True when `store` has the session and memory API of {@link MemoryStore}. */
export function isMemoryStore(store: unknown): store is MemoryStore {
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof (store as MemoryStore).getSession === 'function' &&
    typeof (store as MemoryStore).saveSummary === 'function' &&
    typeof (store as MemoryStore).searchMemories === 'function'
  );
}
