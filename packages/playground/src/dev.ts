/**
 * `startDev`: what `agno dev` does — loads the app module as `agno-server` does, puts the
 * playground page in front of its server, and listens (on 127.0.0.1 by default: it is for
 * development).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, errorMessage } from '@agno/core';
import { type Listening, listen, loadApp } from '@agno/server/node';
import { withPlayground } from './handler.js';
import { checkPrices, type PlaygroundOptions } from './options.js';
import type { PriceTable } from './prices.js';

/** Options of {@link startDev}. */
export interface DevOptions {
  /** The app module (its default or `server` export is an AgnoServer or ServerOptions). */
  app: string;
  /** Resolves `app` and `prices` (default `process.cwd()`). */
  cwd?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** A JSON file of model prices ({@link PriceTable}). */
  prices?: string;
  /** Further playground options (its path, the built page's folder). */
  playground?: Omit<PlaygroundOptions, 'prices'>;
}

/** A running dev server. */
export interface DevServer {
  /** The server's URL (`http://127.0.0.1:3000`). */
  readonly url: string;
  /** The playground page's URL (`http://127.0.0.1:3000/playground/`). */
  readonly playgroundUrl: string;
  /** Closes the server (runs in flight get `timeoutMs`), its agents and stores. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

async function readPrices(file: string, cwd: string): Promise<PriceTable> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the price table ${path}: ${errorMessage(error)}`);
  }
  try {
    return checkPrices(JSON.parse(text));
  } catch (error) {
    throw new ConfigError(`${file}: ${errorMessage(error)}`);
  }
}

/** Loads the app, serves it with the playground, and resolves once it listens. */
export async function startDev(options: DevOptions): Promise<DevServer> {
  const cwd = options.cwd ?? process.cwd();
  const prices = options.prices === undefined ? undefined : await readPrices(options.prices, cwd);
  const server = await loadApp(options.app, cwd);
  const app = withPlayground(server, { ...options.playground, ...(prices === undefined ? {} : { prices }) });
  let http: Listening;
  try {
    http = await listen(app, { port: options.port ?? 3000, hostname: options.host ?? '127.0.0.1' });
  } catch (error) {
    await server.close().catch(() => {});
    throw new ConfigError(
      `cannot listen on ${options.host ?? '127.0.0.1'}:${options.port ?? 3000}: ${errorMessage(error)}`,
    );
  }
  return {
    url: http.url,
    playgroundUrl: `${http.url}${app.playground.path}/`,
    close: (o) => http.close(o),
  };
}
