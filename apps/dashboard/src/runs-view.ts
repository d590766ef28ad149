/**
 * The Compare two runs section: two pickers (any two runs of the histories: two commits, or
 * the same suites on two Node versions) and every figure both runs have, with its change.
 */
import { formatPercent, formatValue } from '@agno/benchmarks/format';
import type { HistoryFile } from '@agno/benchmarks/schema';
import { h } from './dom.ts';
import { scrollTable } from './headline-view.ts';
import { defaultPair, diffRuns, type RunRef, runLabel, runsOf } from './runs.ts';

const VERDICT: Record<string, string> = {
  slower: 'status over',
  heavier: 'status over',
  faster: 'status ok',
  lighter: 'status ok',
  same: 'muted',
  noisy: 'status borderline',
};

function picker(id: string, label: string, runs: RunRef[], value: string): HTMLSelectElement {
  const select = h(
    'select',
    { id, 'aria-label': label },
    ...runs.map((r) => h('option', { value: r.id }, runLabel(r))),
  ) as HTMLSelectElement;
  select.value = value;
  return select;
}

function table(histories: HistoryFile[], a: string, b: string, filter: string): HTMLElement {
  const needle = filter.toLowerCase();
  const rows = diffRuns(histories, a, b).filter((r) => r.name.toLowerCase().includes(needle));
  if (rows.length === 0)
    return h('p', { class: 'muted', id: 'runs-none' }, 'These two runs have no figure in common.');
  const body = rows.map((r) =>
    h(
      'tr',
      { 'data-benchmark': r.name },
      h('td', { class: 'name wrap' }, r.name),
      h('td', {}, formatValue(r.a.v, r.unit)),
      h('td', {}, formatValue(r.b.v, r.unit)),
      h('td', {}, formatPercent(r.change.change)),
      h(
        'td',
        { class: 'verdict', title: `noise allowed ±${Math.round(r.change.noise * 100)}%` },
        h(
          'span',
          { class: VERDICT[r.change.verdict] ?? '' },
          r.change.verdict === 'noisy' ? 'too noisy' : r.change.verdict,
        ),
      ),
    ),
  );
  const head = ['benchmark', 'first', 'second', 'change', ''].map((c) => h('th', {}, c));
  return scrollTable(h('table', {}, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...body)));
}

/** The section, or null with fewer than two runs. `filter` is the benchmark-name filter. */
export function runsSection(histories: HistoryFile[], filter: string): HTMLElement | null {
  const runs = runsOf(histories);
  if (runs.length < 2) return null;
  const [a, b] = defaultPair(histories, runs) ?? [runs[1]!.id, runs[0]!.id];
  const first = picker('run-a', 'First run', runs, a);
  const second = picker('run-b', 'Second run', runs, b);
  const holder = h('div', { id: 'runs-table' }, table(histories, a, b, filter));
  const update = () => holder.replaceChildren(table(histories, first.value, second.value, filter));
  first.addEventListener('change', update);
  second.addEventListener('change', update);
  return h(
    'section',
    { id: 'compare-runs' },
    h('h2', {}, 'Compare two runs'),
    h(
      'p',
      { class: 'muted' },
      'Any two runs of the history (two commits, or the same suites on two Node versions): every figure both have, the change from the first to the second, judged within the noise.',
    ),
    h('div', { class: 'pickers' }, first, second),
    holder,
  );
}
