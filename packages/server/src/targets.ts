/**
 * What the server can run: agents, teams and workflows behind one small interface, so routes,
 * the event log and the browser stream never care which kind they drive, or whether it runs in
 * this process or on a queue's workers.
 */
import type { Agent, PausedRun, ToolDecision } from '@agno/core';

/** A running run as the server drives it: its events, its result, and a way to stop it. */
export interface RunSource extends AsyncIterable<{ type: string }> {
  readonly result: Promise<unknown>;
  /** Stops the run (its signal aborts). */
  abort(): void;
}

/** What starting a run needs. */
export interface StartRequest {
  runId: string;
  input: unknown;
  sessionId?: string | undefined;
  userId?: string | undefined;
  signal: AbortSignal;
  /** JSON run options the request gave (already checked). */
  options: Record<string, unknown>;
}

/** What continuing a paused run needs. */
export interface ResumeRequest {
  runId: string;
  /** Agents: a decision per pending tool-call id. Workflows and teams: answers per pause id. */
  answers: Record<string, unknown>;
  /** The paused state as the server loaded it (agents: so that a lost race is a conflict, not "not found"). */
  paused?: unknown;
  userId?: string | undefined;
  signal: AbortSignal;
  options: Record<string, unknown>;
}

/** The kinds of things a server serves. */
export type TargetKind = 'agent' | 'team' | 'workflow';

/** Something the server can run by name. */
export interface RunTarget {
  readonly kind: TargetKind;
  readonly name: string;
  readonly description?: string | undefined;
  start(request: StartRequest): RunSource;
  resume(request: ResumeRequest): RunSource;
  /** Runs to the end without streaming (a JSON request nobody streams): cheaper, no events. */
  run?(request: StartRequest): Promise<unknown>;
}

/** The structural shape of a workflow or a team (from `@agno/workflow`), as the server uses it. */
export interface WorkflowLike {
  readonly name: string;
  readonly options?: { description?: string };
  stream(input: never, options: { runId: string; signal: AbortSignal }): RunSource;
  resumeStream(run: string, answers: Record<string, unknown>, options: { signal: AbortSignal }): RunSource;
  run?(input: never, options: { runId: string; signal: AbortSignal }): Promise<unknown>;
  getRun?(runId: string): Promise<unknown>;
  listRuns?(options: { limit?: number; offset?: number }): Promise<unknown[]>;
}

/** An agent as a run target (streams through `agent.stream`, continues through `continueStream`). */
export function agentTarget(name: string, agent: Agent): RunTarget {
  return {
    kind: 'agent',
    name,
    description: agent.options.description,
    run: (r) =>
      agent.run(r.input as string, {
        ...r.options,
        runId: r.runId,
        sessionId: r.sessionId,
        userId: r.userId,
        signal: r.signal,
      }),
    start: (r) =>
      agent.stream(r.input as string, {
        ...r.options,
        runId: r.runId,
        sessionId: r.sessionId,
        userId: r.userId,
        signal: r.signal,
      }),
    resume: (r) =>
      agent.continueStream(
        (r.paused as PausedRun | undefined) ?? r.runId,
        r.answers as Record<string, ToolDecision>,
        {
          ...r.options,
          signal: r.signal,
        },
      ),
  };
}

/** A workflow or a team as a run target. */
export function workflowTarget(kind: 'team' | 'workflow', name: string, flow: WorkflowLike): RunTarget {
  return {
    kind,
    name,
    description: flow.options?.description,
    start: (r) => flow.stream(r.input as never, { runId: r.runId, signal: r.signal }),
    ...(flow.run === undefined
      ? {}
      : { run: (r: StartRequest) => flow.run!(r.input as never, { runId: r.runId, signal: r.signal }) }),
    resume: (r) => flow.resumeStream(r.runId, r.answers, { signal: r.signal }),
  };
}
