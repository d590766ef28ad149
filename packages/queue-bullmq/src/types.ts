/** Shapes shared by the producer and the worker. */
import type { DocumentStore, Usage } from '@agno/core';
import type { QueueRunError } from './errors.js';

/** An event from a workflow run (`@agno/workflow`'s `WorkflowEvent`, as JSON). */
export interface WorkflowEventLike {
  type: string;
  [key: string]: unknown;
}

/** What a workflow run through the queue resolves with (`@agno/workflow`'s result, as JSON). */
export interface QueuedWorkflowResult<O = unknown> {
  runId: string;
  workflow: string;
  status: string;
  output: O;
  /** Outputs of the completed steps, by name. */
  outputs: Record<string, unknown>;
  /** Every step that ran, as `@agno/workflow` reports them. */
  steps: unknown[];
  state: Record<string, unknown>;
  usage: Usage;
}

/** Events the queue adds around a run's own events. */
export type QueueJobEvent<R> =
  /** An attempt began on a worker (again after a retry or after a worker died). */
  | { type: 'job-started'; attempt: number }
  /** The run finished; the last event. */
  | { type: 'job-completed'; attempt: number; result: R }
  /** An attempt failed; the last event unless `willRetry`. */
  | { type: 'job-failed'; attempt: number; error: QueueRunError; willRetry: boolean };

/** A stored workflow run, as far as the worker reads it. */
export interface WorkflowSnapshotLike {
  runId: string;
  workflow: string;
  status: string;
  output?: unknown;
  state: Record<string, unknown>;
  steps: { name: string; status: string; output?: unknown }[];
  usage: Usage;
}

/** A running workflow stream, as far as the worker uses it. */
export interface WorkflowStreamLike extends AsyncIterable<{ type: string }> {
  readonly result: Promise<unknown>;
}

/** Options the worker passes to a workflow run. */
export interface WorkflowCallOptions {
  runId?: string;
  signal?: AbortSignal;
  store?: DocumentStore;
}

/**
 * What the worker needs of a workflow: `@agno/workflow`'s `Workflow` fits (declared here so
 * that this package does not depend on it).
 */
export interface WorkflowLike {
  readonly name: string;
  stream(input: any, options?: WorkflowCallOptions): WorkflowStreamLike;
  resumeStream(run: string, answers?: any, options?: WorkflowCallOptions): WorkflowStreamLike;
  getRun(runId: string, options?: { store?: DocumentStore }): Promise<WorkflowSnapshotLike | undefined>;
}
