/**
 * Workflow steps as jobs: a step function for `@agno/workflow` that runs an agent or a
 * workflow as its own job on the queue, so a parallel group or a DAG of such steps spreads
 * over every worker. The job id is derived from the workflow run and the step's path: when the
 * workflow's own job is taken again (a dead worker, a retry) and the step runs again, BullMQ
 * finds the job already there and the step waits for it instead of starting a second one.
 */
import { linkSignal } from '@agno/core';
import type { QueuedRunOptions } from './job-data.js';
import type { EnqueueOptions, RunQueue } from './run-queue.js';

/** What a queued step reads of `@agno/workflow`'s StepContext. */
export interface QueuedStepContext {
  runId: string;
  path: string;
  input: unknown;
  previous: unknown;
  signal: AbortSignal;
}

/** Which registered agent or workflow the step runs. */
export type QueuedStepTarget = { agent: string } | { workflow: string };

/** Options of {@link queuedStep}. */
export interface QueuedStepOptions {
  /** Builds the job's input (default: the previous output, else the workflow's input). */
  input?: (ctx: QueuedStepContext) => unknown;
  /** Run options for an agent. */
  runOptions?: QueuedRunOptions;
  /** Attempts of the step's job (default: the queue's). */
  attempts?: number;
}

/**
 * A step function running `target` as its own job: `step('draft', queuedStep(queue, { agent: 'writer' }))`.
 * Its output is the run's `output`. Cancelling the workflow cancels the job. The workers that
 * run the workflow need free slots beyond the workflow's own job (or a second queue for steps).
 */
export function queuedStep(
  queue: RunQueue,
  target: QueuedStepTarget,
  options: QueuedStepOptions = {},
): (ctx: QueuedStepContext) => Promise<unknown> {
  return async (ctx) => {
    const input = options.input ? options.input(ctx) : (ctx.previous ?? ctx.input);
    const enqueue: EnqueueOptions = { jobId: stepJobId(ctx.runId, ctx.path) };
    if (options.attempts !== undefined) enqueue.attempts = options.attempts;
    if (options.runOptions !== undefined) enqueue.runOptions = options.runOptions;
    const handle =
      'agent' in target
        ? await queue.enqueueAgent(
            target.agent,
            typeof input === 'string' ? input : JSON.stringify(input),
            enqueue,
          )
        : await queue.enqueueWorkflow(target.workflow, input, enqueue);
    // A cancellation that cannot be published leaves the job to end on its own; the step still ends.
    const unlink = linkSignal(ctx.signal, () => handle.cancel().catch(() => {}));
    try {
      return (await handle.result()).output;
    } finally {
      unlink();
    }
  };
}

/** The job id of a step of a workflow run (BullMQ ids may not contain `:`). */
export function stepJobId(runId: string, path: string): string {
  return `${runId}/${path}`.replaceAll(':', '_');
}
