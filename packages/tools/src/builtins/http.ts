/**
 * The HTTP toolkit: `http_get` and `http_post` limited to an allowlist of hosts, with a
 * timeout, a maximum response size, and redirects followed by hand so that each hop is
 * checked against the allowlist (a redirect to any other host is refused), and a redirect to
 * another origin carries none of the configured or model-supplied headers. Text and JSON
 * bodies are returned; binary bodies are described, not returned.
 */
import { ConfigError, TimeoutError, type ToolContext, ToolError, ValidationError } from '@agno/core';
import { abortError, SignalScope } from '@agno/core/utils';
import { z } from 'zod';
import { tool } from '../define-tool.js';
import { Toolkit, type ToolkitSharedOptions } from '../toolkit.js';
import { once } from './once.js';

/** Options of {@link httpToolkit}. */
export interface HttpToolkitOptions extends ToolkitSharedOptions {
  /** Toolkit name. Default `http`. */
  name?: string;
  /**
   * Hosts the tools may reach: `example.com` (any port), `example.com:8080`, `*.example.com`
   * (subdomains only). Anything else, including redirects elsewhere, is refused.
   */
  allowedHosts: readonly string[];
  /** Time allowed per request (and the tools' timeout). Default 15 000 ms. */
  timeoutMs?: number;
  /** Bodies are cut at this many bytes (the result says `truncated: true`). Default 1 000 000. */
  maxResponseBytes?: number;
  /** Most redirects followed per request. Default 5. */
  maxRedirects?: number;
  /**
   * Headers sent with every request to the origin asked for (e.g. authorization); the model
   * cannot change them. A redirect to another origin drops them, and the model's own headers.
   */
  headers?: Record<string, string>;
  /** Offer `http_post`. Default true. */
  allowPost?: boolean;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
}

/** What an HTTP tool returns to the model. */
export interface HttpResult {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  contentType: string;
  /** Parsed JSON for JSON responses, text otherwise, a short description for binary ones. */
  body: unknown;
  /** Present when the body was cut at `maxResponseBytes`. */
  truncated?: true;
}

interface HostRule {
  host: string;
  port: string | undefined;
  wildcard: boolean;
}

const FORBIDDEN_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'upgrade',
  'keep-alive',
  'te',
  'trailer',
  'proxy-authorization',
]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const schemas = once(() => {
  const headers = z
    .array(z.object({ name: z.string(), value: z.string() }))
    .optional()
    .describe('Extra request headers');
  const url = z.string().describe('Absolute http(s) URL');
  return {
    get: z.object({ url, headers }),
    post: z.object({
      url,
      body: z.string().describe('The request body (JSON text for application/json)'),
      contentType: z
        .enum(['application/json', 'text/plain', 'application/x-www-form-urlencoded'])
        .default('application/json')
        .describe('Content type of the body'),
      headers,
    }),
  };
});

/** A toolkit with `http_get` and `http_post`, restricted to `allowedHosts`. */
export function httpToolkit(options: HttpToolkitOptions): Toolkit {
  const client = new HttpClient(options);
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Toolkit({
    ...options,
    name: options.name ?? 'http',
    timeoutMs,
    instructions: `HTTP tools can reach only these hosts: ${client.hosts}.`,
    tools: () => {
      const parameters = schemas();
      const tools = [
        tool({
          name: 'http_get',
          description: `GET a URL and return its status, content type and body (JSON parsed). Allowed hosts: ${client.hosts}.`,
          parameters: parameters.get,
          strict: true,
          execute: (args, context) =>
            client.request('GET', args.url, undefined, undefined, args.headers, context),
        }),
      ];
      if (options.allowPost !== false) {
        tools.push(
          tool({
            name: 'http_post',
            description: `POST a body to a URL and return the response's status, content type and body. Allowed hosts: ${client.hosts}.`,
            parameters: parameters.post,
            strict: true,
            execute: (args, context) =>
              client.request('POST', args.url, args.body, args.contentType, args.headers, context),
          }) as unknown as (typeof tools)[number],
        );
      }
      return tools;
    },
  });
}

/** The request logic of the HTTP tools (one per toolkit). */
export class HttpClient {
  /** The allowlist, for messages. */
  readonly hosts: string;
  private readonly rules: HostRule[];
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly headers: Record<string, string>;
  private readonly fetch: typeof fetch;

  constructor(options: HttpToolkitOptions) {
    if (!Array.isArray(options?.allowedHosts) || options.allowedHosts.length === 0) {
      throw new ConfigError('httpToolkit needs a non-empty allowedHosts list');
    }
    this.rules = options.allowedHosts.map(parseRule);
    this.hosts = options.allowedHosts.join(', ');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxBytes = options.maxResponseBytes ?? 1_000_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.headers = lowerKeys(options.headers ?? {});
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Checks a URL against the allowlist; throws an Error the model can read. */
  check(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ValidationError(`"${raw}" is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ValidationError(`only http and https URLs are allowed, not ${url.protocol}`);
    }
    if (url.username !== '' || url.password !== '')
      throw new ValidationError('URLs with credentials are refused');
    if (!this.allows(url))
      throw new ValidationError(`host "${url.host}" is not allowed (allowed hosts: ${this.hosts})`);
    return url;
  }

  /** Sends a request, following allowed redirects; returns what the model reads. */
  async request(
    method: 'GET' | 'POST',
    rawUrl: string,
    body: string | undefined,
    contentType: string | undefined,
    extra: readonly { name: string; value: string }[] | undefined,
    context: Pick<ToolContext, 'signal'>,
  ): Promise<HttpResult> {
    let url = this.check(rawUrl);
    if (body !== undefined && contentType === 'application/json') {
      try {
        JSON.parse(body);
      } catch (error) {
        throw new ValidationError(`the body is not valid JSON: ${(error as Error).message}`);
      }
    }
    let headers = this.requestHeaders(extra);
    if (contentType !== undefined) headers['content-type'] = contentType;
    // One scope for the whole request (redirects and reading included): the run's signal and the deadline.
    const scope = new SignalScope(context.signal, { timeoutMs: this.timeoutMs, what: 'the request' });
    const signal = scope.signal;
    try {
      for (let hop = 0; ; hop++) {
        let response: Response;
        try {
          response = await this.fetch(url, { method, headers, body, redirect: 'manual', signal });
        } catch (error) {
          if (context.signal.aborted) throw abortError(context.signal.reason, 'the request');
          if (signal.aborted)
            throw new TimeoutError(`the request to ${url.host} took longer than ${this.timeoutMs} ms`);
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          throw new ToolError(
            'http',
            `the request to ${url.host} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
            { retryable: true },
          );
        }
        const location = response.headers.get('location');
        if (!REDIRECTS.has(response.status) || location === null)
          return await this.read(response, url, signal);
        await response.body?.cancel();
        if (hop >= this.maxRedirects) throw new ToolError('http', `more than ${this.maxRedirects} redirects`);
        let next: URL;
        try {
          next = this.check(new URL(location, url).href);
        } catch (error) {
          throw new ValidationError(`refused a redirect from ${url.host}: ${(error as Error).message}`);
        }
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        if (next.origin !== url.origin) {
          // Another origin gets none of the configured or model-supplied headers, only the body's type.
          headers = body !== undefined && contentType !== undefined ? { 'content-type': contentType } : {};
        }
        url = next;
      }
    } finally {
      scope.dispose();
    }
  }

  private allows(url: URL): boolean {
    let host = url.hostname.toLowerCase();
    if (host.endsWith('.')) host = host.slice(0, -1);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    for (const rule of this.rules) {
      if (rule.port !== undefined && rule.port !== port) continue;
      if (rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host) return true;
    }
    return false;
  }

  private requestHeaders(
    extra: readonly { name: string; value: string }[] | undefined,
  ): Record<string, string> {
    const out: Record<string, string> = {};
    if (extra !== undefined) {
      for (const { name, value } of extra) {
        const key = name.toLowerCase();
        if (FORBIDDEN_HEADERS.has(key)) throw new ValidationError(`the header "${name}" cannot be set`);
        out[key] = value;
      }
    }
    return Object.assign(out, this.headers);
  }

  private async read(response: Response, url: URL, signal: AbortSignal): Promise<HttpResult> {
    const contentType = response.headers.get('content-type') ?? '';
    const result: HttpResult = { url: url.href, status: response.status, contentType, body: '' };
    if (!isText(contentType)) {
      await response.body?.cancel();
      const length = response.headers.get('content-length');
      result.body = `[binary content${contentType ? ` of type ${contentType}` : ''}${length ? `, ${length} bytes` : ''}: not shown]`;
      return result;
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body?.getReader();
    if (reader !== undefined) {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (total + value.byteLength > this.maxBytes) {
            chunks.push(value.subarray(0, this.maxBytes - total));
            total = this.maxBytes;
            result.truncated = true;
            await reader.cancel();
            break;
          }
          chunks.push(value);
          total += value.byteLength;
        }
      } catch (error) {
        if (signal.aborted)
          throw new TimeoutError(`the response from ${url.host} took longer than ${this.timeoutMs} ms`);
        throw new ToolError(
          'http',
          `reading the response from ${url.host} failed: ${(error as Error).message}`,
          {
            retryable: true,
          },
        );
      }
    }
    const text = new TextDecoder().decode(Buffer.concat(chunks, total));
    result.body = text;
    if (result.truncated === undefined && /[/+]json\b/i.test(contentType)) {
      try {
        result.body = JSON.parse(text);
      } catch {
        // a server that says JSON and sends something else: the text is more useful than an error
      }
    }
    return result;
  }
}

function parseRule(entry: string): HostRule {
  if (typeof entry !== 'string' || entry.length === 0)
    throw new ConfigError('allowedHosts entries must be host names');
  let text = entry.trim().toLowerCase();
  if (text.includes('/')) throw new ConfigError(`allowedHosts entry "${entry}" must be a host, not a URL`);
  let port: string | undefined;
  const m = /^(.*?)(?::(\d+))?$/.exec(text)!;
  if (m[2] !== undefined && !text.endsWith(']')) {
    text = m[1]!;
    port = m[2];
  }
  const wildcard = text.startsWith('*.');
  if (wildcard) text = text.slice(2);
  if (text.length === 0 || text.includes('*'))
    throw new ConfigError(`allowedHosts entry "${entry}" is not valid`);
  return { host: text, port, wildcard };
}

function isText(contentType: string): boolean {
  if (contentType === '') return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /[/+](json|xml)$/.test(type) ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded'
  );
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
