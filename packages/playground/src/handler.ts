/**
 * `playground()`: a web-standard handler serving the built page under a path, with its
 * configuration (where the API is, model prices) written into the page; and `withPlayground()`,
 * a server's `fetch` with the page in front of it.
 */
import type { AgnoServer, ServerCloseOptions } from '@agno/server';
import { type Asset, defaultAppDir, readAssets } from './assets.js';
import { checkPath, checkPrices, type PageConfig, type PlaygroundOptions } from './options.js';

/** Answers requests for the page's path; `undefined` for any other request. */
export interface PlaygroundHandler {
  (request: Request): Promise<Response | undefined>;
  /** The path the page is served under (`/playground`). */
  readonly path: string;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; connect-src *; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

const CONFIG_MARK = '<!--agno-config-->';

/** The page's HTML with its configuration as JSON (`<` escaped, so it cannot close the script). */
function configuredIndex(html: Uint8Array, config: PageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return new TextDecoder()
    .decode(html)
    .replace(CONFIG_MARK, `<script id="agno-config" type="application/json">${json}</script>`);
}

function notBuilt(dir: string): Response {
  return new Response(
    `The playground page is not built (no index.html in ${dir}): run \`pnpm --filter @agno/playground build\`.\n`,
    { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } },
  );
}

/**
 * A handler for the playground page at `options.path` (default `/playground`): GET and HEAD of
 * the page and its files; other paths and methods answer `undefined`, for the server to handle.
 * Throws a `ConfigError` for a bad path or price table.
 */
export function playground(options: PlaygroundOptions = {}): PlaygroundHandler {
  const path = checkPath(options.path ?? '/playground');
  const config: PageConfig = {};
  if (options.apiBase !== undefined) config.apiBase = options.apiBase;
  if (options.prices !== undefined) config.prices = checkPrices(options.prices);
  const dir = options.dir ?? defaultAppDir();
  let files: Promise<Map<string, Asset> | undefined> | undefined;
  let index: string | undefined;

  const handler = async (request: Request): Promise<Response | undefined> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const url = new URL(request.url);
    if (url.pathname === path) {
      return new Response(null, { status: 308, headers: { location: `${path}/${url.search}` } });
    }
    if (!url.pathname.startsWith(`${path}/`)) return undefined;
    // Read once; a page built after the server started is found on the next request.
    files ??= readAssets(dir);
    const assets = await files;
    if (assets === undefined) {
      files = undefined;
      return notBuilt(dir);
    }
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(path.length + 1)) || 'index.html';
    } catch {
      name = '';
    }
    const body = request.method === 'HEAD' ? null : undefined;
    if (name === 'index.html') {
      index ??= configuredIndex(assets.get('index.html')!.body, config);
      return new Response(body === null ? null : index, {
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-cache',
          ...SECURITY_HEADERS,
        },
      });
    }
    const asset = assets.get(name);
    if (asset === undefined) {
      return new Response('not found\n', {
        status: 404,
        headers: { 'content-type': 'text/plain', ...SECURITY_HEADERS },
      });
    }
    const immutable = name.startsWith('assets/');
    return new Response(body === null ? null : (asset.body as BodyInit), {
      headers: {
        'content-type': asset.type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...SECURITY_HEADERS,
      },
    });
  };
  return Object.assign(handler, { path });
}

/** A server with the playground page in front of it: what `listen` of `@agno/server/node` serves. */
export interface WithPlayground {
  /** The page's requests go to the playground (before the server's auth: the page holds no data), the rest to the server. */
  fetch(request: Request): Promise<Response>;
  /** Closes the server. */
  close(options?: ServerCloseOptions): Promise<void>;
  /** The playground's handler. */
  readonly playground: PlaygroundHandler;
}

/** `server` with the playground page served at `options.path` (default `/playground`). */
export function withPlayground(
  server: Pick<AgnoServer, 'fetch' | 'close'>,
  options: PlaygroundOptions = {},
): WithPlayground {
  const page = playground(options);
  return {
    fetch: async (request) => (await page(request)) ?? server.fetch(request),
    close: (closeOptions) => server.close(closeOptions),
    playground: page,
  };
}
