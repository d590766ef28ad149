/**
 * The narrow contract a database driver implements for {@link StoreFront}: statements and rows
 * only. The front checks ids and values, embeds, encodes and decodes JSON, shapes conflicts and
 * trims histories, so that every driver behaves alike.
 */
import type { HistoryQuery, Message, PausedRun, RunRecord, SessionState } from '@agno/core';
import type { EncodedRun, PageSpec, PausedRunFilter } from './codec.js';
import type { SearchRow } from './search.js';
import type { SessionInfo, SessionSummary, UserMemory } from './types.js';

/** A value or a promise of it (SQLite answers at once, PostgreSQL later). */
export type Awaitable<T> = T | Promise<T>;

/** A checked new session. */
export interface SessionRowInput {
  sessionId: string;
  userId: string | undefined;
  agentName: string | undefined;
  name: string | undefined;
  createdAt: number;
}

/** A checked new memory with its search text, topics JSON and embedding. */
export interface MemoryRowInput {
  memoryId: string;
  userId: string;
  memory: string;
  search: string;
  topics: string;
  embedding: number[] | null;
  createdAt: number;
}

/** A memory's next text and topics, computed from the current one inside the driver's transaction. */
export type MemoryChange = (current: UserMemory) => { memory: string; topics: string[]; search: string };

/** The outcome of a compare-and-set: the new version, or the version found instead. */
export type CasResult = { ok: true; version: number } | { ok: false; actual: number };

/** What a driver implements; every id and value it gets is checked, every JSON encoded. */
export interface StoreBackend {
  createSession(session: SessionRowInput): Awaitable<SessionInfo>;
  getSession(sessionId: string): Awaitable<SessionInfo | undefined>;
  listSessions(page: PageSpec, userId: string | undefined): Awaitable<SessionInfo[]>;
  renameSession(sessionId: string, name: string): Awaitable<SessionInfo | undefined>;
  deleteSession(sessionId: string): Awaitable<void>;
  saveSummary(sessionId: string, summary: SessionSummary): Awaitable<boolean>;

  /** The history, untrimmed at its start (the front cuts it at a user message); `limit` > 0 for runs. */
  loadHistory(sessionId: string, query: HistoryQuery | undefined): Awaitable<Message[]>;
  appendRun(run: EncodedRun): Awaitable<void>;
  /** Several runs in one transaction (at least one). */
  appendRuns(runs: readonly EncodedRun[]): Awaitable<void>;
  listRuns(sessionId: string, page: PageSpec): Awaitable<RunRecord[]>;
  getRun(runId: string): Awaitable<RunRecord | undefined>;

  getState(sessionId: string): Awaitable<SessionState>;
  /** Runs `next` on the current state's JSON (undefined for none) under the session's lock; writes its result. */
  updateState(sessionId: string, next: (json: string | undefined) => string): Awaitable<SessionState>;
  setState(sessionId: string, json: string, expectedVersion: number): Awaitable<CasResult>;

  savePausedRun(paused: PausedRun, json: string): Awaitable<void>;
  loadPausedRun(runId: string): Awaitable<string | undefined>;
  claimPausedRun(runId: string): Awaitable<string | undefined>;
  listPausedRuns(filter: PausedRunFilter): Awaitable<string[]>;
  deletePausedRun(runId: string): Awaitable<void>;

  putDocument(collection: string, id: string, json: string): Awaitable<void>;
  getDocument(collection: string, id: string): Awaitable<string | undefined>;
  listDocuments(
    collection: string,
    page: PageSpec,
  ): Awaitable<{ id: string; body: string; updatedAt: number }[]>;
  putDocumentIfAbsent(collection: string, id: string, json: string): Awaitable<boolean>;
  deleteDocument(collection: string, id: string): Awaitable<void>;

  addMemory(memory: MemoryRowInput): Awaitable<UserMemory>;
  getMemory(memoryId: string): Awaitable<UserMemory | undefined>;
  listMemories(userId: string, page: PageSpec): Awaitable<UserMemory[]>;
  /** The user's memories that have an embedding, with it. */
  vectorCandidates(userId: string): Awaitable<SearchRow[]>;
  /** The user's memories whose search text holds one of `patterns` at least. */
  textCandidates(userId: string, patterns: string[]): Awaitable<SearchRow[]>;
  /** Applies `change` to the memory under its lock; `undefined` when it is gone. */
  updateMemory(
    memoryId: string,
    change: MemoryChange,
    embedding: number[] | null,
  ): Awaitable<UserMemory | undefined>;
  deleteMemory(memoryId: string): Awaitable<void>;
  listUserIds(page: PageSpec): Awaitable<string[]>;
  close(): Awaitable<void>;
}

/** The session part of a backend. */
export type SessionsBackend = Pick<
  StoreBackend,
  'createSession' | 'getSession' | 'listSessions' | 'renameSession' | 'deleteSession' | 'saveSummary'
>;
/** The run and history part of a backend. */
export type RunsBackend = Pick<
  StoreBackend,
  'loadHistory' | 'appendRun' | 'appendRuns' | 'listRuns' | 'getRun'
>;
/** The state part of a backend. */
export type StateBackend = Pick<StoreBackend, 'getState' | 'updateState' | 'setState'>;
/** The paused-run part of a backend. */
export type PausedRunsBackend = Pick<
  StoreBackend,
  'savePausedRun' | 'loadPausedRun' | 'claimPausedRun' | 'listPausedRuns' | 'deletePausedRun'
>;
/** The document part of a backend. */
export type DocumentsBackend = Pick<
  StoreBackend,
  'putDocument' | 'getDocument' | 'listDocuments' | 'putDocumentIfAbsent' | 'deleteDocument'
>;
/** The user-memory part of a backend. */
export type MemoriesBackend = Omit<
  StoreBackend,
  | keyof SessionsBackend
  | keyof RunsBackend
  | keyof StateBackend
  | keyof PausedRunsBackend
  | keyof DocumentsBackend
  | 'close'
>;
