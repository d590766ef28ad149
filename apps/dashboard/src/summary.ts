/**
 * The summary per package: its newest run's figures within and over budget, and what changed
 * since the run before, judged by `bench:check`'s own `checkRun` (the same budgets, noise
 * floors and verdicts as `pnpm bench:check`). Pure functions of the data.
 */
import { type CheckRow, checkRun } from '@agno/benchmarks/check';
import { isSideBySide } from '@agno/benchmarks/scenarios';
import {
  type BenchmarkRecord,
  type Budgets,
  type HistoryEntry,
  type HistoryFile,
  type RunResultFile,
  SCHEMA_VERSION,
} from '@agno/benchmarks/schema';

/** One package's newest run, summarised. */
export interface PackageSummary {
  package: string;
  entry: HistoryEntry;
  figures: number;
  /** Figures within, over and borderline on their budget. */
  within: number;
  over: number;
  borderline: number;
  /** Changes since the previous run of the same mode, by verdict (`slower`, `faster`, `same`, `noisy`, …). */
  changes: Record<string, number>;
  /** Figures that had a previous run to compare with. */
  compared: number;
  /** Why that previous run is not a fair comparison (another CPU or Node version). */
  caveat: string | undefined;
  rows: CheckRow[];
}

/** A history entry as the run result `checkRun` reads (its figures, its machine). */
export function runOfEntry(pkg: string, entry: HistoryEntry): RunResultFile {
  const benchmarks: BenchmarkRecord[] = Object.entries(entry.values).map(([name, v]) => {
    const r: BenchmarkRecord = { name, package: pkg, suite: pkg, kind: 'figure', unit: v.u, value: v.v };
    if (v.p25 !== undefined) r.p25 = v.p25;
    if (v.p75 !== undefined) r.p75 = v.p75;
    if (v.p99 !== undefined) r.p99 = v.p99;
    if (v.a !== undefined) r.allocBytes = v.a;
    if (v.r !== undefined) r.rounds = v.r;
    return r;
  });
  return {
    schema: 'agno-bench-result',
    version: SCHEMA_VERSION,
    id: entry.id,
    date: entry.date,
    mode: entry.mode,
    rounds: 1,
    git: { commit: entry.commit, dirty: entry.dirty },
    env: { node: entry.node, cpu: entry.cpu, cores: 0, platform: '', memoryBytes: 0 },
    suites: [],
    benchmarks,
    comparison: [],
  };
}

/** Per package (side-by-side packages apart; `only` keeps one), its newest run of `mode`, checked. */
export function summaryOf(
  histories: HistoryFile[],
  budgets: Budgets,
  mode: 'short' | 'full',
  only = '',
): PackageSummary[] {
  const out: PackageSummary[] = [];
  for (const h of histories) {
    if (isSideBySide(h.package) || (only !== '' && h.package !== only)) continue;
    const entry = h.entries
      .filter((e) => e.mode === mode)
      .sort((a, b) => a.date.localeCompare(b.date))
      .at(-1);
    if (entry === undefined) continue;
    const rows = checkRun(runOfEntry(h.package, entry), new Map([[h.package, h]]), budgets);
    const count = (status: string) => rows.filter((r) => r.budget.status === status).length;
    const changes: Record<string, number> = {};
    for (const r of rows) {
      const v = r.change?.verdict;
      if (v !== undefined) changes[v] = (changes[v] ?? 0) + 1;
    }
    out.push({
      package: h.package,
      entry,
      figures: rows.length,
      within: count('ok'),
      over: count('over'),
      borderline: count('borderline'),
      changes,
      compared: rows.filter((r) => r.previous !== undefined).length,
      caveat: rows.find((r) => r.caveat !== undefined)?.caveat,
      rows,
    });
  }
  return out.sort((a, b) => a.package.localeCompare(b.package));
}
