#!/usr/bin/env node
/**
 * Builds the package in the current folder: one ES module per public entry (each entry of the
 * `exports` map and each `bin`), bundled by esbuild so that importing an entry loads a few files
 * rather than dozens (module loading dominates import time), with code shared by entries in
 * chunks, dependencies left external, and `.d.ts` files from tsc. Usage, as a package's build
 * script: `node ../../scripts/build-package.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** The TypeScript source of every entry: the `@agno/source` condition of each export, and bins. */
const entries = new Set();
for (const [key, target] of Object.entries(pkg.exports ?? {})) {
  if (key === './package.json' || typeof target !== 'object') continue;
  const source = target['@agno/source'];
  if (typeof source === 'string') entries.add(source);
}
for (const bin of Object.values(typeof pkg.bin === 'string' ? { bin: pkg.bin } : (pkg.bin ?? {}))) {
  entries.add(bin.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts'));
}

rmSync(join(dir, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const types = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], {
  cwd: dir,
  stdio: 'inherit',
});
if (types.status !== 0) process.exit(types.status ?? 1);

await build({
  entryPoints: [...entries].map((e) => join(dir, e)),
  outdir: join(dir, 'dist'),
  outbase: join(dir, 'src'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  packages: 'external',
  sourcemap: true,
  chunkNames: '_chunks/[name]-[hash]',
  logLevel: 'warning',
});
