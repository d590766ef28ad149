/**
 * What a run reports from its journal: the result `run()` gives back, and the snapshot a store
 * keeps (and a paused or failed result carries).
 */
import { addUsage, emptyUsage, errorMessage, type Usage } from '@agno/core';
import { WorkflowError } from '../errors.js';
import { publicPause } from '../persistence.js';
import type {
  ErrorInfo,
  RunStatus,
  StepResult,
  WorkflowPause,
  WorkflowResult,
  WorkflowRunSnapshot,
} from '../records.js';
import type { Scope } from './frame.js';

/** The state of a run that its result and snapshot are made of. */
export interface RunView {
  readonly runId: string;
  readonly workflow: { readonly name: string };
  readonly input: unknown;
  readonly state: Record<string, unknown>;
  readonly journal: Map<string, StepResult>;
  readonly decisions: Record<string, unknown>;
  readonly status: RunStatus;
  readonly output: unknown;
  readonly error: ErrorInfo | undefined;
  readonly createdAt: number;
  readonly executionId: string;
  /** The top level's scope (its outputs and early exit). */
  readonly top: Scope;
}

/** Tokens summed over every step of the journal. */
export function usageOf(journal: Map<string, StepResult>): Usage {
  const total = emptyUsage();
  for (const s of journal.values()) if (s.usage !== undefined) addUsage(total, s.usage);
  return total;
}

/** The run as JSON-ready data (shares objects with the journal: serialise before keeping). */
export function snapshotOf(run: RunView): WorkflowRunSnapshot {
  const doc: WorkflowRunSnapshot = {
    version: 1,
    runId: run.runId,
    workflow: run.workflow.name,
    status: run.status,
    input: run.input,
    state: run.state,
    steps: [...run.journal.values()],
    decisions: run.decisions,
    usage: usageOf(run.journal),
    createdAt: run.createdAt,
    updatedAt: Date.now(),
    executionId: run.executionId,
  };
  if (run.output !== undefined) doc.output = run.output;
  if (run.error !== undefined) doc.error = run.error;
  if (run.top.exit !== undefined) doc.exitedBy = run.top.exit.path;
  return doc;
}

/** What `run()` gives back; a run that did not complete carries its snapshot, as JSON. */
export function resultOf(run: RunView, durationMs: number): WorkflowResult<unknown> {
  const pauses: WorkflowPause[] = [];
  const steps = [...run.journal.values()];
  if (run.status === 'paused') {
    for (const s of steps)
      if (s.status === 'paused' && s.pause !== undefined) pauses.push(publicPause(s.pause));
  }
  const result: WorkflowResult<unknown> = {
    runId: run.runId,
    workflow: run.workflow.name,
    status: run.status,
    output: run.output,
    outputs: run.top.outputs,
    steps,
    state: run.state,
    usage: usageOf(run.journal),
    startedAt: run.createdAt,
    durationMs,
    pauses,
  };
  if (run.top.exit !== undefined) result.exitedBy = run.top.exit.path;
  if (run.status !== 'completed') {
    try {
      result.snapshot = JSON.parse(JSON.stringify(snapshotOf(run))) as WorkflowRunSnapshot;
    } catch (error) {
      if (run.status !== 'paused') return result;
      throw new WorkflowError(
        'not_serialisable',
        'validation_error',
        `the run cannot be kept for a resume: its outputs or state are not JSON (${errorMessage(error)})`,
        { cause: error },
      );
    }
  }
  return result;
}
