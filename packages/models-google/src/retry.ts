/**
 * A small bounded retry of calls that failed before any of their reply arrived, honouring the
 * wait the server asked for. The client's own retry (`httpOptions.retryOptions`) backs off
 * blindly and never reads `retry-after` or `RetryInfo`, so the package retries instead.
 */
import type { AgnoError } from '@agno/core';
import { abortError, sleep } from '@agno/core/utils';

/** How failed calls are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The longest wait; a server asking for longer gets its error back at once. */
  maxDelayMs: number;
}

/** The default policy: two retries, waits of at most a minute. */
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, maxDelayMs: 60_000 };

/**
 * Runs `attempt`, and again after a retryable failure (`AgnoError.retryable`) up to
 * `policy.maxRetries` times, waiting `details.retryAfterMs` when the server gave one, else an
 * exponential backoff with jitter (0.5 s, 1 s, 2 s... at most 8 s). An abort during a wait ends
 * it at once.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  toError: (error: unknown) => AgnoError,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (thrown) {
      const error = toError(thrown);
      if (!error.retryable || n >= policy.maxRetries || signal?.aborted === true) throw error;
      const wait = delayOf(error, n);
      if (wait > policy.maxDelayMs) throw error;
      try {
        await sleep(wait, signal);
      } catch (reason) {
        throw abortError(reason, 'google: the model call');
      }
    }
  }
}

function delayOf(error: AgnoError, n: number): number {
  const asked = error.details?.retryAfterMs;
  if (typeof asked === 'number' && asked >= 0) return asked;
  return Math.min(8_000, 500 * 2 ** n) * (0.5 + Math.random() / 2);
}
