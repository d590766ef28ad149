/**
 * The step events, built from a step's record. Each returns the stream's backpressure promise
 * (or `undefined`); callers build them only when the engine is observed.
 */
import type { AgnoError } from '@agno/core';
import type { StepErrorEvent, StepSkippedEvent } from '../events.js';
import { publicPause } from '../persistence.js';
import type { StepResult } from '../records.js';
import type { Engine } from './frame.js';

/** `step-started` for attempt `attempt`. */
export function stepStarted(engine: Engine, rec: StepResult, attempt: number): Promise<void> | undefined {
  const { path, name, kind } = rec;
  return engine.emit({ type: 'step-started', runId: engine.runId, path, name, kind, attempt });
}

/** `step-completed` with the record's output, duration and usage. */
export function stepCompleted(engine: Engine, rec: StepResult): Promise<void> | undefined {
  return engine.emit({
    type: 'step-completed',
    runId: engine.runId,
    path: rec.path,
    name: rec.name,
    kind: rec.kind,
    output: rec.output,
    durationMs: rec.durationMs,
    usage: rec.usage,
  });
}

/** `step-error` for a failed attempt. */
export function stepFailed(
  engine: Engine,
  rec: StepResult,
  error: AgnoError,
  attempt: number,
  willRetry: boolean,
  handledBy?: StepErrorEvent['handledBy'],
): Promise<void> | undefined {
  const event: StepErrorEvent = {
    type: 'step-error',
    runId: engine.runId,
    path: rec.path,
    name: rec.name,
    kind: rec.kind,
    error,
    attempt,
    willRetry,
  };
  if (handledBy !== undefined) event.handledBy = handledBy;
  return engine.emit(event);
}

/** `step-skipped`: a branch not taken, a failure skipped, or an output reused. */
export function stepSkipped(
  engine: Engine,
  rec: StepResult,
  reason: StepSkippedEvent['reason'],
): Promise<void> | undefined {
  const { path, name, kind } = rec;
  return engine.emit({ type: 'step-skipped', runId: engine.runId, path, name, kind, reason });
}

/** `step-paused` with the public view of the record's pause. */
export function stepPaused(engine: Engine, rec: StepResult): Promise<void> | undefined {
  const { path, name, kind } = rec;
  return engine.emit({
    type: 'step-paused',
    runId: engine.runId,
    path,
    name,
    kind,
    pause: publicPause(rec.pause!),
  });
}
