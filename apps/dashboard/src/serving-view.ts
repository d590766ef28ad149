/**
 * The Serving section: `@agno/server`'s headline figures (overhead over a bare Hono handler,
 * SSE throughput, memory per open stream, time to first event) against their targets.
 */
import type { Budgets, HistoryFile } from '@agno/benchmarks/schema';
import { headlineSection, runLine } from './headline-view.ts';
import { servingOf } from './serving.ts';

/** The section for the newest `server` run of `mode`, or null when there is none (or the package filter hides it). */
export function servingSection(
  histories: HistoryFile[],
  budgets: Budgets,
  filters: { package: string; mode: 'short' | 'full' },
): HTMLElement | null {
  if (filters.package !== '' && filters.package !== 'server') return null;
  const serving = servingOf(histories, budgets, filters.mode);
  if (serving === undefined) return null;
  return headlineSection(
    'serving',
    'Serving',
    `@agno/server on the scripted model · ${runLine(serving.entry)}`,
    serving.rows,
  );
}
