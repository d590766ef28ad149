/**
 * Cold start and bundle size, the figures serverless users read: a typical app's set imported
 * in a fresh process and bundled whole (the `imports` and `bundles` suites), and every entry's
 * minified and gzipped bundle against its budget. Pure functions of the data.
 */
import { type BudgetVerdict, fromHistory, judgeBudget } from '@agno/benchmarks/judge';
import type { Budgets, HistoryEntry, HistoryFile, HistoryValue } from '@agno/benchmarks/schema';
import { type Headline, type HeadlineRow, headlinesOf, runsOfMode } from './headlines.ts';

/** The app's figures, in the order shown. */
export const APP_FIGURES: readonly (Headline & { package: string })[] = [
  { package: 'imports', name: 'imports/app/time', label: 'Import time, fresh process' },
  { package: 'imports', name: 'imports/app/heap', label: 'Heap retained by the imports' },
  { package: 'bundles', name: 'bundles/app/minified', label: 'Bundle, minified' },
  { package: 'bundles', name: 'bundles/app/gzip', label: 'Bundle, gzipped' },
];

/** One entry's bundle. */
export interface BundleRow {
  /** `core`, `tools/mcp`. */
  entry: string;
  minified: HistoryValue;
  gzip: HistoryValue | undefined;
  /** Over the client library it wraps, when it wraps one. */
  overClient: HistoryValue | undefined;
  /** The minified size (or over-client) against its budget. */
  verdict: BudgetVerdict;
}

/** The section's data: the app's figures and the entries' bundles; undefined when neither suite ran. */
export interface ColdStart {
  app: HeadlineRow[];
  /** The newest bundles run, when there is one. */
  bundles: { entry: HistoryEntry; rows: BundleRow[] } | undefined;
}

const BUNDLE = /^bundles\/(.+)\/minified$/;

/** The newest `imports` and `bundles` runs of `mode`, as the section shows them. */
export function coldStartOf(
  histories: HistoryFile[],
  budgets: Budgets,
  mode: 'short' | 'full',
): ColdStart | undefined {
  const app: HeadlineRow[] = [];
  for (const pkg of ['imports', 'bundles']) {
    const figures = APP_FIGURES.filter((f) => f.package === pkg);
    app.push(...(headlinesOf(histories, budgets, mode, pkg, figures)?.rows ?? []));
  }
  const entry = runsOfMode(histories, 'bundles', mode).at(-1);
  let bundles: ColdStart['bundles'];
  if (entry !== undefined) {
    const rows: BundleRow[] = [];
    for (const [name, minified] of Object.entries(entry.values)) {
      const m = BUNDLE.exec(name);
      if (m === null || m[1] === 'app') continue;
      const base = `bundles/${m[1]}`;
      const overClient = entry.values[`${base}/over-client`];
      const judged = overClient === undefined ? name : `${base}/over-client`;
      rows.push({
        entry: m[1]!,
        minified,
        gzip: entry.values[`${base}/gzip`],
        overClient,
        verdict: judgeBudget(fromHistory(overClient ?? minified), budgets[judged]),
      });
    }
    bundles = { entry, rows };
  }
  if (app.length === 0 && (bundles === undefined || bundles.rows.length === 0)) return undefined;
  return { app, bundles };
}
