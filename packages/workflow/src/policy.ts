/**
 * Per-step policies: retries with exponential backoff, the time limit of each attempt, and
 * turning whatever a step throws (or an aborted signal) into a typed error. Deadlines and
 * cancellation are core's `SignalScope`.
 */
import { AgnoError, errorMessage } from '@agno/core';
import { abortError, SignalScope } from '@agno/core/utils';
import type { RetryPolicy, StepOptions } from './step-types.js';

/** A signal that never aborts: runs without a signal or a stream use it, and skip abort races. */
export const NEVER: AbortSignal = new AbortController().signal;

/** A retry policy with every default filled in. */
export interface ResolvedRetry {
  max: number;
  backoffMs: number;
  factor: number;
  maxBackoffMs: number;
  jitter: boolean;
  retryIf: (error: AgnoError, attempt: number) => boolean;
}

const NO_RETRY: ResolvedRetry = {
  max: 0,
  backoffMs: 0,
  factor: 1,
  maxBackoffMs: 0,
  jitter: false,
  retryIf: () => false,
};

/** Retries everything but cancellations and configuration errors. */
export function defaultRetryIf(error: AgnoError): boolean {
  return error.code !== 'aborted' && error.code !== 'config_error';
}

const resolved = new WeakMap<object, ResolvedRetry>();

/** The resolved retry policy of a step's options (cached per options object). */
export function retryOf(options: StepOptions<any>): ResolvedRetry {
  const r = options.retries;
  if (r === undefined || r === 0) return NO_RETRY;
  const hit = resolved.get(options);
  if (hit !== undefined) return hit;
  const p: RetryPolicy = typeof r === 'number' ? { max: r } : r;
  const out: ResolvedRetry = {
    max: p.max,
    backoffMs: p.backoffMs ?? 100,
    factor: p.factor ?? 2,
    maxBackoffMs: p.maxBackoffMs ?? 30_000,
    jitter: p.jitter ?? false,
    retryIf: p.retryIf ?? defaultRetryIf,
  };
  resolved.set(options, out);
  return out;
}

/** How long to wait before attempt `attempt + 1` (attempts count from 1). */
export function backoffDelay(policy: ResolvedRetry, attempt: number): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * policy.factor ** (attempt - 1));
  return policy.jitter ? base / 2 + Math.random() * (base / 2) : base;
}

/**
 * The cancellation scope of one attempt of a step with a time limit: its signal aborts with
 * `parent` or after `timeoutMs` (a core `TimeoutError`). Dispose it when the attempt ends.
 */
export function attemptScope(parent: AbortSignal, timeoutMs: number): SignalScope {
  return new SignalScope(parent === NEVER ? undefined : parent, { timeoutMs, what: 'the step' });
}

/** The cancellation scope of a group of steps that may cancel its own steps (fail-fast, early exit). */
export function groupScope(parent: AbortSignal): SignalScope {
  return new SignalScope(parent === NEVER ? undefined : parent);
}

/** The typed error an aborted signal stands for. */
export function cancelError(signal: AbortSignal): AgnoError {
  return abortError(signal.reason, 'the workflow run');
}

/** Turns anything a step threw into an {@link AgnoError} (plain errors become `tool_error`). */
export function toAgnoError(error: unknown): AgnoError {
  if (error instanceof AgnoError) return error;
  return new AgnoError('tool_error', errorMessage(error), { cause: error });
}
