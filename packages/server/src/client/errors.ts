/**
 * The client's one error type: what the server answered (`{ error: { code, message } }` with its
 * HTTP status), or what happened on the way (`network_error`, `stream_interrupted`, `aborted`).
 * It never holds the request, its headers or the client's credentials.
 */

const MARK = Symbol.for('agno.client.ServerError');

/** Options of a {@link ServerError}. */
export interface ServerErrorOptions {
  /** The HTTP status; undefined when no response came (network errors, aborts). */
  status?: number | undefined;
  /** The run the error belongs to, when the server named one. */
  runId?: string | undefined;
  /** Whether repeating the request may succeed. */
  retryable?: boolean | undefined;
  cause?: unknown;
}

/** An error answered by the server (or met on the way to it), with the server's stable code. */
export class ServerError extends Error {
  /** The server's error code (`not_found`, `validation_error`, `conflict`...) or the client's. */
  readonly code: string;
  /** The HTTP status, when a response came. */
  readonly status: number | undefined;
  /** The run concerned, when known. */
  readonly runId: string | undefined;
  /** Whether repeating the request may succeed. */
  readonly retryable: boolean;

  constructor(code: string, message: string, options: ServerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServerError';
    this.code = code;
    this.status = options.status;
    this.runId = options.runId;
    this.retryable = options.retryable ?? false;
    Object.defineProperty(this, MARK, { value: true });
  }
}

/** Whether `error` is a {@link ServerError} (of `code`, when given); works across package copies. */
export function isServerError(error: unknown, code?: string): error is ServerError {
  if (typeof error !== 'object' || error === null || (error as Record<symbol, unknown>)[MARK] !== true)
    return false;
  return code === undefined || (error as ServerError).code === code;
}

/** The {@link ServerError} for a non-2xx response (its JSON error body, else its status). */
export async function errorFromResponse(res: Response): Promise<ServerError> {
  let body:
    | { error?: { code?: unknown; message?: unknown; retryable?: unknown }; runId?: unknown }
    | undefined;
  try {
    body = (await res.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  const code = typeof e?.code === 'string' ? e.code : `http_${res.status}`;
  const message = typeof e?.message === 'string' ? e.message : `the server answered ${res.status}`;
  const runId = typeof body?.runId === 'string' ? body.runId : (res.headers.get('x-run-id') ?? undefined);
  return new ServerError(code, message, {
    status: res.status,
    runId,
    retryable: e?.retryable === true || res.status === 429 || res.status === 503,
  });
}
