/**
 * @agno/memory: sessions, history, state and user memories for agno-ts agents. The root entry
 * holds the interfaces, the in-memory store, the memory manager and the session summarizer; the
 * SQLite and PostgreSQL stores live in `@agno/memory/sqlite` and `@agno/memory/postgres`, so
 * that each user loads only the driver they use.
 */
export { type CopyOptions, type CopyReport, copyStore } from './copy-store.js';
export { isStoreFailure, MemoryStoreError, type StoreFailure } from './errors.js';
export { InMemoryStore, type InMemoryStoreOptions } from './in-memory-store.js';
export {
  type Instructions,
  type MemoryChanges,
  MemoryManager,
  type MemoryManagerOptions,
  parseChanges,
  userOfRun,
} from './memory-manager.js';
export { cosine, searchPatterns, searchText } from './search.js';
export { SessionSummarizer, type SessionSummarizerOptions, SummarizedStore } from './summarizer.js';
export {
  type Embedder,
  isMemoryStore,
  type MemorySearch,
  type MemoryStore,
  type MemoryUpdate,
  type NewSession,
  type NewUserMemory,
  type Page,
  type ScoredMemory,
  type SessionInfo,
  type SessionSummary,
  type UserMemory,
  type UserMemoryStore,
} from './types.js';
