/**
 * The `fetch` the package gives the client: it passes successful responses through unchanged and
 * turns an HTTP error into a {@link HttpFailure} that keeps the status, the parsed error body and
 * the response headers (the client's own `ApiError` keeps only a status and a message, so
 * `retry-after` would be lost).
 */

/** The error body Google APIs send: `{ error: { code, message, status, details } }`. */
export interface GoogleErrorBody {
  code?: number;
  message?: string;
  /** The canonical status name: `INVALID_ARGUMENT`, `RESOURCE_EXHAUSTED`, `UNAVAILABLE`... */
  status?: string;
  /** Typed details: `google.rpc.RetryInfo`, `ErrorInfo`, `QuotaFailure`, `BadRequest`... */
  details?: Array<Record<string, unknown>>;
}

/** An HTTP error response, read whole. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: GoogleErrorBody | undefined,
    readonly headers: Headers,
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpFailure';
  }

  /** Reads the body of `response` (a JSON error body, or text). */
  static async read(response: Response): Promise<HttpFailure> {
    let text = '';
    try {
      text = await response.text();
    } catch {}
    return new HttpFailure(response.status, errorBody(text, response.statusText), response.headers);
  }
}

/** The `error` object of a Google error body in `text`, or the text as its message. */
export function errorBody(text: string, fallback?: string): GoogleErrorBody | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: unknown } | unknown[];
    // Some front ends answer a streaming call with a one-element array.
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    const error = (first as { error?: unknown } | null)?.error;
    if (typeof error === 'object' && error !== null) return error as GoogleErrorBody;
  } catch {}
  const message = text.trim() || fallback;
  return message ? { message } : undefined;
}

type Fetch = typeof globalThis.fetch;

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Wraps `inner` (default: the global `fetch`). With the global `fetch` on Node, requests go
 * through undici's global dispatcher without its header and body timeouts, as the client does
 * when no `fetch` is given (a thinking model may take minutes before its first byte); the
 * `timeout` option bounds an attempt instead.
 */
export function failureFetch(inner: Fetch | undefined): Fetch {
  const send: Fetch = inner ?? ((input, init) => globalThis.fetch(input, withoutTimeouts(init)));
  return async (input, init) => {
    const response = await send(input, init);
    if (response.ok) return response;
    throw await HttpFailure.read(response);
  };
}

function withoutTimeouts(init: RequestInit | undefined): RequestInit | undefined {
  if (init !== undefined && 'dispatcher' in init) return init;
  const dispatcher = noTimeoutDispatcher();
  return dispatcher === undefined ? init : ({ ...init, dispatcher } as RequestInit);
}

let cached: object | undefined;

function noTimeoutDispatcher(): object | undefined {
  if (cached !== undefined) return cached;
  const read = () => (globalThis as Record<symbol, { dispatch?: unknown } | undefined>)[GLOBAL_DISPATCHER];
  // Node creates its global dispatcher lazily, on the first use of its fetch classes.
  if (read() === undefined && typeof Headers !== 'undefined') new Headers();
  const global = read();
  if (typeof global?.dispatch !== 'function') return undefined;
  cached = {
    dispatch(options: object, handler: unknown) {
      const current = (globalThis as Record<symbol, { dispatch(o: object, h: unknown): boolean }>)[
        GLOBAL_DISPATCHER
      ]!;
      return current.dispatch({ ...options, headersTimeout: 0, bodyTimeout: 0 }, handler);
    },
  };
  return cached;
}
