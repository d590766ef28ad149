/**
 * Reading HTTP responses of provider APIs: what a failed status means, how long a server asked
 * to wait, and whether a body failed because the connection was cut. Shared by every provider
 * package and embedder, so that one status gives one error code whatever the provider.
 */
import type { ErrorCode } from '../errors.js';

/** What a failed HTTP status means: core's error code, and whether the same call may succeed later. */
export interface HttpErrorKind {
  code: ErrorCode;
  retryable: boolean;
}

/**
 * The error code and retryability of an HTTP status of a provider API: 400/413/422 `bad_request`,
 * 401/403 `auth_error`, 404 `not_found`, 408/504 `timeout` (retryable), 409 `model_error`
 * (retryable), 429 `rate_limited` (retryable; a provider marks a spent quota as not), 503/529
 * `overloaded` (retryable), other 5xx `model_error` (retryable), anything else `model_error`.
 * Providers refine it from their error bodies (a quota, an overload reported by type) and word
 * their own messages; the code and retryability a status gives are the same everywhere.
 */
export function httpErrorKind(status: number): HttpErrorKind {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return { code: 'bad_request', retryable: false };
    case 401:
    case 403:
      return { code: 'auth_error', retryable: false };
    case 404:
      return { code: 'not_found', retryable: false };
    case 408:
    case 504:
      return { code: 'timeout', retryable: true };
    case 429:
      return { code: 'rate_limited', retryable: true };
    case 503:
    case 529:
      return { code: 'overloaded', retryable: true };
  }
  return { code: 'model_error', retryable: status === 409 || status >= 500 };
}

/**
 * Milliseconds from `retry-after-ms`, else from `retry-after` (seconds, or an HTTP date), or
 * `undefined` when neither header is there or readable.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (headers === undefined || typeof headers.get !== 'function') return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Whether `error` is what reading a response body that was cut mid-way throws: undici's
 * "terminated" or a socket reset, or half a JSON text (a `SyntaxError`). Such a failure is a
 * retryable interruption, not a bad reply.
 */
export function isBrokenBody(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof SyntaxError) return true;
  if (error.message === 'terminated') return true;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}
