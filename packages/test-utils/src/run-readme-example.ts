/** Runs one README example as a module against the workspace sources. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CapturedOutput, captureOutput } from './capture-output.js';
import type { ReadmeBlock } from './readme-blocks.js';
import { PACKAGES_DIR, toSourceImports } from './source-imports.js';

let runs = 0;

/** Options of {@link runReadmeExample}. */
export interface RunReadmeExampleOptions {
  /** The block to run (from `readmeBlocks`). */
  block: ReadmeBlock;
  /**
   * Where the example file is written (created when missing). Default `.tmp/readme` under the
   * current directory (the package's folder under vitest), which git and biome ignore.
   */
  dir?: string;
  /** The workspace's `packages/` folder, for the `@agno/...` rewrite. Default: this workspace's. */
  packagesDir?: string;
  /** Further edits of the code before it runs (a database path, a server's URL). */
  transform?: (code: string) => string;
}

/**
 * Writes the block's code, its `@agno/...` imports pointed at the workspace's sources, to
 * `<dir>/<name>-<n>.ts` (name: the block's `example=` attribute, or `block-<index>`; `n` counts
 * the runs of this process, so a second run runs again instead of hitting the module cache),
 * imports it and returns the module's exports with everything it printed. An error thrown by
 * the example rejects the returned promise.
 */
export async function runReadmeExample(
  options: RunReadmeExampleOptions,
): Promise<CapturedOutput<Record<string, unknown>>> {
  const { block } = options;
  const dir = options.dir ?? join(process.cwd(), '.tmp', 'readme');
  mkdirSync(dir, { recursive: true });
  let code = toSourceImports(block.code, options.packagesDir ?? PACKAGES_DIR);
  if (options.transform !== undefined) code = options.transform(code);
  const file = join(dir, `${block.attributes.example ?? `block-${block.index}`}-${++runs}.ts`);
  writeFileSync(file, code);
  return captureOutput(() => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>);
}
