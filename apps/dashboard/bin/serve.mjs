#!/usr/bin/env node
/**
 * Serves the built dashboard (dist/) on localhost with `vite preview` and prints where to
 * open it. The result files are read live from benchmarks/results, so a new `pnpm bench`
 * shows on reload. Options: --port N (default 4173, or $PORT; the next free port is taken
 * when it is busy), --host H (default 127.0.0.1).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.error(
    `No build in ${relative(process.cwd(), join(root, 'dist')) || 'dist'}: run \`pnpm --filter @agno/dashboard build\` first.`,
  );
  process.exit(1);
}
const server = await preview({
  root,
  configFile: join(root, 'vite.config.ts'),
  preview: {
    host: values.host ?? '127.0.0.1',
    port: Number(values.port ?? process.env.PORT ?? 4173),
    strictPort: false,
    open: false,
  },
  logLevel: 'warn',
});
const url =
  server.resolvedUrls?.local[0] ?? `http://${values.host ?? '127.0.0.1'}:${server.config.preview.port}/`;
console.log(`\nBenchmark dashboard: ${url}`);
console.log(`Static build: ${join(root, 'dist')} (serve it with any static file server)`);
console.log('Press Ctrl+C to stop.');
