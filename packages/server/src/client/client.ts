/**
 * `createClient`: a typed client for an `@agno/server`, on web standards only (`fetch`,
 * `ReadableStream`, `TextDecoder`), so it runs in browsers, Node, Bun and Deno.
 */
import { openRunStream } from './open-stream.js';
import type { RunStream, StreamOptions } from './run-stream.js';
import { type ClientOptions, seg, Transport } from './transport.js';
import type {
  Decision,
  FlowGraph,
  MemoryInfo,
  Page,
  PausedRunInfo,
  RunInfo,
  RunOptions,
  SessionInfo,
  SessionStateInfo,
  StoredRun,
  TargetInfo,
  WireAgentEvent,
  WireRunResult,
  WireWorkflowEvent,
  WireWorkflowResult,
} from './types.js';

/** Options of a run call. */
export interface RunCallOptions {
  /** The session to run in (created on first use). */
  sessionId?: string;
  /** Run options (the server may cap `timeoutMs`). */
  options?: RunOptions;
  /** Aborts the request; for a JSON call, the server cancels the run when the client goes away. */
  signal?: AbortSignal;
}

/** Options of a streaming run call. */
export interface StreamCallOptions extends StreamOptions {
  sessionId?: string;
  options?: RunOptions;
}

/** Options of continuing a paused agent run. */
export interface ContinueOptions {
  options?: RunOptions;
  signal?: AbortSignal;
}

/** A stream of an agent run. */
export type AgentRunStream = RunStream<WireAgentEvent, WireRunResult>;
/** A stream of a workflow or team run. */
export type WorkflowRunStream = RunStream<WireWorkflowEvent, WireWorkflowResult>;

/** Runs of the teams or the workflows a server serves. */
export interface FlowClient {
  /** Runs `name` and answers with its result once it ends (paused runs included). */
  run(name: string, input: unknown, options?: RunCallOptions): Promise<WireWorkflowResult>;
  /** Runs `name` and streams its events. */
  stream(name: string, input: unknown, options?: StreamCallOptions): Promise<WorkflowRunStream>;
  /** Resumes a paused, failed or interrupted run with answers per pause id. */
  resume(
    name: string,
    runId: string,
    answers?: Record<string, unknown>,
    options?: { signal?: AbortSignal },
  ): Promise<WireWorkflowResult>;
  /** Resumes a run and streams the rest of its events. */
  resumeStream(
    name: string,
    runId: string,
    answers?: Record<string, unknown>,
    options?: StreamOptions,
  ): Promise<WorkflowRunStream>;
  /** A stored run of the caller (steps, outputs, pauses). */
  getRun(name: string, runId: string): Promise<WireWorkflowResult>;
  /** The steps of `name`, to draw: names, kinds, paths as the events name them, children. */
  graph(name: string): Promise<FlowGraph>;
}

/** The client of one server. */
export interface AgnoClient {
  readonly baseUrl: string;
  readonly agents: {
    /** Runs agent `name` and answers with its result once it ends (a paused run has `pending`). */
    run(name: string, input: unknown, options?: RunCallOptions): Promise<WireRunResult>;
    /** Runs agent `name` and streams its events. */
    stream(name: string, input: unknown, options?: StreamCallOptions): Promise<AgentRunStream>;
    /** Continues a paused run with a decision per pending tool-call id (each approval executes once). */
    continue(
      name: string,
      runId: string,
      decisions: Record<string, Decision>,
      options?: ContinueOptions,
    ): Promise<WireRunResult>;
    /** Continues a paused run and streams the rest of its events. */
    continueStream(
      name: string,
      runId: string,
      decisions: Record<string, Decision>,
      options?: StreamOptions & { options?: RunOptions },
    ): Promise<AgentRunStream>;
  };
  readonly teams: FlowClient;
  readonly workflows: FlowClient;
  readonly runs: {
    /** A run in flight or recently ended. */
    get(runId: string): Promise<RunInfo>;
    /** A run's events after `lastEventId` (default: from the start), reconnecting like `stream`. */
    events(
      runId: string,
      options?: StreamOptions & { lastEventId?: number },
    ): Promise<RunStream<WireAgentEvent | WireWorkflowEvent, unknown>>;
    /** Cancels a running run (409 `conflict` when it is not running). */
    cancel(runId: string): Promise<{ runId: string; status: 'cancelling' }>;
  };
  readonly sessions: {
    /** The caller's sessions, newest first. */
    list(page?: Page): Promise<SessionInfo[]>;
    /** One of the caller's sessions. */
    get(sessionId: string): Promise<SessionInfo>;
    /** Deletes one of the caller's sessions with its runs. */
    delete(sessionId: string): Promise<void>;
    /** The stored runs of one of the caller's sessions, oldest first. */
    runs(sessionId: string, page?: Page): Promise<StoredRun[]>;
    /** The state of one of the caller's sessions, with its version. */
    state(sessionId: string): Promise<SessionStateInfo>;
  };
  readonly pausedRuns: {
    /** The caller's agent runs waiting for a decision. */
    list(page?: { limit?: number }): Promise<PausedRunInfo[]>;
  };
  readonly memories: {
    /** The caller's memories. */
    list(page?: Page): Promise<MemoryInfo[]>;
    /** Deletes one of the caller's memories. */
    delete(memoryId: string): Promise<void>;
  };
  /** The agents, teams or workflows the server runs. */
  list(kind: 'agents' | 'teams' | 'workflows'): Promise<TargetInfo[]>;
}

/** The run body of a streaming call: the client keeps the run going across reconnects. */
function streamFlags(o: StreamOptions): { stream: true; keepRunning: boolean } {
  return { stream: true, keepRunning: o.reconnect !== false || o.keepRunning === true };
}

function runBody(input: unknown, o: { sessionId?: string; options?: RunOptions }): Record<string, unknown> {
  const body: Record<string, unknown> = { input };
  if (o.sessionId !== undefined) body.sessionId = o.sessionId;
  if (o.options !== undefined) body.options = o.options;
  return body;
}

function flowClient(t: Transport, plural: 'teams' | 'workflows'): FlowClient {
  const base = (name: string) => `/${plural}/${seg(name)}/runs`;
  return {
    run: (name, input, o = {}) =>
      t.json({ method: 'POST', path: base(name), body: runBody(input, o), signal: o.signal }),
    stream: (name, input, o = {}) =>
      openRunStream(
        t,
        { method: 'POST', path: base(name), body: { ...runBody(input, o), ...streamFlags(o) } },
        o,
      ),
    resume: (name, runId, answers = {}, o = {}) =>
      t.json({
        method: 'POST',
        path: `${base(name)}/${seg(runId)}/resume`,
        body: { answers },
        signal: o.signal,
      }),
    resumeStream: (name, runId, answers = {}, o = {}) =>
      openRunStream(
        t,
        { method: 'POST', path: `${base(name)}/${seg(runId)}/resume`, body: { answers, ...streamFlags(o) } },
        o,
      ),
    getRun: (name, runId) => t.json({ method: 'GET', path: `${base(name)}/${seg(runId)}` }),
    graph: (name) => t.json({ method: 'GET', path: `/${plural}/${seg(name)}/graph` }),
  };
}

/** A client of the server at `options.baseUrl`. Credentials are sent on every request, never printed. */
export function createClient(options: ClientOptions): AgnoClient {
  const t = new Transport(options);
  const agentRuns = (name: string) => `/agents/${seg(name)}/runs`;
  const client: AgnoClient = {
    baseUrl: t.baseUrl,
    agents: {
      run: (name, input, o = {}) =>
        t.json({ method: 'POST', path: agentRuns(name), body: runBody(input, o), signal: o.signal }),
      stream: (name, input, o = {}) =>
        openRunStream(
          t,
          { method: 'POST', path: agentRuns(name), body: { ...runBody(input, o), ...streamFlags(o) } },
          o,
        ),
      continue: (name, runId, decisions, o = {}) =>
        t.json({
          method: 'POST',
          path: `${agentRuns(name)}/${seg(runId)}/continue`,
          body: o.options === undefined ? { decisions } : { decisions, options: o.options },
          signal: o.signal,
        }),
      continueStream: (name, runId, decisions, o = {}) => {
        const body: Record<string, unknown> = { decisions, ...streamFlags(o) };
        if (o.options !== undefined) body.options = o.options;
        return openRunStream(
          t,
          { method: 'POST', path: `${agentRuns(name)}/${seg(runId)}/continue`, body },
          o,
        );
      },
    },
    teams: flowClient(t, 'teams'),
    workflows: flowClient(t, 'workflows'),
    runs: {
      get: (runId) => t.json({ method: 'GET', path: `/runs/${seg(runId)}` }),
      events: (runId, o = {}) => {
        const afterId = o.lastEventId ?? 0;
        const headers = afterId > 0 ? { 'last-event-id': String(afterId) } : undefined;
        return openRunStream(t, { method: 'GET', path: `/runs/${seg(runId)}/events`, headers }, o, {
          runId,
          afterId,
        });
      },
      cancel: (runId) => t.json({ method: 'POST', path: `/runs/${seg(runId)}/cancel` }),
    },
    sessions: {
      list: (page = {}) => t.json({ method: 'GET', path: '/sessions', query: { ...page } }),
      get: (id) => t.json({ method: 'GET', path: `/sessions/${seg(id)}` }),
      delete: (id) => t.json({ method: 'DELETE', path: `/sessions/${seg(id)}` }),
      runs: (id, page = {}) =>
        t.json({ method: 'GET', path: `/sessions/${seg(id)}/runs`, query: { ...page } }),
      state: (id) => t.json({ method: 'GET', path: `/sessions/${seg(id)}/state` }),
    },
    pausedRuns: {
      list: (page = {}) => t.json({ method: 'GET', path: '/paused-runs', query: { ...page } }),
    },
    memories: {
      list: (page = {}) => t.json({ method: 'GET', path: '/memories', query: { ...page } }),
      delete: (id) => t.json({ method: 'DELETE', path: `/memories/${seg(id)}` }),
    },
    list: (kind) => t.json({ method: 'GET', path: `/${kind}` }),
  };
  Object.defineProperty(client, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `AgnoClient { baseUrl: ${JSON.stringify(t.baseUrl)} }`,
  });
  return client;
}
