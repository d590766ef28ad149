/**
 * Anything the client throws, as core's typed errors: a stable `code`, the HTTP `status` and
 * whether retrying may help. Messages carry the API's explanation but never a key or a header.
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
import { httpErrorKind, isBrokenBody, retryAfterMs } from '@agno/core/utils';
import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';

/** What the mapping needs to know about the call that failed. */
export interface ErrorContext {
  modelId: string;
  /** The request's signal: a failure after it aborted is an abort. */
  signal: AbortSignal | undefined;
  /** Literal secrets (the API key) to cut out of any message. */
  secret: string | null | undefined;
  /** True once the stream's response arrived: a failure then breaks the stream. */
  streaming: boolean;
}

interface Kind {
  code: ErrorCode;
  retryable: boolean;
  what: string;
}

const BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Maps `error` to an {@link AgnoError}. */
export function toAgnoError(error: unknown, ctx: ErrorContext): AgnoError {
  if (error instanceof AgnoError) return error;
  if (ctx.signal?.aborted === true || error instanceof APIUserAbortError || isAbort(error)) {
    return new AbortedError('anthropic: the request was aborted', { cause: ctx.signal?.reason });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new TimeoutError('anthropic: the request timed out (after the client retried it)');
  }
  if (error instanceof APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    const why = cause === undefined ? error.message : `${error.message} ${describeCause(cause)}`;
    return new ModelError(scrub(`anthropic: could not reach the API: ${why}`, ctx.secret), {
      retryable: true,
    });
  }
  if (error instanceof APIError) return fromAPIError(error, ctx);
  if (!ctx.streaming && isBrokenBody(error)) {
    return new ModelError(
      scrub(
        `anthropic: the response broke off before it was complete (${error instanceof SyntaxError ? 'its JSON ends early' : errorMessage(error)})`,
        ctx.secret,
      ),
      { code: 'stream_interrupted', retryable: true },
    );
  }
  if (ctx.streaming) {
    // A parse error quotes the chunk, which may hold user content: say what happened instead.
    const why = error instanceof SyntaxError ? 'an event was not valid JSON' : errorMessage(error);
    return new ModelError(scrub(`anthropic: the stream broke mid-way: ${why}`, ctx.secret), {
      code: 'stream_interrupted',
      retryable: true,
    });
  }
  const message = errorMessage(error);
  if (error instanceof AnthropicError && /authenticat|credential|api ?key/i.test(message)) {
    return new ModelError(
      scrub(
        `anthropic: no usable credentials: ${message}. Set ANTHROPIC_API_KEY or the apiKey option.`,
        ctx.secret,
      ),
      { code: 'auth_error' },
    );
  }
  return new ModelError(scrub(`anthropic: ${message}`, ctx.secret));
}

function fromAPIError(error: APIError, ctx: ErrorContext): AgnoError {
  const type = error.type ?? undefined;
  const status = error.status ?? (type === undefined ? undefined : BY_TYPE[type]);
  const kind = kindOf(status, type, ctx.modelId);
  const label = [error.status, type].filter((x) => x !== undefined && x !== null).join(' ');
  const explanation = clip(error.apiMessage ?? (error.status === undefined ? undefined : error.message));
  let message = `anthropic: ${kind.what}`;
  if (label) message += ` (${label})`;
  if (explanation) message += `: ${explanation}`;
  if (error.status === undefined) message += ' [error event in the stream]';
  // Everything in `details` came from the server (body or headers): cleaned like the message.
  const details: Record<string, unknown> = {};
  if (type !== undefined) details.type = clean(type, ctx.secret);
  if (error.requestID) details.requestId = clean(error.requestID, ctx.secret);
  if (error.errorCode) details.errorCode = clean(error.errorCode, ctx.secret);
  const wait = retryAfterMs(error.headers ?? undefined);
  if (wait !== undefined) details.retryAfterMs = wait;
  const options = { status: error.status, retryable: kind.retryable, details };
  if (kind.code === 'timeout') return new TimeoutError(scrub(message, ctx.secret), options);
  return new ModelError(scrub(message, ctx.secret), { ...options, code: kind.code });
}

function kindOf(status: number | undefined, type: string | undefined, modelId: string): Kind {
  // Anthropic reports an overload by type as well (also inside a stream, without a status).
  if (type === 'overloaded_error')
    return { code: 'overloaded', retryable: true, what: 'the API is overloaded' };
  if (status === undefined)
    return { code: 'model_error', retryable: false, what: 'the API returned an error' };
  // The code and retryability of a status are core's, the same for every provider.
  const { code, retryable } = httpErrorKind(status);
  return { code, retryable, what: whatOf(code, status, modelId) };
}

/** How the message says what went wrong, by code. */
function whatOf(code: ErrorCode, status: number, modelId: string): string {
  switch (code) {
    case 'bad_request':
      return 'the API rejected the request';
    case 'auth_error':
      return status === 401
        ? 'authentication failed; check the apiKey option or ANTHROPIC_API_KEY'
        : 'permission denied for this key';
    case 'not_found':
      return `model "${modelId}" or endpoint not found`;
    case 'timeout':
      return 'the API timed out';
    case 'rate_limited':
      return 'rate limited';
    case 'overloaded':
      return 'the API is overloaded';
  }
  if (status === 409) return 'conflict';
  return status >= 500 ? 'the API failed' : 'the API returned an error';
}

function clip(text: string | undefined): string | undefined {
  return text !== undefined && text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: unknown } | null)?.cause;
  const base = errorMessage(cause);
  return inner === undefined ? `(${base})` : `(${base}: ${errorMessage(inner)})`;
}

/** {@link scrub}, then core's `redactSecrets` (key shapes, registered credentials): for details. */
function clean(text: string, secret: string | null | undefined): string {
  return redactSecrets(scrub(text, secret));
}

/** Cuts the literal key out of `text` (core's `redactSecrets` then catches key-like shapes). */
function scrub(text: string, secret: string | null | undefined): string {
  // Shorter "keys" are placeholders for local gateways, not secrets (cutting them mangles messages).
  return secret && secret.length >= 12 ? text.split(secret).join('[redacted]') : text;
}
