/**
 * Loads the app module `agno-server` serves: its default export (or its `server` export) is an
 * `AgnoServer`, or the `ServerOptions` to create one with. TypeScript modules load when Node
 * strips types (`process.features.typescript`); otherwise the error says how to run them.
 */
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, errorMessage } from '@agno/core';
import type { ServerOptions } from '../options.js';
import { type AgnoServer, createServer } from '../server.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const TARGET_KEYS = ['agents', 'teams', 'workflows'] as const;

/** Whether this Node runs TypeScript modules (type stripping). */
export function nodeRunsTypeScript(): boolean {
  const features = process.features as { typescript?: string | false };
  return typeof features.typescript === 'string' && features.typescript !== '';
}

/**
 * Whether `value` is a server. Matched by shape, not `instanceof`: the app may import another
 * copy of `@agno/server` than the CLI's (a global install, `npx`).
 */
function isServer(value: unknown): value is AgnoServer {
  const v = value as Partial<AgnoServer> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.fetch === 'function' &&
    typeof v.close === 'function' &&
    typeof v.app === 'object'
  );
}

function isOptions(value: unknown): value is ServerOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return TARGET_KEYS.some((k) => k in value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object')
    return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
  return `a ${typeof value}`;
}

/** Loads `file` (resolved against `cwd`) and returns the server it exports, created if it exports options. */
export async function loadApp(file: string, cwd: string): Promise<AgnoServer> {
  const path = resolve(cwd, file);
  const found = await stat(path).catch(() => undefined);
  if (found === undefined || !found.isFile()) throw new ConfigError(`no such file: ${path}`);
  if (TYPESCRIPT.has(extname(path)) && !nodeRunsTypeScript()) {
    throw new ConfigError(
      `${file} is TypeScript and this Node (${process.version}) does not run TypeScript: use Node >= 22.6 with --experimental-strip-types (for example NODE_OPTIONS=--experimental-strip-types), Node >= 23.6, or compile it to JavaScript first`,
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`cannot load ${file}: ${errorMessage(error)}`, { cause: error });
  }
  const exported = mod.default ?? mod.server;
  if (isServer(exported)) return exported;
  if (isOptions(exported)) return createServer(exported);
  const which =
    mod.default !== undefined ? 'default export' : mod.server !== undefined ? '"server" export' : undefined;
  throw new ConfigError(
    which === undefined
      ? `${file} has no default export and no "server" export: export an AgnoServer (createServer(...)) or its ServerOptions`
      : `the ${which} of ${file} is ${describe(exported)}, not an AgnoServer or ServerOptions with agents, teams or workflows`,
  );
}
