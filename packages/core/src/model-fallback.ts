/**
 * Fallback models: when a model call fails with an error worth trying elsewhere (rate limited,
 * overloaded, a server error, the network) after the client's own retries, the next of the run's
 * `fallbackModels` answers the same turn. Which model answered, and the usage of each, are kept.
 */
import type { AgnoError } from './errors.js';
import { modelLabel } from './fallback-config.js';
import { addUsage, emptyUsage, type Usage } from './messages.js';
import type { Model } from './model.js';
import type { RunBase } from './run-base.js';

/** Codes of failures another model may not share: its provider's limits and outages. */
const FALLBACK_CODES = new Set<string>(['rate_limited', 'overloaded', 'stream_interrupted']);

/** Whether a failed call may go to a fallback model: limits, outages, 5xx and network errors. */
export function worthFallingBack(error: AgnoError): boolean {
  if (error.code === 'aborted' || error.code === 'auth_error' || error.code === 'bad_request') return false;
  if (FALLBACK_CODES.has(error.code)) return true;
  if (error.status !== undefined && error.status >= 500) return true;
  return error.retryable;
}

/**
 * What to do after `model` failed with `failure` (its typed error) on attempt `attempt` (0 for the
 * speaker's own model): the next fallback model, after a `model-fallback` event; or `failure`,
 * thrown, when there is none, the error is not one to fall back on, or part of the failed call
 * already streamed out.
 */
export async function nextModel(
  run: RunBase<unknown>,
  model: Model,
  failure: AgnoError,
  attempt: number,
  round: number,
): Promise<Model> {
  const list = run.fallback?.models;
  if (list === undefined || attempt >= list.length || run.streamedOut || !worthFallingBack(failure)) {
    throw failure;
  }
  const next = list[attempt]!;
  if (run.observed) {
    const p = run.emit({
      type: 'model-fallback',
      runId: run.runId,
      round,
      from: modelLabel(model),
      to: modelLabel(next),
      error: failure,
    });
    if (p !== undefined) await p;
  }
  run.checkAbort();
  return next;
}

/**
 * Records which model gave a reply and its usage, for a run with fallback models (no-op for
 * others): `usageByModel` per label, and `answeredBy` when it was not the speaker's own model.
 */
export function recordModelUsage(run: RunBase<unknown>, model: Model, usage: Usage | undefined): void {
  const state = run.fallback;
  if (state === undefined) return;
  const own = model === run.speaker.options.model;
  const label = own ? run.compiled.modelLabel : modelLabel(model);
  addUsage((state.usageByModel[label] ??= emptyUsage()), usage);
  state.answeredBy = own ? undefined : label;
}
