/**
 * Reading a URL: every hop (the URL and each redirect) checked by the HTTP toolkit's allowlist
 * (`HttpClient.check` from `@agno/tools/builtins`), redirects followed by hand, a deadline over
 * the whole read, the body refused past a size limit, then read by its content type (else its
 * extension).
 */
import { ConfigError, type KnowledgeDocument } from '@agno/core';
import { abortError, httpErrorKind, loadPeer, SignalScope } from '@agno/core/utils';
import { ReaderError } from '../errors.js';
import { fileNameOf, readError } from './input.js';
import { kindOfContentType, kindOfPath, readAs } from './read-as.js';
import type { DocumentKind, ReadOptions } from './types.js';

/**
 * What decides which URLs may be fetched: the HTTP toolkit's `HttpClient` (its `check` throws
 * for a URL outside its `allowedHosts`, with credentials, or not http(s)), or anything alike.
 */
export interface UrlGuard {
  /** The URL parsed, or an error saying why it is refused. */
  check(url: string): URL;
}

/** Options of {@link readUrl}. */
export interface ReadUrlOptions extends ReadOptions {
  /**
   * The hosts that may be reached, in the HTTP toolkit's syntax (`example.com`,
   * `example.com:8080`, `*.example.com`; this needs `@agno/tools` installed), or a guard such as
   * an `HttpClient` of `@agno/tools/builtins`. Redirects elsewhere are refused.
   */
  allow: UrlGuard | readonly string[];
  /** Time allowed for the whole read (redirects and body). Default 15 000 ms. */
  timeoutMs?: number;
  /** Bodies larger than this are refused (`too_large`). Default 20 MB. */
  maxBytes?: number;
  /** Most redirects followed. Default 5. */
  maxRedirects?: number;
  /** Headers sent to the URL's own origin (dropped when a redirect leads to another one). */
  headers?: Record<string, string>;
  /** Read the body as this kind, whatever its content type. */
  kind?: DocumentKind;
  /** Kinds for more extensions, used when the content type says nothing useful. */
  extensions?: Readonly<Record<string, DocumentKind>>;
  /** The documents' source. Default: the URL as given. */
  source?: string;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
  /** Stops the read (an `AbortedError`). */
  signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT =
  'text/html, application/xhtml+xml, text/markdown, text/plain, application/pdf, application/json, text/csv;q=0.9, */*;q=0.5';

/**
 * Fetches `url` and reads it into documents, with `url` (the final one), `contentType` and
 * `size` in the metadata. A refused host, an HTTP error, a timeout, a body over `maxBytes` or
 * an unsupported type is a `ReaderError` (`details.reason`: `refused`, `unreachable`, `timeout`,
 * `too_large`, `unsupported`); a cancelled read is an `AbortedError`.
 */
export async function readUrl(url: string, options: ReadUrlOptions): Promise<KnowledgeDocument[]> {
  const source = options.source ?? url;
  const guard = await guardOf(options.allow);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const check = (raw: string): URL => {
    try {
      return guard.check(raw);
    } catch (error) {
      throw readError(source, 'refused', `was refused: ${(error as Error).message}`, { cause: error });
    }
  };
  let at = check(url);
  const scope = new SignalScope(options.signal, { timeoutMs, what: `reading ${at.host}` });
  let body: { data: Uint8Array; contentType: string; kind: DocumentKind };
  try {
    let headers: Record<string, string> = { accept: ACCEPT, ...options.headers };
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(at, { headers, redirect: 'manual', signal: scope.signal });
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (hop >= maxRedirects)
          throw readError(source, 'unreachable', `redirected more than ${maxRedirects} times`);
        const next = check(new URL(location, at).href);
        if (next.origin !== at.origin) headers = { accept: ACCEPT };
        at = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const status = response.status;
        const { retryable } = httpErrorKind(status);
        throw readError(source, 'unreachable', `answered HTTP ${status}`, { status, retryable });
      }
      const contentType = response.headers.get('content-type') ?? '';
      const kind =
        options.kind ?? kindOfContentType(contentType) ?? kindOfPath(at.pathname, options.extensions);
      if (kind === undefined) {
        await response.body?.cancel();
        throw readError(source, 'unsupported', `has an unsupported content type (${contentType || 'none'})`);
      }
      const data = await readBody(response, maxBytes, source);
      body = { data, contentType, kind };
      break;
    }
  } catch (error) {
    if (options.signal?.aborted) throw abortError(options.signal.reason, `reading ${source}`);
    if (scope.isAborted)
      throw readError(source, 'timeout', `took longer than ${timeoutMs} ms`, {
        cause: error,
        retryable: true,
      });
    if (error instanceof ReaderError) throw error;
    const cause = (error as { cause?: { code?: string } }).cause;
    throw readError(
      source,
      'unreachable',
      `could not be fetched (${cause?.code ?? (error as Error).message})`,
      {
        cause: error,
        retryable: true,
      },
    );
  } finally {
    scope.dispose();
  }
  const name = fileNameOf({ source: at.pathname, data: '' });
  return readAs(
    body.kind,
    {
      source,
      data: body.data,
      ...(name.length > 0 ? { name } : {}),
      metadata: { url: at.href, contentType: body.contentType, size: body.data.byteLength },
    },
    options,
  );
}

/** The body's bytes; more than `maxBytes` (announced or received) is a `too_large` error. */
async function readBody(response: Response, maxBytes: number, source: string): Promise<Uint8Array> {
  const tooLarge = () => readError(source, 'too_large', `is larger than the limit of ${maxBytes} bytes`);
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The guard for `allow`: as given, or the HTTP toolkit's client for a list of hosts. */
async function guardOf(allow: ReadUrlOptions['allow']): Promise<UrlGuard> {
  if (allow !== null && typeof allow === 'object' && typeof (allow as UrlGuard).check === 'function')
    return allow as UrlGuard;
  if (!Array.isArray(allow))
    throw new ConfigError('readUrl needs `allow`: a list of hosts or a guard such as an HttpClient');
  // A specifier in a variable: `@agno/tools` is an optional peer that typechecking need not find.
  const specifier = '@agno/tools/builtins';
  const tools = await loadPeer(
    '@agno/tools',
    'readUrl with a list of allowed hosts',
    () =>
      import(specifier) as Promise<{
        HttpClient: new (options: { allowedHosts: readonly string[] }) => UrlGuard;
      }>,
  );
  return new tools.HttpClient({ allowedHosts: allow });
}
