/**
 * The built page's files, read once from disk into memory (the page is a few small files): each
 * with its content type. Only files found in the folder are served, so no request path can reach
 * outside it.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the page. */
export interface Asset {
  body: Uint8Array;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Where the built page is: `dist/app` of this package, found from this module wherever the build
 * put it (`dist/`, a chunk in `dist/_chunks/`, or `src/` when run from source).
 */
export function defaultAppDir(): string {
  const candidates = ['./app/', '../app/', '../dist/app/'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/** Reads every file of `dir` by its path relative to it (`/`-separated); `undefined` when `dir` has no index.html. */
export async function readAssets(dir: string): Promise<Map<string, Asset> | undefined> {
  const names = await readdir(dir, { recursive: true }).catch(() => undefined);
  if (names === undefined || !names.includes('index.html')) return undefined;
  const out = new Map<string, Asset>();
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    const body = await readFile(join(dir, name)).catch(() => undefined);
    if (body !== undefined) out.set(name.split(sep).join('/'), { body, type });
  }
  return out;
}
