/**
 * Run options, the running stream and the events of a workflow run.
 */
import type { AgentEvent, AgnoError, DocumentStore, Usage } from '@agno/core';
import type { WorkflowError } from './errors.js';
import type { StepKind, WorkflowPause, WorkflowResult } from './records.js';

/** Options of a run. */
export interface WorkflowRunOptions<S extends Record<string, unknown> = Record<string, unknown>> {
  /** Id of the run (a UUID when left out). */
  runId?: string;
  /** Cancels the run and every step and agent in it. */
  signal?: AbortSignal;
  /** The initial shared state (default: the workflow's `state` option, or `{}`). */
  state?: S;
  /** Where the run is kept; overrides the workflow's `store`. */
  store?: DocumentStore;
}

/** Options of `stream()` and `resumeStream()`. */
export interface WorkflowStreamOptions<S extends Record<string, unknown> = Record<string, unknown>>
  extends WorkflowRunOptions<S> {
  /** How many events may wait for the consumer before the run waits (backpressure). Default 256. */
  bufferSize?: number;
}

/** A running workflow stream: iterate it for events, or await `result`. */
export interface WorkflowStream<O> extends AsyncIterable<WorkflowEvent> {
  /** The run's result; rejects with a {@link WorkflowError}. */
  readonly result: Promise<WorkflowResult<O>>;
  /** Id of the run. */
  readonly runId: string;
  /** Cancels the run. */
  abort(): void;
}

interface StepEventBase {
  runId: string;
  path: string;
  name: string;
  kind: StepKind;
}

/** A run began (or resumed). */
export interface WorkflowStartedEvent {
  type: 'workflow-started';
  runId: string;
  workflow: string;
  resumed: boolean;
}
/** A step began an attempt. */
export interface StepStartedEvent extends StepEventBase {
  type: 'step-started';
  attempt: number;
}
/** A step finished with an output. */
export interface StepCompletedEvent extends StepEventBase {
  type: 'step-completed';
  output: unknown;
  durationMs: number;
  usage?: Usage;
}
/** A step did not run: a branch not taken, a failure skipped, or an output reused from an earlier attempt. */
export interface StepSkippedEvent extends StepEventBase {
  type: 'step-skipped';
  reason: 'condition' | 'router' | 'failure' | 'reused';
}
/** An attempt of a step failed. */
export interface StepErrorEvent extends StepEventBase {
  type: 'step-error';
  error: AgnoError;
  attempt: number;
  /** True when another attempt follows. */
  willRetry: boolean;
  /** Set when the failure policy handled the error. */
  handledBy?: 'skip' | 'fallback';
}
/** A step paused for a person. */
export interface StepPausedEvent extends StepEventBase {
  type: 'step-paused';
  pause: WorkflowPause;
}
/** An event of an agent running inside a step, tagged with the step and the agent. */
export interface AgentStepEvent {
  type: 'agent-event';
  runId: string;
  /** Path of the step running the agent. */
  path: string;
  /** Name of the agent (for teams: the member, or the leader). */
  agent: string;
  event: AgentEvent;
}
/** The run paused; resume it with answers for `pauses`. */
export interface WorkflowPausedEvent {
  type: 'workflow-paused';
  runId: string;
  pauses: WorkflowPause[];
  result: WorkflowResult<unknown>;
}
/** The run completed. */
export interface WorkflowCompletedEvent {
  type: 'workflow-completed';
  runId: string;
  result: WorkflowResult<unknown>;
}
/**
 * The run failed or was cancelled: `error` says why and `partial` keeps what it completed (like
 * core's `run-error`). `partial` is absent when the run never started (a refused resume).
 */
export interface WorkflowErrorEvent {
  type: 'workflow-error';
  runId: string;
  error: WorkflowError;
  partial?: WorkflowResult<unknown>;
}

/** Every event of a workflow run. */
export type WorkflowEvent =
  | WorkflowStartedEvent
  | StepStartedEvent
  | StepCompletedEvent
  | StepSkippedEvent
  | StepErrorEvent
  | StepPausedEvent
  | AgentStepEvent
  | WorkflowPausedEvent
  | WorkflowCompletedEvent
  | WorkflowErrorEvent;

/** The `type` of a {@link WorkflowEvent}. */
export type WorkflowEventType = WorkflowEvent['type'];
