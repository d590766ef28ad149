/**
 * Anything the client throws, as core's typed errors: a stable `code`, the HTTP `status` and
 * whether retrying may help. Messages carry the API's explanation but never a key or a header,
 * nor a piece of a stream (which may hold user content).
 */
import { AgnoError, type ErrorCode, errorMessage, ModelError, redactSecrets, TimeoutError } from '@agno/core';
import { abortError, httpErrorKind, isBrokenBody, retryAfterMs } from '@agno/core/utils';
import { ApiError } from '@google/genai';
import { errorBody, type GoogleErrorBody, HttpFailure } from './http-failure.js';

/** What the mapping needs to know about the call that failed. */
export interface ErrorContext {
  modelId: string;
  /** The request's signal: a failure after it aborted is an abort. */
  signal: AbortSignal | undefined;
  /** The literal key in use, cut out of any message. */
  secret: string | undefined;
  /** True once the stream's response arrived: a failure then breaks the stream. */
  streaming: boolean;
}

interface Kind {
  code: ErrorCode;
  retryable: boolean;
  what: string;
}

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';
const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const QUOTA_FAILURE = 'type.googleapis.com/google.rpc.QuotaFailure';

/** Maps `error` to an {@link AgnoError}. */
export function toAgnoError(error: unknown, ctx: ErrorContext): AgnoError {
  if (error instanceof AgnoError) return error;
  if (ctx.signal?.aborted === true) return abortError(ctx.signal.reason, 'google: the model call');
  if (isAbort(error)) {
    // Not the caller's signal: the client's per-attempt `timeout` fired.
    return new TimeoutError('google: the request timed out (the timeout option)', { retryable: true });
  }
  if (error instanceof HttpFailure) return fromStatus(error.status, error.body, error.headers, ctx);
  if (error instanceof ApiError) return fromApiError(error, ctx);
  if (isBrokenBody(error) || (error instanceof Error && /Incomplete JSON segment/.test(error.message))) {
    const why = error instanceof SyntaxError ? 'its JSON ends early' : 'the connection closed';
    return new ModelError(
      ctx.streaming
        ? `google: the stream broke before the model finished (${why})`
        : `google: the response broke off before it was complete (${why})`,
      { code: 'stream_interrupted', retryable: true },
    );
  }
  const message = errorMessage(error);
  if (/exception parsing stream chunk/.test(message)) {
    // The client quotes the chunk, which may hold user content: say what happened instead.
    return new ModelError('google: the stream broke: an event was not valid JSON', {
      code: 'stream_interrupted',
      retryable: true,
    });
  }
  if (error instanceof TypeError && /fetch failed|network|socket/i.test(message)) {
    const cause = (error as { cause?: unknown }).cause;
    const why = cause === undefined ? message : `${message} (${errorMessage(cause)})`;
    return new ModelError(scrub(`google: could not reach the API: ${why}`, ctx.secret), { retryable: true });
  }
  if (/only supported in|not supported|is required|must be/i.test(message)) {
    // The client's own check of a parameter, before anything was sent.
    return new ModelError(scrub(`google: ${message}`, ctx.secret), { code: 'bad_request' });
  }
  if (/authentication|credentials|api key/i.test(message)) {
    return new ModelError(
      scrub(
        `google: no usable credentials: ${message}. Set GOOGLE_API_KEY or the apiKey option.`,
        ctx.secret,
      ),
      { code: 'auth_error' },
    );
  }
  return new ModelError(scrub(`google: ${message}`, ctx.secret));
}

/** The client's `ApiError`: an HTTP status and the error body as JSON text (after `got status: X. ` in a stream). */
function fromApiError(error: ApiError, ctx: ErrorContext): AgnoError {
  const text = error.message;
  const brace = text.indexOf('{');
  const body = errorBody(brace >= 0 ? text.slice(brace) : text);
  const fromStream = text.startsWith('got status');
  return fromStatus(error.status, body, undefined, ctx, fromStream);
}

/** The typed error of an HTTP status and its error body. */
export function fromStatus(
  status: number,
  body: GoogleErrorBody | undefined,
  headers: Headers | undefined,
  ctx: ErrorContext,
  inStream = false,
): AgnoError {
  const reason = detail(body, ERROR_INFO)?.reason;
  const kind = kindOf(
    status,
    body?.status,
    typeof reason === 'string' ? reason : undefined,
    body,
    ctx.modelId,
  );
  let message = `google: ${kind.what} (${[status, body?.status].filter(Boolean).join(' ')})`;
  const said = clip(body?.message);
  if (said) message += `: ${said}`;
  if (inStream) message += ' [error event in the stream]';
  const details: Record<string, unknown> = {};
  if (body?.status !== undefined) details.status = clean(body.status, ctx.secret);
  if (typeof reason === 'string') details.reason = clean(reason, ctx.secret);
  const wait = retryAfterMs(headers) ?? retryDelayMs(body);
  if (wait !== undefined) details.retryAfterMs = wait;
  const options = { status, retryable: kind.retryable, details };
  if (kind.code === 'timeout') return new TimeoutError(scrub(message, ctx.secret), options);
  return new ModelError(scrub(message, ctx.secret), { ...options, code: kind.code });
}

function kindOf(
  status: number,
  name: string | undefined,
  reason: string | undefined,
  body: GoogleErrorBody | undefined,
  modelId: string,
): Kind {
  if (reason === 'API_KEY_INVALID' || reason === 'API_KEY_SERVICE_BLOCKED') {
    return {
      code: 'auth_error',
      retryable: false,
      what: 'the API key was rejected; check the apiKey option or GOOGLE_API_KEY',
    };
  }
  // The code and retryability of a status are core's, the same for every provider.
  const { code, retryable } = httpErrorKind(status);
  switch (code) {
    case 'bad_request':
      return { code, retryable, what: 'the API rejected the request' };
    case 'auth_error':
      return {
        code,
        retryable,
        what:
          status === 401
            ? 'authentication failed; check the apiKey option or GOOGLE_API_KEY'
            : 'permission denied for these credentials',
      };
    case 'not_found':
      return { code, retryable, what: `model "${modelId}" or endpoint not found` };
    case 'timeout':
      return { code, retryable, what: 'the API timed out' };
    case 'rate_limited': {
      // A daily quota is not cured by waiting seconds.
      const daily = quotaIds(body).some((id) => /PerDay/i.test(id));
      return { code, retryable: !daily, what: daily ? 'daily quota exceeded' : 'rate limited' };
    }
    case 'overloaded':
      return { code, retryable, what: 'the model is overloaded' };
  }
  if (status === 409) return { code, retryable, what: 'the request was aborted by a conflict' };
  if (status >= 500) return { code, retryable, what: 'the API failed' };
  return { code, retryable: retryable || name === 'UNAVAILABLE', what: 'the API returned an error' };
}

/** The first detail of `type` in `body`. */
function detail(body: GoogleErrorBody | undefined, type: string): Record<string, unknown> | undefined {
  if (!Array.isArray(body?.details)) return undefined;
  for (const d of body.details) if (d !== null && typeof d === 'object' && d['@type'] === type) return d;
  return undefined;
}

/** The wait of the body's `RetryInfo` (`retryDelay: "13s"`, `"0.5s"`), in milliseconds. */
export function retryDelayMs(body: GoogleErrorBody | undefined): number | undefined {
  const delay = detail(body, RETRY_INFO)?.retryDelay;
  if (typeof delay !== 'string') return undefined;
  const seconds = Number.parseFloat(delay);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

function quotaIds(body: GoogleErrorBody | undefined): string[] {
  const violations = detail(body, QUOTA_FAILURE)?.violations;
  if (!Array.isArray(violations)) return [];
  return violations.map((v) => String((v as { quotaId?: unknown } | null)?.quotaId ?? ''));
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function clip(text: string | undefined): string | undefined {
  return text !== undefined && text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** {@link scrub}, then core's `redactSecrets`: for values that go in `details`. */
function clean(text: string, secret: string | undefined): string {
  return redactSecrets(scrub(text, secret));
}

/** Cuts the literal key out of `text` (core's `redactSecrets` then catches key-like shapes). */
function scrub(text: string, secret: string | undefined): string {
  // Shorter "keys" are placeholders for local gateways, not secrets.
  return secret && secret.length >= 12 ? text.split(secret).join('[redacted]') : text;
}
