/**
 * What `pnpm bench:check` reports: each figure of the latest run against its budget and
 * against the previous run of the same mode (from the history), judged within the noise.
 */
import {
  type BudgetVerdict,
  type Change,
  fromHistory,
  fromRecord,
  judgeBudget,
  judgeChange,
} from './judge.js';
import type { Budgets, HistoryEntry, HistoryFile, RunResultFile } from './schema.js';

/** One checked figure. */
export interface CheckRow {
  name: string;
  package: string;
  unit: RunResultFile['benchmarks'][number]['unit'];
  value: number | null;
  allocBytes?: number;
  error?: string;
  budget: BudgetVerdict;
  previous?: { id: string; date: string; commit: string | null; value: number; allocBytes?: number };
  change?: Change;
  allocChange?: Change;
  /** Why the previous run is not a fair comparison (other CPU or Node version). */
  caveat?: string;
  /** `failed`, `over budget`, `borderline`, `slower`, `heavier`, `too noisy` (empty: nothing to say). */
  problems: string[];
}

/** The noise floor by mode: a single short process varies more than the median of several. */
export const NOISE_FLOOR = { short: 0.15, full: 0.07 } as const;

/** The previous entry (same mode, before `run`) that has `name`. */
function previousEntry(
  history: HistoryFile | undefined,
  run: RunResultFile,
  name: string,
): HistoryEntry | undefined {
  if (history === undefined) return undefined;
  for (let i = history.entries.length - 1; i >= 0; i--) {
    const e = history.entries[i]!;
    if (e.id === run.id || e.date >= run.date || e.mode !== run.mode) continue;
    if (e.values[name] !== undefined) return e;
  }
  return undefined;
}

/** Checks every figure of `run`. `histories` is keyed by package. */
export function checkRun(
  run: RunResultFile,
  histories: Map<string, HistoryFile>,
  budgets: Budgets,
): CheckRow[] {
  const floor = NOISE_FLOOR[run.mode];
  return run.benchmarks.map((r) => {
    const row: CheckRow = {
      name: r.name,
      package: r.package,
      unit: r.unit,
      value: r.value,
      budget: { status: 'none', target: '', missed: [] },
      problems: [],
    };
    if (r.allocBytes !== undefined) row.allocBytes = r.allocBytes;
    const current = fromRecord(r);
    if (current === undefined) {
      row.error = r.error ?? 'no value';
      row.problems.push('failed');
      return row;
    }
    row.budget = judgeBudget(current, budgets[r.name]);
    if (row.budget.status === 'over') row.problems.push('over budget');
    if (row.budget.status === 'borderline') row.problems.push('borderline');
    const entry = previousEntry(histories.get(r.package), run, r.name);
    if (entry !== undefined) {
      const prev = entry.values[r.name]!;
      row.previous = { id: entry.id, date: entry.date, commit: entry.commit, value: prev.v };
      if (prev.a !== undefined) row.previous.allocBytes = prev.a;
      const node =
        run.suites.find((s) => s.package === r.package && s.node !== undefined)?.node ?? run.env.node;
      if (entry.cpu !== run.env.cpu || entry.node !== node) {
        row.caveat = `previous run on ${entry.cpu === run.env.cpu ? '' : `${entry.cpu} `}Node ${entry.node}`;
      }
      const judged = judgeChange(current, fromHistory(prev), { floor });
      row.change = judged.value;
      if (judged.alloc !== undefined) row.allocChange = judged.alloc;
      const v = judged.value.verdict;
      if (v === 'slower' || v === 'heavier') row.problems.push(v);
      if (v === 'noisy') row.problems.push('too noisy');
      if (judged.alloc?.verdict === 'heavier') row.problems.push('heavier');
    }
    return row;
  });
}
