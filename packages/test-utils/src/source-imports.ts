/** Rewrites `@agno/...` imports of example code to the workspace's TypeScript sources. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace's `packages/` folder (this package's parent). */
export const PACKAGES_DIR = fileURLToPath(new URL('../../', import.meta.url));

const IMPORT = /(['"])@agno\/([\w-]+)((?:\/[\w-]+)*)\1/g;

/**
 * The source file of `@agno/<name><subpath>`: the `@agno/source` condition of the entry in
 * `packages/<name>/package.json`'s exports map; undefined when there is no such package or entry.
 */
export function sourceEntry(name: string, subpath = '', packagesDir = PACKAGES_DIR): string | undefined {
  const manifest = join(packagesDir, name, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> })
    .exports;
  const entry = exports?.[`.${subpath}`];
  const source =
    typeof entry === 'string' ? entry : (entry as Record<string, unknown> | undefined)?.['@agno/source'];
  return typeof source === 'string' ? join(packagesDir, name, source) : undefined;
}

/**
 * `code` with every quoted `'@agno/<name>[/<subpath>]'` specifier that names a workspace
 * entry replaced by the absolute path of its source file, so an example runs against the
 * current sources (no build, no install link needed). Other specifiers are left alone.
 */
export function toSourceImports(code: string, packagesDir = PACKAGES_DIR): string {
  return code.replace(IMPORT, (specifier, _quote: string, name: string, subpath: string) => {
    const file = sourceEntry(name, subpath, packagesDir);
    return file === undefined ? specifier : JSON.stringify(file);
  });
}
