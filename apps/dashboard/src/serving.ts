/**
 * The Serving figures of `@agno/server` (issue 16), derived from its benchmark history: per
 * headline figure the newest run's value against its target, and the run before it (see
 * headlines.ts). Pure functions of the data.
 */
import type { Budgets, HistoryEntry, HistoryFile } from '@agno/benchmarks/schema';
import { type Headline, type HeadlineRow, headlinesOf } from './headlines.ts';

/** The headline figures, in the order shown, with what each one measures. */
export const SERVING_FIGURES: readonly Headline[] = [
  { name: 'server/json-run/fetch/vs-bare', label: 'JSON run over a bare Hono handler, in process' },
  { name: 'server/json-run/http/vs-bare', label: 'JSON run over a bare Hono handler, loopback HTTP' },
  { name: 'server/sse/events-per-second', label: 'SSE events per second, one stream' },
  { name: 'server/streams-1000/heap-per-stream', label: 'Heap per open stream, 1,000 streams' },
  { name: 'server/streams-1000/rss-per-stream', label: 'RSS per open stream, 1,000 streams' },
  { name: 'server/first-event/fetch', label: 'Time to first event, in process' },
  { name: 'server/first-event/http', label: 'Time to first event, loopback HTTP' },
];

/** The newest `server` run of `mode` and its headline figures; undefined when there is none. */
export function servingOf(
  histories: HistoryFile[],
  budgets: Budgets,
  mode: 'short' | 'full',
): { entry: HistoryEntry; rows: HeadlineRow[] } | undefined {
  const serving = headlinesOf(histories, budgets, mode, 'server', SERVING_FIGURES);
  return serving === undefined || serving.rows.length === 0 ? undefined : serving;
}
