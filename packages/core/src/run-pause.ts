/**
 * Pausing a run: its state as a {@link PausedRun} (saved to the agent's store when it keeps
 * paused runs), and the paused result that carries it.
 */
import { owned } from './append.js';
import { callCountsOf } from './loop-detection.js';
import { type RunBase, storeFailure } from './run-base.js';
import { runResult } from './run-result.js';
import { RUN_STATE_VERSION } from './run-state.js';
import type { PausedRun, PendingToolCall, RunResult, ToolCallRecord } from './run-types.js';
import { pausedRunsOf } from './store.js';
import { takeNested } from './sub-run.js';

/** Pauses `run` for the `pending` calls of its turn (`done`: the calls of the turn that ran). */
export async function pauseRun<T>(
  run: RunBase<T>,
  pending: PendingToolCall[],
  done: ToolCallRecord[],
): Promise<RunResult<T>> {
  const paused: PausedRun = {
    schemaVersion: RUN_STATE_VERSION,
    runId: run.runId,
    sessionId: run.sessionId,
    userId: run.userId,
    agentName: run.agent.name,
    messages: run.messages,
    runStart: run.runStart,
    pending,
    done,
    round: run.round,
    usage: run.usage,
    toolCalls: owned(run.toolCalls),
    callCounts: callCountsOf(run),
    createdAt: Date.now(),
  };
  const nested = takeNested(run);
  if (nested !== undefined) paused.nested = nested;
  if (run.speaker !== run.agent) paused.activeAgent = run.speaker.name;
  const store = pausedRunsOf(run.agent.options.store);
  if (store !== undefined) {
    run.committing = true;
    try {
      await store.savePausedRun(paused);
    } catch (error) {
      throw storeFailure(error, 'save the paused run');
    } finally {
      run.committing = false;
    }
  }
  const result = runResult(run, 'paused', '', undefined);
  result.pending = pending;
  result.paused = paused;
  run.finished = true;
  if (run.observed) {
    run.emitLast({ type: 'run-paused', runId: run.runId, pending, result: result as RunResult<unknown> });
  }
  return result;
}
