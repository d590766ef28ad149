/**
 * Reading HTTP responses of provider APIs: how long a server asked to wait, and whether a body
 * failed because the connection was cut. Shared by every provider package.
 */

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
