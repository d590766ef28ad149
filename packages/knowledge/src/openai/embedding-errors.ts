/**
 * Turning what the `openai` client throws during an embeddings call into an `EmbeddingError`
 * with the HTTP `status`, whether a retry may succeed, and the wait the server asked for
 * (`details.retryAfterMs`). Classes are recognised by name and shape, so a client from another
 * copy of `openai` maps the same. Request headers and the API key never appear.
 */
import { AbortedError, AgnoError, errorMessage } from '@agno/core';
import { abortError, httpErrorKind, isBrokenBody, retryAfterMs } from '@agno/core/utils';
import { EmbeddingError } from '../errors.js';

/** What the mapping says about the embedder that failed. */
export interface EmbeddingErrorContext {
  /** The model id, for messages. */
  readonly modelId: string;
  /** Who was called (`OpenAI`, or the compatible server's host). */
  readonly provider: string;
}

/** Maps anything an embeddings call threw to an {@link AgnoError}. */
export function toEmbeddingError(
  error: unknown,
  ctx: EmbeddingErrorContext,
  signal?: AbortSignal,
): AgnoError {
  if (signal?.aborted) return abortError(signal.reason, 'the embedding call');
  if (error instanceof AgnoError) return error;
  const name = classNames(error);
  if (name.has('APIUserAbortError')) return new AbortedError('the embedding call was aborted');
  if (name.has('APIConnectionTimeoutError'))
    return new EmbeddingError(`${ctx.provider} did not answer the embedding request in time`, {
      retryable: true,
      details: { provider: ctx.provider, timeout: true },
    });
  if (name.has('APIConnectionError')) {
    const cause = (error as { cause?: unknown }).cause;
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    return new EmbeddingError(`could not reach ${ctx.provider} (${errorMessage(error)}${why})`, {
      cause: error,
      retryable: true,
      details: { provider: ctx.provider },
    });
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return fromStatus(error as HttpFailure, status, ctx);
  if (isBrokenBody(error))
    return new EmbeddingError(`the ${ctx.provider} embedding response broke off before it was complete`, {
      retryable: true,
      details: { provider: ctx.provider },
    });
  return new EmbeddingError(`${ctx.provider} embedding call failed: ${errorMessage(error)}`, {
    cause: error,
    details: { provider: ctx.provider },
  });
}

interface HttpFailure {
  message?: string;
  headers?: Headers;
  error?: { message?: unknown } | null;
  code?: unknown;
  type?: unknown;
  requestID?: unknown;
}

function fromStatus(error: HttpFailure, status: number, ctx: EmbeddingErrorContext): EmbeddingError {
  const said =
    typeof error.error?.message === 'string' && error.error.message.length > 0
      ? error.error.message
      : (error.message ?? '').replace(/^\d{3} /, '');
  const details: Record<string, unknown> = { provider: ctx.provider };
  if (typeof error.code === 'string') details.providerCode = error.code;
  if (typeof error.requestID === 'string') details.requestId = error.requestID;
  const wait = retryAfterMs(error.headers);
  if (wait !== undefined) details.retryAfterMs = wait;
  const quota = error.code === 'insufficient_quota' || error.type === 'insufficient_quota';
  // Whether a retry may help is core's reading of the status, the same as for the models.
  const kind = httpErrorKind(status);
  let retryable = kind.retryable;
  let what: string;
  if (kind.code === 'auth_error') what = 'rejected the API key or denied access';
  else if (kind.code === 'not_found')
    what = `has no embedding model "${ctx.modelId}" (check the model id and the baseURL)`;
  else if (kind.code === 'rate_limited') {
    what = quota ? 'reports the quota exceeded' : 'is rate limiting';
    if (quota) retryable = false;
  } else if (kind.code === 'bad_request') what = 'rejected the embedding request';
  else what = 'failed';
  return new EmbeddingError(`${ctx.provider} ${what} (${status}): ${said}`, { status, retryable, details });
}

/** The names of the classes `error` is an instance of, most derived first. */
function classNames(error: unknown): Set<string> {
  const names = new Set<string>();
  let proto = error !== null && typeof error === 'object' ? Object.getPrototypeOf(error) : null;
  while (proto !== null && proto !== Object.prototype) {
    const name = (proto.constructor as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string') names.add(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}
