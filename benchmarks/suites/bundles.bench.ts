/**
 * Bundle size, the figure serverless users read (issue 20): every public entry of every
 * published package bundled by esbuild for Node (ESM, minified), with Node built-ins and the
 * package's peer dependencies left out and its own dependencies bundled in (see
 * `src/bundles.ts`), gzipped too; an entry that wraps a client library (the `imports` suite's
 * list) also beside that client bundled alone; and a typical app's set — `@agno/core`,
 * `@agno/tools` and `@agno/models-openai` — bundled whole (only Node built-ins left out).
 * Measures the built `dist` files: run `pnpm build` first.
 */
import { join } from 'node:path';
import { type BundleSize, bundleSize, entryBundleSize, modulesBundleSize } from '../src/bundles.js';
import { benchmarksDir } from '../src/files.js';
import { APP_SET, type ImportEntry, workspaceEntries } from '../src/imports.js';
import { type Budget, type Budgets, figure, type SuiteContext } from '../src/suite.js';

const KB = 1024;
const entries = workspaceEntries(join(benchmarksDir, '..'));

const OWN = 'esbuild --bundle --minify --platform=node, peers and Node built-ins left out';

function minifiedBudget(entry: ImportEntry): Budget {
  if (entry.kind === 'testing') return { note: `${OWN} (a test helper: not shipped)` };
  if (entry.client !== undefined) return { note: `${OWN}; judged by over-client` };
  if (entry.name === 'core') return { maxBytes: 30 * KB, note: `${OWN} (issue 2: 30 KB)` };
  return { maxBytes: 30 * KB, note: OWN };
}

/**
 * Targets: core's entry 30 KB minified (issue 2), and so every other entry that ships; an entry
 * that wraps a client library 30 KB over that client's own bundle. Gzipped sizes are shown.
 */
export const budgets: Budgets = {
  'bundles/app/minified': { note: `${APP_SET.join(' + ')} bundled whole for Node, minified` },
  'bundles/app/gzip': { note: 'that bundle gzipped' },
};
for (const entry of entries) {
  const base = `bundles/${entry.name}`;
  budgets[`${base}/minified`] = minifiedBudget(entry);
  budgets[`${base}/gzip`] = { note: 'the minified bundle gzipped (level 9)' };
  if (entry.client !== undefined) {
    budgets[`${base}/client-minified`] = { note: `${entry.client.imports.join(', ')} bundled alone` };
    budgets[`${base}/over-client`] = {
      maxBytes: 30 * KB,
      note: `minified bundle over ${entry.client.name}'s`,
    };
  }
}

/** Registers the figures: minified and gzipped size per entry, over its client when it wraps one, and the app's set. */
export default function register(_ctx: SuiteContext): void {
  for (const entry of entries) {
    let own: Promise<BundleSize> | undefined;
    const size = () => (own ??= entryBundleSize(entry.file, entry.dir));
    const base = `bundles/${entry.name}`;
    const note = (s: BundleSize) => `${s.inputs} input files`;
    figure(`${base}/minified`, async () => {
      const s = await size();
      return { value: s.minified, unit: 'bytes', note: note(s) };
    });
    figure(`${base}/gzip`, async () => ({ value: (await size()).gzip, unit: 'bytes' }));
    const client = entry.client;
    if (client === undefined) continue;
    let alone: Promise<BundleSize> | undefined;
    const clientSize = () => (alone ??= modulesBundleSize(client.imports, client.dir));
    figure(`${base}/client-minified`, async () => {
      const s = await clientSize();
      return { value: s.minified, unit: 'bytes', note: `${client.name} alone, ${note(s)}` };
    });
    figure(`${base}/over-client`, async () => ({
      value: (await size()).minified - (await clientSize()).minified,
      unit: 'bytes',
      note: `${entry.specifier} minus ${client.name}, minified`,
    }));
  }
  let app: Promise<BundleSize> | undefined;
  const appSize = () =>
    (app ??= bundleSize(APP_SET.map((s) => `export * from '${s}';`).join('\n'), benchmarksDir, []));
  figure('bundles/app/minified', async () => {
    const s = await appSize();
    return { value: s.minified, unit: 'bytes', note: `${APP_SET.join(' + ')}, ${s.inputs} input files` };
  });
  figure('bundles/app/gzip', async () => ({ value: (await appSize()).gzip, unit: 'bytes' }));
}
