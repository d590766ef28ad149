/**
 * What the page shows, derived from the loaded files: per package the latest figures
 * against their budgets and per benchmark its series across the history (the side-by-side
 * comparison: side-by-side.ts). Pure functions of the data and the filters.
 */
import { type BudgetVerdict, fromHistory, judgeBudget } from '@agno/benchmarks/judge';
import { isSideBySide } from '@agno/benchmarks/scenarios';
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
  /** The figure as a multiple of its floor (the run's `<name>/x-floor` figure), where it has one. */
  xFloor?: number;
  /** The figure as a multiple of the least relay of a stream (`<name>/x-relay`), where it has one. */
  xRelay?: number;
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

/** Packages with results (the side-by-side packages apart). */
export function packagesOf(histories: HistoryFile[]): string[] {
  return histories
    .map((h) => h.package)
    .filter((p) => !isSideBySide(p))
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
    if (isSideBySide(h.package)) continue;
    const entry = entriesOf(h, filters.mode).at(-1);
    if (entry === undefined) continue;
    const rows = Object.entries(entry.values)
      .filter(([name]) => visible(name, h.package, filters))
      .map(([name, value]) => {
        const row: LatestRow = {
          name,
          value,
          budget: budgets[name],
          verdict: judgeBudget(fromHistory(value), budgets[name]),
        };
        const floor = entry.values[`${name}/x-floor`];
        if (floor !== undefined) row.xFloor = floor.v;
        const relay = entry.values[`${name}/x-relay`];
        if (relay !== undefined) row.xRelay = relay.v;
        return row;
      });
    if (rows.length > 0) out.push({ package: h.package, entry, rows });
  }
  return out.sort((a, b) => a.package.localeCompare(b.package));
}

/** Per benchmark (filtered), its values across the runs of the mode. */
export function seriesOf(histories: HistoryFile[], budgets: Budgets, filters: Filters): Series[] {
  const out: Series[] = [];
  for (const h of histories) {
    if (isSideBySide(h.package)) continue;
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
    if (isSideBySide(h.package) || (filters.package !== '' && h.package !== filters.package)) continue;
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
