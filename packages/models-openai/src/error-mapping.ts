/**
 * Turning what the `openai` client throws into core's typed errors: a stable `code`, the HTTP
 * `status`, and whether a retry may succeed. Messages carry the server's explanation with
 * anything key-like removed; request headers and the API key never appear.
 */
import {
  AbortedError,
  AgnoError,
  type ErrorCode,
  errorMessage,
  ModelError,
  redactSecrets,
  TimeoutError,
} from '@agno/core';
import { abortError as abortReason, httpErrorKind, isBrokenBody, retryAfterMs } from '@agno/core/utils';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** What the mapping needs to know about the model that failed. */
export interface ErrorContext {
  readonly provider: string;
  readonly modelId: string;
  /** The key in use, removed from messages even when it does not look like one. */
  readonly apiKey: string | null | undefined;
}

/** The error for a call cancelled through its AbortSignal (core's mapping of the signal's reason). */
export function abortError(signal: AbortSignal): AgnoError {
  return abortReason(signal.reason, 'the model call');
}

/** Maps anything a client call threw to an {@link AgnoError}. */
export function toModelError(error: unknown, ctx: ErrorContext, signal: AbortSignal | undefined): AgnoError {
  if (signal?.aborted) return abortError(signal);
  if (error instanceof AgnoError) return error;
  if (error instanceof APIUserAbortError) return new AbortedError('the model call was aborted');
  if (error instanceof APIConnectionTimeoutError) {
    return new TimeoutError(`${ctx.provider} did not answer in time (request timed out)`);
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new ModelError(clean(`could not reach ${ctx.provider} (${error.message}${cause})`, ctx), {
      retryable: true,
      details: { provider: ctx.provider },
    });
  }
  if (error instanceof APIError) return fromAPIError(error, ctx);
  if (isBrokenBody(error)) {
    // The reply's body broke off after its headers (undici's "terminated", or half a JSON text).
    const why = error instanceof SyntaxError ? 'its JSON ends early' : errorMessage(error);
    return new ModelError(
      clean(`the ${ctx.provider} response broke off before it was complete (${why})`, ctx),
      {
        code: 'stream_interrupted',
        retryable: true,
        details: { provider: ctx.provider },
      },
    );
  }
  return new ModelError(clean(`${ctx.provider} call failed: ${errorMessage(error)}`, ctx), {
    details: { provider: ctx.provider },
  });
}

function fromAPIError(error: APIError, ctx: ErrorContext): AgnoError {
  const status = error.status;
  const body = error.error as { message?: unknown } | undefined;
  const serverMessage =
    typeof body?.message === 'string' && body.message.length > 0 ? body.message : stripStatus(error.message);
  const code = typeof error.code === 'string' ? error.code : undefined;
  // Everything in `details` came from the server (body or headers): cleaned like the message.
  const details: Record<string, unknown> = { provider: ctx.provider };
  if (code !== undefined) details.providerCode = clean(code, ctx);
  if (typeof error.type === 'string') details.providerType = clean(error.type, ctx);
  if (typeof error.param === 'string') details.param = clean(error.param, ctx);
  if (typeof error.requestID === 'string') details.requestId = clean(error.requestID, ctx);
  const wait = retryAfterMs(error.headers);
  if (wait !== undefined) details.retryAfterMs = wait;
  const said = clean(serverMessage, ctx);
  const tag = code === undefined ? `${status ?? 'error'}` : `${status ?? 'error'} ${details.providerCode}`;
  // An error sent inside a stream (an SSE `error` payload) has no status.
  if (status === undefined) return streamedError(said, code, ctx, details, error.type);
  // The code and retryability of a status are core's, the same for every provider.
  const kind = httpErrorKind(status);
  const errorCode: ErrorCode = kind.code;
  let retryable = kind.retryable;
  let message: string;
  switch (errorCode) {
    case 'auth_error':
      message =
        status === 401
          ? `${ctx.provider} rejected the API key (${tag}): ${sentence(said)} Check the apiKey option or OPENAI_API_KEY.`
          : `${ctx.provider} denied access (${tag}): ${said}`;
      break;
    case 'not_found':
      message = `${ctx.provider} model "${ctx.modelId}" was not found (${tag}): ${sentence(said)} Check the model id and the baseURL.`;
      break;
    case 'timeout':
      message = `${ctx.provider} timed out (${tag}): ${said}`;
      break;
    case 'rate_limited': {
      // A spent quota is not cured by waiting.
      const quota = code === 'insufficient_quota' || error.type === 'insufficient_quota';
      if (quota) retryable = false;
      message = `${ctx.provider} ${quota ? 'quota exceeded' : 'rate limit reached'} (${tag}): ${said}`;
      break;
    }
    case 'overloaded':
      message = `${ctx.provider} is overloaded (${tag}): ${said}`;
      break;
    case 'bad_request':
      message = `${ctx.provider} rejected the request (${tag}): ${said}`;
      break;
    default:
      message =
        status === 409
          ? `${ctx.provider} reported a conflict (${tag}): ${said}`
          : status >= 500
            ? `${ctx.provider} server error (${tag}): ${said}`
            : `${ctx.provider} call failed (${tag}): ${said}`;
  }
  return new ModelError(message, { code: errorCode, status, retryable, details });
}

/**
 * The error for a failure the server reported inside a stream (no HTTP status), classified by its
 * `code`, or by its `type` when the code is absent (`{ code: null, type: 'server_error' }` is as
 * retryable as an HTTP 500).
 */
export function streamedError(
  message: string,
  code: string | null | undefined,
  ctx: ErrorContext,
  details: Record<string, unknown> = { provider: ctx.provider },
  type?: string | null,
): ModelError {
  if (code) details.providerCode = clean(code, ctx);
  if (type) details.providerType = clean(type, ctx);
  const kind = code || type;
  let errorCode: ErrorCode = 'model_error';
  let retryable = false;
  if (kind === 'rate_limit_exceeded' || kind === 'rate_limit_error' || kind === 'tokens') {
    errorCode = 'rate_limited';
    retryable = true;
  } else if (kind === 'server_is_overloaded' || kind === 'overloaded' || kind === 'overloaded_error') {
    errorCode = 'overloaded';
    retryable = true;
  } else if (kind === 'server_error' || kind === 'api_error' || kind === 'internal_error') {
    retryable = true;
  }
  const said = code && type && type !== code ? `${code}, ${type}` : kind;
  const tag = said ? ` (${clean(said, ctx)})` : '';
  return new ModelError(`${ctx.provider} reported an error${tag}: ${clean(message, ctx)}`, {
    code: errorCode,
    retryable,
    details,
  });
}

/** The error for a stream that broke before the model finished. */
export function interruptedError(reason: unknown, events: number, ctx: ErrorContext): ModelError {
  // A parse error quotes the chunk, which may hold user content: say what happened instead.
  const why =
    reason === undefined
      ? 'the connection closed'
      : reason instanceof SyntaxError
        ? 'a chunk was not valid JSON'
        : errorMessage(reason);
  return new ModelError(
    clean(`the ${ctx.provider} stream broke after ${events} events, before the model finished (${why})`, ctx),
    { code: 'stream_interrupted', retryable: true, details: { provider: ctx.provider } },
  );
}

/**
 * Keys shorter than this are placeholders for local servers (`ollama`, `EMPTY`, `lm-studio`),
 * not secrets: cutting them out would mangle messages such as "could not reach ollama".
 */
const MIN_SECRET_LENGTH = 12;

/** Removes the key in use and anything key-like from `text`. */
export function clean(text: string, ctx: ErrorContext): string {
  const key = ctx.apiKey;
  if (typeof key === 'string' && key.length >= MIN_SECRET_LENGTH && text.includes(key))
    text = text.split(key).join('[redacted]');
  return redactSecrets(text);
}

/** `text` ending with one full stop (the server's own, or one added). */
function sentence(text: string): string {
  const t = text.trimEnd();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** `"401 Incorrect key"` → `"Incorrect key"` (the client prefixes the status). */
function stripStatus(message: string): string {
  const space = message.indexOf(' ');
  return space > 0 && /^\d{3}$/.test(message.slice(0, space)) ? message.slice(space + 1) : message;
}

/** The error for a request this package cannot express in the provider's API. */
export function badRequest(message: string, ctx: ErrorContext): ModelError {
  return new ModelError(`${ctx.provider}: ${message}`, {
    code: 'bad_request',
    details: { provider: ctx.provider },
  });
}
