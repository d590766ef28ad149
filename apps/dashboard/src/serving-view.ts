/**
 * The Serving section: `@agno/server`'s headline figures (overhead over a bare Hono handler,
 * SSE throughput, memory per open stream, time to first event) against their targets.
 */
import { formatValue } from '@agno/benchmarks/format';
import type { Budgets, HistoryFile } from '@agno/benchmarks/schema';
import { h } from './dom.ts';
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
  const marks: Record<string, string> = {
    ok: '✓ within',
    over: '✗ over',
    borderline: '≈ borderline',
    none: '–',
  };
  const body = serving.rows.map((r) =>
    h(
      'tr',
      { 'data-serving': r.name },
      h('td', { class: 'name', title: r.name }, r.label),
      h('td', {}, formatValue(r.value.v, r.value.u)),
      h('td', { class: 'muted' }, r.previous === undefined ? '–' : formatValue(r.previous.v, r.previous.u)),
      h('td', {}, r.verdict.target),
      h(
        'td',
        { title: r.verdict.missed.join('; ') },
        h('span', { class: `status ${r.verdict.status}` }, marks[r.verdict.status] ?? r.verdict.status),
      ),
    ),
  );
  const e = serving.entry;
  return h(
    'section',
    { id: 'serving' },
    h('h2', {}, 'Serving'),
    h(
      'p',
      { class: 'muted' },
      `@agno/server on the scripted model · ${new Date(e.date).toLocaleString()} · ${e.commit?.slice(0, 10) ?? ''}`,
    ),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h('tr', {}, ...['figure', 'value', 'run before', 'target', ''].map((c) => h('th', {}, c))),
      ),
      h('tbody', {}, ...body),
    ),
  );
}
