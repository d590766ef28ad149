/**
 * The bundled size of a package entry, as a serverless app ships it: esbuild bundles the
 * entry's built file for Node (ESM, minified), with the Node built-ins and the package's peer
 * dependencies left out (the app installs those itself: `@agno/core`, zod, vitest; they are
 * counted in their own entries) and its own dependencies bundled in (`openai` in
 * `models-openai`). Used by the `bundles` suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The minified bundle and its gzipped size. */
export interface BundleSize {
  /** Bytes of the minified bundle. */
  minified: number;
  /** Bytes of that bundle gzipped (level 9). */
  gzip: number;
  /** Input files that went into it. */
  inputs: number;
}

/** The peer dependencies of the package in `dir` (what its bundle leaves out). */
export function peersOf(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  return Object.keys(manifest.peerDependencies ?? {}).sort();
}

/**
 * Bundles `code` (an ES module importing what is measured), resolved from `resolveDir`, for
 * Node: ESM, minified, Node built-ins and `external` (with their subpaths) left out.
 */
export async function bundleSize(
  code: string,
  resolveDir: string,
  external: readonly string[],
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: code, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: external.flatMap((name) => [name, `${name}/*`]),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0]!.contents;
  return {
    minified: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs).length,
  };
}

/** The bundle of a built entry file (everything it exports), without the package's peers. */
export async function entryBundleSize(file: string, dir: string): Promise<BundleSize> {
  if (!existsSync(file)) throw new Error(`${file} is not built: run \`pnpm build\` first`);
  return bundleSize(`export * from ${JSON.stringify(file)};`, dir, peersOf(dir));
}

/** The bundle of the modules `specifiers` (a client library alone), resolved from `dir`, without `dir`'s package's peers. */
export function modulesBundleSize(specifiers: readonly string[], dir: string): Promise<BundleSize> {
  const code = specifiers.map((s) => `export * from ${JSON.stringify(s)};`).join('\n');
  return bundleSize(code, dir, peersOf(dir));
}
