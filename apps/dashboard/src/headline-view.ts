/**
 * Tables of headline figures (Serving, Knowledge, Cold start): each figure's value, the run
 * before, its target and its verdict; and the verdict mark every table of the page uses.
 */
import { formatValue } from '@agno/benchmarks/format';
import type { HistoryEntry } from '@agno/benchmarks/schema';
import { h } from './dom.ts';
import type { HeadlineRow } from './headlines.ts';

const MARKS: Record<string, string> = {
  ok: '✓ within',
  over: '✗ over',
  borderline: '≈ borderline',
  none: '–',
};

/** A budget verdict as the page shows it (`✓ within`, `✗ over`, `≈ borderline`, `–`). */
export function statusMark(status: string): HTMLElement {
  return h('span', { class: `status ${status}` }, MARKS[status] ?? status);
}

/** A table that scrolls on its own when it is wider than the page (the page itself never does). */
export function scrollTable(table: HTMLElement): HTMLElement {
  return h('div', { class: 'scroll' }, table);
}

/** When and where a run was made: date, commit, Node. */
export function runLine(e: HistoryEntry): string {
  return `${new Date(e.date).toLocaleString()} · ${e.commit?.slice(0, 10) ?? 'no commit'} · Node ${e.node}`;
}

/** The table of headline rows; each row carries `data-headline="<figure name>"`. */
export function headlineTable(rows: HeadlineRow[]): HTMLElement {
  const body = rows.map((r) =>
    h(
      'tr',
      { 'data-headline': r.name },
      h('td', { class: 'name wrap', title: r.name }, r.label),
      h('td', {}, formatValue(r.value.v, r.value.u)),
      h(
        'td',
        { class: 'muted opt' },
        r.previous === undefined ? '–' : formatValue(r.previous.v, r.previous.u),
      ),
      h('td', { class: 'opt' }, r.verdict.target),
      h('td', { class: 'verdict', title: r.verdict.missed.join('; ') }, statusMark(r.verdict.status)),
    ),
  );
  const head = ['figure', 'value', 'run before', 'target', ''].map((c, i) =>
    h('th', { class: i === 2 || i === 3 ? 'opt' : '' }, c),
  );
  return scrollTable(h('table', {}, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...body)));
}

/** A section of headline figures with a title and a line saying what and when. */
export function headlineSection(id: string, title: string, about: string, rows: HeadlineRow[]): HTMLElement {
  return h('section', { id }, h('h2', {}, title), h('p', { class: 'muted' }, about), headlineTable(rows));
}
