/**
 * What the page shows, derived from the loaded files: per package the latest figures
 * against their budgets, per benchmark its series across the history, and the
 * side-by-side comparison. Pure functions of the data and the filters.
 */
import { type BudgetVerdict, fromHistory, judgeBudget } from '@agno/benchmarks/judge';
import type {
  Budget,
  Budgets,
  FigureUnit,
  HistoryEntry,
  HistoryFile,
  HistoryValue,
} from '@agno/benchmarks/schema';

/** The filters the page offers. */
export interface Filters {
  /** A package name, or `` for all. */
  package: string;
  /** Text that benchmark names must contain (case-insensitive). */
  name: string;
  /** Runs of this mode only. */
  mode: 'short' | 'full';
}

/** One row of a package's latest figures. */
export interface LatestRow {
  name: string;
  value: HistoryValue;
  budget: Budget | undefined;
  verdict: BudgetVerdict;
}

/** A package's latest figures. */
export interface PackageLatest {
  package: string;
  entry: HistoryEntry;
  rows: LatestRow[];
}

/** One benchmark across the history. */
export interface Series {
  name: string;
  package: string;
  unit: FigureUnit;
  /** Seconds since the epoch, one per run. */
  x: number[];
  value: (number | null)[];
  p75: (number | null)[];
  alloc: (number | null)[];
  budget: Budget | undefined;
}

/** A figure measured at several worker counts (`<name>/<n>-worker(s)`), as a curve. */
export interface Scaling {
  name: string;
  package: string;
  unit: FigureUnit;
  points: { workers: number; value: number }[];
}

/** One scenario of the side-by-side comparison. */
export interface Scenario {
  scenario: string;
  unit: FigureUnit;
  bars: { framework: string; version: string | undefined; value: number; ratio: number | null }[];
}

/** Packages with results (the side-by-side `compare` package apart). */
export function packagesOf(histories: HistoryFile[]): string[] {
  return histories
    .map((h) => h.package)
    .filter((p) => p !== 'compare')
    .sort();
}

/** Modes that have runs, newest run's mode first. */
export function modesOf(histories: HistoryFile[]): ('short' | 'full')[] {
  const entries = histories.flatMap((h) => h.entries).sort((a, b) => b.date.localeCompare(a.date));
  const modes = [...new Set(entries.map((e) => e.mode))];
  return modes.length > 0 ? modes : ['short'];
}

function visible(name: string, pkg: string, filters: Filters): boolean {
  if (filters.package !== '' && pkg !== filters.package) return false;
  return filters.name === '' || name.toLowerCase().includes(filters.name.toLowerCase());
}

function entriesOf(history: HistoryFile, mode: Filters['mode']): HistoryEntry[] {
  return history.entries.filter((e) => e.mode === mode).sort((a, b) => a.date.localeCompare(b.date));
}

/** Per package (filtered), its newest run of the mode with each figure against its budget. */
export function latestByPackage(
  histories: HistoryFile[],
  budgets: Budgets,
  filters: Filters,
): PackageLatest[] {
  const out: PackageLatest[] = [];
  for (const h of histories) {
    if (h.package === 'compare') continue;
    const entry = entriesOf(h, filters.mode).at(-1);
    if (entry === undefined) continue;
    const rows = Object.entries(entry.values)
      .filter(([name]) => visible(name, h.package, filters))
      .map(([name, value]) => ({
        name,
        value,
        budget: budgets[name],
        verdict: judgeBudget(fromHistory(value), budgets[name]),
      }));
    if (rows.length > 0) out.push({ package: h.package, entry, rows });
  }
  return out.sort((a, b) => a.package.localeCompare(b.package));
}

/** Per benchmark (filtered), its values across the runs of the mode. */
export function seriesOf(histories: HistoryFile[], budgets: Budgets, filters: Filters): Series[] {
  const out: Series[] = [];
  for (const h of histories) {
    if (h.package === 'compare') continue;
    const entries = entriesOf(h, filters.mode);
    const names = [...new Set(entries.flatMap((e) => Object.keys(e.values)))];
    for (const name of names) {
      if (!visible(name, h.package, filters)) continue;
      const unit = entries.find((e) => e.values[name])!.values[name]!.u;
      out.push({
        name,
        package: h.package,
        unit,
        x: entries.map((e) => Date.parse(e.date) / 1000),
        value: entries.map((e) => e.values[name]?.v ?? null),
        p75: entries.map((e) => e.values[name]?.p75 ?? null),
        alloc: entries.map((e) => e.values[name]?.a ?? null),
        budget: budgets[name],
      });
    }
  }
  return out;
}

/** The newest side-by-side run of the mode (or of any mode), as scenarios with ratios to agno. */
export function comparisonOf(
  histories: HistoryFile[],
  mode: Filters['mode'],
): { entry: HistoryEntry; scenarios: Scenario[] } | undefined {
  const h = histories.find((x) => x.package === 'compare');
  if (h === undefined) return undefined;
  const entry =
    entriesOf(h, mode).at(-1) ?? [...h.entries].sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  if (entry === undefined) return undefined;
  const byScenario = new Map<string, Scenario>();
  for (const [name, v] of Object.entries(entry.values)) {
    const [, framework, ...rest] = name.split('/');
    if (framework === undefined || rest.length === 0) continue;
    const scenario = rest.join('/');
    let s = byScenario.get(scenario);
    if (s === undefined) byScenario.set(scenario, (s = { scenario, unit: v.u, bars: [] }));
    s.bars.push({ framework, version: entry.frameworks?.[framework], value: v.v, ratio: null });
  }
  const order = ['construct', 'text-run', 'tool-run', 'agent-retained'];
  const scenarios = [...byScenario.values()].sort(
    (a, b) => (order.indexOf(a.scenario) + 1 || 99) - (order.indexOf(b.scenario) + 1 || 99),
  );
  for (const s of scenarios) {
    s.bars.sort((a, b) =>
      a.framework === 'agno' ? -1 : b.framework === 'agno' ? 1 : a.framework.localeCompare(b.framework),
    );
    const agno = s.bars.find((b) => b.framework === 'agno')?.value;
    for (const b of s.bars) b.ratio = agno !== undefined && agno > 0 ? b.value / agno : null;
  }
  return { entry, scenarios };
}

const WORKERS = /^(.*)\/(\d+)-workers?$/;

/**
 * Scaling curves from each package's newest run of the mode: every group of figures named
 * `<name>/<n>-worker(s)` with at least two worker counts (for example the queue's runs per
 * second over 1, 2, 4 and 8 worker processes).
 */
export function scalingOf(histories: HistoryFile[], filters: Filters): Scaling[] {
  const out: Scaling[] = [];
  const needle = filters.name.toLowerCase();
  for (const h of histories) {
    if (h.package === 'compare' || (filters.package !== '' && h.package !== filters.package)) continue;
    const entry = entriesOf(h, filters.mode).at(-1);
    if (entry === undefined) continue;
    const groups = new Map<string, Scaling>();
    for (const [name, v] of Object.entries(entry.values)) {
      const m = WORKERS.exec(name);
      if (m === null || !name.toLowerCase().includes(needle)) continue;
      let g = groups.get(m[1]!);
      if (g === undefined)
        groups.set(m[1]!, (g = { name: m[1]!, package: h.package, unit: v.u, points: [] }));
      g.points.push({ workers: Number(m[2]), value: v.v });
    }
    for (const g of groups.values()) {
      if (g.points.length < 2) continue;
      g.points.sort((a, b) => a.workers - b.workers);
      out.push(g);
    }
  }
  return out;
}
