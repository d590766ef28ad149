/**
 * Headline figures of one package's newest run (the Serving, Knowledge and Cold start
 * sections): each against its target, beside the run before. Pure functions of the data.
 */
import { type BudgetVerdict, fromHistory, judgeBudget } from '@agno/benchmarks/judge';
import type { Budgets, HistoryEntry, HistoryFile, HistoryValue } from '@agno/benchmarks/schema';

/** A figure to show and what it measures. */
export interface Headline {
  name: string;
  label: string;
}

/** One headline figure of the newest run. */
export interface HeadlineRow {
  name: string;
  label: string;
  value: HistoryValue;
  /** The same figure in the run before, when there is one. */
  previous: HistoryValue | undefined;
  verdict: BudgetVerdict;
}

/** A package's runs of `mode`, oldest first. */
export function runsOfMode(histories: HistoryFile[], pkg: string, mode: 'short' | 'full'): HistoryEntry[] {
  return (histories.find((h) => h.package === pkg)?.entries ?? [])
    .filter((e) => e.mode === mode)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The newest run of `pkg` that has any of `figures` (every figure of the newest run when
 * `figures` is left out, labelled by name), each against its budget and beside the run before.
 */
export function headlinesOf(
  histories: HistoryFile[],
  budgets: Budgets,
  mode: 'short' | 'full',
  pkg: string,
  figures?: readonly Headline[],
): { entry: HistoryEntry; rows: HeadlineRow[] } | undefined {
  const entries = runsOfMode(histories, pkg, mode);
  const has = (e: HistoryEntry) =>
    figures === undefined || figures.some((f) => e.values[f.name] !== undefined);
  const index = entries.findLastIndex(has);
  if (index === -1) return undefined;
  const entry = entries[index]!;
  const list =
    figures ?? Object.keys(entry.values).map((name) => ({ name, label: name.slice(pkg.length + 1) }));
  const rows: HeadlineRow[] = [];
  for (const { name, label } of list) {
    const value = entry.values[name];
    if (value === undefined) continue;
    const before = entries.slice(0, index).findLast((e) => e.values[name] !== undefined);
    rows.push({
      name,
      label,
      value,
      previous: before?.values[name],
      verdict: judgeBudget(fromHistory(value), budgets[name]),
    });
  }
  return { entry, rows };
}
