/**
 * The Serving figures of `@agno/server` (issue 16), derived from its benchmark history: per
 * headline figure the newest run's value against its target, and the run before it. Pure
 * functions of the data.
 */
import { type BudgetVerdict, fromHistory, judgeBudget } from '@agno/benchmarks/judge';
import type { Budgets, HistoryEntry, HistoryFile, HistoryValue } from '@agno/benchmarks/schema';

/** The headline figures, in the order shown, with what each one measures. */
export const SERVING_FIGURES: ReadonlyArray<{ name: string; label: string }> = [
  { name: 'server/json-run/fetch/vs-bare', label: 'JSON run over a bare Hono handler, in process' },
  { name: 'server/json-run/http/vs-bare', label: 'JSON run over a bare Hono handler, loopback HTTP' },
  { name: 'server/sse/events-per-second', label: 'SSE events per second, one stream' },
  { name: 'server/streams-1000/heap-per-stream', label: 'Heap per open stream, 1,000 streams' },
  { name: 'server/streams-1000/rss-per-stream', label: 'RSS per open stream, 1,000 streams' },
  { name: 'server/first-event/fetch', label: 'Time to first event, in process' },
  { name: 'server/first-event/http', label: 'Time to first event, loopback HTTP' },
];

/** One headline figure of the newest run. */
export interface ServingRow {
  name: string;
  label: string;
  value: HistoryValue;
  /** The same figure in the run before, when there is one. */
  previous: HistoryValue | undefined;
  verdict: BudgetVerdict;
}

/** The newest `server` run of `mode` and its headline figures; undefined when there is none. */
export function servingOf(
  histories: HistoryFile[],
  budgets: Budgets,
  mode: 'short' | 'full',
): { entry: HistoryEntry; rows: ServingRow[] } | undefined {
  const entries = (histories.find((h) => h.package === 'server')?.entries ?? [])
    .filter((e) => e.mode === mode)
    .sort((a, b) => a.date.localeCompare(b.date));
  const entry = entries.at(-1);
  if (entry === undefined) return undefined;
  const before = entries.at(-2);
  const rows: ServingRow[] = [];
  for (const { name, label } of SERVING_FIGURES) {
    const value = entry.values[name];
    if (value === undefined) continue;
    rows.push({
      name,
      label,
      value,
      previous: before?.values[name],
      verdict: judgeBudget(fromHistory(value), budgets[name]),
    });
  }
  return rows.length === 0 ? undefined : { entry, rows };
}
