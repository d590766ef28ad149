/**
 * The client's HTTP layer on web-standard `fetch`: the base URL, the credentials (kept in private
 * fields, so printing the client never shows them), JSON requests and typed errors.
 */
import { errorFromResponse, ServerError } from './errors.js';

/** Options of `createClient`. */
export interface ClientOptions {
  /** The server's URL, with its base path if it has one (`https://api.example.com/agno`). */
  baseUrl: string;
  /** An API key, sent as `x-api-key`. */
  apiKey?: string;
  /** A bearer token (a JWT), sent as `Authorization: Bearer`. */
  token?: string;
  /** More headers for every request. */
  headers?: Record<string, string>;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** The user to act for, sent as `x-user-id`: honoured only by a server without auth (development). */
  userId?: string;
}

/** One request. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Sends requests to one server. */
export class Transport {
  readonly baseUrl: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
      throw new ServerError('config_error', 'baseUrl must be an http(s) URL');
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const headers: Record<string, string> = { ...options.headers };
    if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.userId !== undefined) headers['x-user-id'] = options.userId;
    this.#headers = headers;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function')
      throw new ServerError('config_error', 'no fetch: pass one as the fetch option');
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The response to `spec` when it is 2xx; else the server's error, typed. */
  async send(spec: RequestSpec): Promise<Response> {
    let url = this.baseUrl + spec.path;
    if (spec.query !== undefined) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(spec.query)) if (v !== undefined) q.set(k, String(v));
      const s = q.toString();
      if (s !== '') url += `?${s}`;
    }
    const headers: Record<string, string> = { ...this.#headers, ...spec.headers };
    const init: RequestInit = { method: spec.method, headers };
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(spec.body);
    }
    if (spec.signal !== undefined) init.signal = spec.signal;
    let res: Response;
    try {
      res = await this.#fetch(url, init);
    } catch (error) {
      if (spec.signal?.aborted) throw new ServerError('aborted', 'the request was aborted');
      // The cause is the network error (an address, a reset), never the request or its headers.
      throw new ServerError('network_error', `could not reach the server: ${describe(error)}`, {
        retryable: true,
      });
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }

  /** Sends `spec` and reads the JSON answer (`undefined` for 204). */
  async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.send(spec);
    if (res.status === 204) {
      await res.body?.cancel();
      return undefined as T;
    }
    try {
      return (await res.json()) as T;
    } catch (error) {
      if (spec.signal?.aborted) throw new ServerError('aborted', 'the request was aborted');
      const broken = error instanceof SyntaxError;
      throw new ServerError(
        broken ? 'invalid_response' : 'network_error',
        broken ? 'the server answered with invalid JSON' : `the answer was cut off: ${describe(error)}`,
        { status: res.status, retryable: !broken },
      );
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof cause === 'string') return cause;
  return error instanceof Error ? error.message : 'unknown error';
}

/** `encodeURIComponent` for a path segment. */
export const seg = encodeURIComponent;
