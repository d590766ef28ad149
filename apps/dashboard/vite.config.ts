import { defineConfig } from 'vite';
import { agnoResults } from './results-plugin.ts';

/** The dashboard: a static page; the results come from `data/` (see results-plugin.ts). */
export default defineConfig({
  base: './',
  plugins: [agnoResults()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
