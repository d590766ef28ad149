/**
 * How a run that failed ends: its typed error, the calls it abandoned, the record of the failed
 * run in the store, and the `run-error` event.
 */
import { AgnoError, errorMessage } from './errors.js';
import type { RunBase } from './run-base.js';
import { attachPartial, runRecord, runResult } from './run-result.js';

/**
 * Turns what ended the run into its typed error: reports the calls it abandoned, records the
 * failed run in the store (when it has a session) and emits `run-error` without waiting for
 * a slow consumer.
 */
export async function failRun(run: RunBase<unknown>, error: unknown): Promise<AgnoError> {
  let err: AgnoError;
  if (run.stopped) err = run.abortError(error === undefined ? undefined : error);
  else if (error instanceof AgnoError) err = error;
  else
    err = new AgnoError('internal_error', `the run failed unexpectedly: ${errorMessage(error)}`, {
      cause: error,
    });
  if (run.stopped && run.observed) reportAbandoned(run);
  // From here on nothing the abandoned work does reaches the stream, and stopping changes nothing.
  run.finished = true;
  // Text of a reply that output guardrails had not passed yet is left out of what is recorded.
  const partial = runResult(run, 'error', run.guards?.output === undefined ? run.pendingText : '', undefined);
  attachPartial(err, partial);
  const store = run.agent.options.store;
  if (store !== undefined && run.sessionId !== undefined && run.runStart >= 0) {
    try {
      await store.appendRun(runRecord(run, partial, 'error', err.code));
    } catch {
      // The run's own error says what went wrong; a store that cannot record it adds nothing.
    }
  }
  if (run.observed) {
    run.emitLast({
      type: 'run-error',
      runId: run.runId,
      error: err,
      partial: partial,
    });
  }
  return err;
}

/** Emits `call-abandoned` for each model or tool call the stopped run no longer waits for. */
function reportAbandoned(run: RunBase<unknown>): void {
  if (run.modelBusy) {
    const model = run.speaker.options.model;
    run.emit({ type: 'call-abandoned', runId: run.runId, kind: 'model', name: model.modelId });
  }
  if (run.busyTools !== undefined) {
    for (const call of run.busyTools) {
      run.emit({
        type: 'call-abandoned',
        runId: run.runId,
        kind: 'tool',
        name: call.name,
        toolCallId: call.id,
      });
    }
  }
}
