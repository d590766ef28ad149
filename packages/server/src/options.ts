/** The options of {@link createServer}. */
import type { Agent, Message, RunRecord } from '@agno/core';
import type { AuthOptions } from './auth/types.js';
import type { RequestLogEntry } from './request-log.js';
import type { RunRegistryOptions } from './run-registry.js';
import type { RunSource, RunTarget, TargetKind, WorkflowLike } from './targets.js';

/** A stored session as the session routes show it (the shape of `@agno/memory`'s). */
export interface SessionInfoLike {
  sessionId: string;
  userId: string | undefined;
}

/** A stored user memory (the shape of `@agno/memory`'s). */
export interface UserMemoryLike {
  memoryId: string;
  userId: string;
}

/**
 * What the session, run and memory routes read: any store with these methods, such as
 * `@agno/memory`'s. Each route needs only its own methods; a route whose method is missing answers
 * 501. History and paused runs are read through the agents' own stores.
 */
export interface ServerStore {
  getSession?(sessionId: string): Promise<SessionInfoLike | undefined>;
  listSessions?(options: { userId?: string; limit?: number; offset?: number }): Promise<SessionInfoLike[]>;
  deleteSession?(sessionId: string): Promise<void>;
  listRuns?(sessionId: string, page?: { limit?: number; offset?: number }): Promise<RunRecord[]>;
  getRun?(runId: string): Promise<RunRecord | undefined>;
  loadHistory?(sessionId: string): Promise<Message[]>;
  getState?(sessionId: string): Promise<{ state: Record<string, unknown>; version: number }>;
  listMemories?(userId: string, page?: { limit?: number; offset?: number }): Promise<UserMemoryLike[]>;
  getMemory?(memoryId: string): Promise<UserMemoryLike | undefined>;
  deleteMemory?(memoryId: string): Promise<void>;
  getDocument?<T>(collection: string, id: string): Promise<T | undefined>;
  putDocument?(collection: string, id: string, doc: unknown): Promise<void>;
  close?(): Promise<void>;
}

/**
 * Where runs execute, when not in this process: `wrap` turns a target into one whose runs execute
 * elsewhere (a queue's workers), and `attach` finds a run that another server started, so any
 * server can stream any run's events.
 */
export interface RunBackend {
  wrap(target: RunTarget): RunTarget;
  attach?(runId: string): Promise<
    | {
        kind: TargetKind;
        name: string;
        userId: string | undefined;
        sessionId: string | undefined;
        source: RunSource;
      }
    | undefined
  >;
  close?(): Promise<void>;
}

/** CORS settings (Hono's `cors` middleware options; allowed headers default to the ones the client sends, `x-run-id` is exposed). */
export interface CORSOptions {
  origin: string | string[] | ((origin: string) => string | undefined | null);
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  credentials?: boolean;
  maxAge?: number;
}

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Agents by name (or an array: each by its `name`). */
  agents?: Record<string, Agent> | Agent[];
  /** Teams of `@agno/workflow` by name (or an array: each by its `name`). */
  teams?: Record<string, WorkflowLike> | WorkflowLike[];
  /** Workflows of `@agno/workflow` by name (or an array: each by its `name`). */
  workflows?: Record<string, WorkflowLike> | WorkflowLike[];
  /** Sessions, runs and memories for their routes (default: the first agent's store). */
  store?: ServerStore;
  /** Authentication; without it every request is anonymous and may name its `userId` (development only). */
  auth?: AuthOptions;
  /** CORS for browsers on other origins (off by default). */
  cors?: CORSOptions;
  /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
  /** Runs in flight per caller (the subject, or the client address without auth); more wait in a bounded queue, then 429. */
  rateLimit?: { concurrency: number; maxQueue?: number };
  /** Event logs of runs (`maxEvents`, `window`, `retainMs`, `maxRetained`). */
  runs?: RunRegistryOptions;
  /** SSE heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /** The longest `timeoutMs` a request may ask for, and the default when it asks none (default: none). */
  maxRunTimeoutMs?: number;
  /** Mount every route under this prefix (default none). */
  basePath?: string;
  /** Where runs execute (default: in this process); see `@agno/server`'s queue backend. */
  backend?: RunBackend;
  /** Structured request logs: a function receiving each entry, or false (default: none). */
  log?: false | ((entry: RequestLogEntry) => void);
  /** Put the run's input text in request logs (default false). */
  logPrompts?: boolean;
  /**
   * An MCP endpoint to mount at `/mcp` (behind the server's auth; the principal's subject is the
   * runs' user): `mcpHandler({ agents, tools, workflows })` from `@agno/server/mcp`.
   */
  mcp?: (request: Request, context: { userId?: string; signal?: AbortSignal }) => Promise<Response>;
  /** Called with errors that answer 500 (not agno errors): report them; the client sees a generic message. */
  onError?: (error: unknown, request: Request) => void;
  /** Title and version in `/openapi.json`. */
  info?: { title?: string; version?: string; description?: string };
}
