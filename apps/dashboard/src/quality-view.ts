/**
 * The Quality section: per agent and eval, the newest run's pass rate and mean score beside
 * its latency and tokens, the change since the run before, and the threshold verdict.
 */
import { h } from './dom.ts';
import { scrollTable } from './headline-view.ts';
import type { QualityHistoryFile, QualityRow } from './quality.ts';
import { qualityRows } from './quality.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => (x < 10 ? `${x.toFixed(2)} ms` : `${Math.round(x)} ms`);

function delta(row: QualityRow): string {
  if (row.previousPassRate === undefined) return '–';
  const d = (row.entry.passRate - row.previousPassRate) * 100;
  return d === 0 ? '±0' : `${d > 0 ? '+' : ''}${d.toFixed(1)} pts`;
}

function bar(row: QualityRow): string {
  const t = row.entry.threshold;
  if (t === undefined) return 'all pass';
  return Object.entries(t)
    .map(([k, v]) => `${k === 'passRate' ? 'pass' : 'score'} ≥ ${pct(v as number)}`)
    .join(', ');
}

/** The section for the quality files, filtered by the name filter (agent or eval). */
export function qualitySection(files: QualityHistoryFile[], nameFilter: string): HTMLElement {
  const section = h('section', { id: 'quality' }, h('h2', {}, 'Quality'));
  const rows = qualityRows(files, nameFilter);
  if (rows.length === 0) {
    section.append(
      h(
        'p',
        { class: 'muted' },
        files.length === 0
          ? 'No eval results yet: run `pnpm --filter @agno/evals eval:smoke`.'
          : 'No evals match the filters.',
      ),
    );
    return section;
  }
  section.append(
    h(
      'p',
      { class: 'muted' },
      'The newest run of each eval per agent (written by @agno/evals), its pass rate beside its latency per case.',
    ),
  );
  const head = [
    'agent',
    'eval',
    'model',
    'cases',
    'pass rate',
    'Δ',
    'mean score',
    'median',
    'p95',
    'tokens',
    'threshold',
    '',
    'run',
  ];
  const body = rows.map((r) => {
    const e = r.entry;
    const status = e.met ? 'ok' : 'over';
    return h(
      'tr',
      { 'data-agent': r.agent, 'data-eval': r.eval, 'data-runs': String(r.passRates.length) },
      h('td', { class: 'name' }, r.agent),
      h('td', {}, r.eval),
      h('td', { class: 'opt' }, e.model ?? ''),
      h('td', {}, `${e.passed}/${e.cases}${e.errored > 0 ? ` (${e.errored} errors)` : ''}`),
      h('td', {}, pct(e.passRate)),
      h('td', { title: r.passRates.map(pct).join(' → ') }, delta(r)),
      h('td', { class: 'opt' }, e.meanScore.toFixed(3)),
      h('td', {}, ms(e.latencyMs.median)),
      h('td', { class: 'opt' }, ms(e.latencyMs.p95)),
      h('td', { class: 'opt' }, String(e.tokens.total)),
      h('td', { class: 'opt' }, bar(r)),
      h('td', {}, h('span', { class: `status ${status}` }, e.met ? '✓ met' : '✗ below')),
      h(
        'td',
        { class: 'muted opt' },
        `${new Date(e.date).toLocaleString()} · ${e.commit?.slice(0, 10) ?? ''}`,
      ),
    );
  });
  // Columns left out on a narrow screen (the verdict stays in view).
  const optional = new Set([2, 6, 8, 9, 10, 12]);
  const cells = head.map((c, i) => h('th', { class: optional.has(i) ? 'opt' : '' }, c));
  section.append(scrollTable(h('table', {}, h('thead', {}, h('tr', {}, ...cells)), h('tbody', {}, ...body))));
  return section;
}
