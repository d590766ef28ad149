/** Builds the playground page (app/) to dist/app, with relative asset URLs so any mount path works. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./app/', import.meta.url)),
  base: './',
  // Workspace packages from their TypeScript sources: the page needs no build of @agno/server.
  resolve: { conditions: ['@agno/source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: fileURLToPath(new URL('./dist/app/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
  },
  logLevel: 'warn',
});
