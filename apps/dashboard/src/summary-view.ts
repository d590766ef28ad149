/**
 * The Summary section: per package, its newest run's figures within and over budget and what
 * changed since the run before (as `pnpm bench:check` judges it).
 */
import { h } from './dom.ts';
import { runLine, scrollTable } from './headline-view.ts';
import type { PackageSummary } from './summary.ts';

const WORDS: [string, string][] = [
  ['slower', 'slower'],
  ['heavier', 'heavier'],
  ['faster', 'faster'],
  ['lighter', 'lighter'],
  ['same', 'unchanged'],
  ['noisy', 'too noisy'],
];

/** The changes since the run before, in words (`2 slower · 5 unchanged`; `first run` without one). */
export function changeText(s: PackageSummary): string {
  if (s.compared === 0) return 'first run';
  return WORDS.filter(([k]) => (s.changes[k] ?? 0) > 0)
    .map(([k, word]) => `${s.changes[k]} ${word}`)
    .join(' · ');
}

/** The section, or null when no package has a run of the mode. */
export function summarySection(summaries: PackageSummary[]): HTMLElement | null {
  if (summaries.length === 0) return null;
  const rows = summaries.map((s) => {
    const worse = (s.changes.slower ?? 0) + (s.changes.heavier ?? 0);
    return h(
      'tr',
      { 'data-package': s.package },
      h('td', { class: 'name' }, s.package),
      h('td', {}, String(s.figures)),
      h('td', {}, h('span', { class: s.within > 0 ? 'status ok' : 'muted' }, `✓ ${s.within}`)),
      h('td', {}, h('span', { class: s.over > 0 ? 'status over' : 'muted' }, `✗ ${s.over}`)),
      h(
        'td',
        { class: `wrap${worse > 0 ? ' status over' : ''}`, title: s.caveat ?? '' },
        changeText(s) + (s.caveat !== undefined ? ' *' : ''),
      ),
      h('td', { class: 'muted opt' }, runLine(s.entry)),
    );
  });
  const head = ['package', 'figures', 'within', 'over', 'since the run before', 'run'].map((c, i) =>
    h('th', { class: i === 5 ? 'opt' : '' }, c),
  );
  return h(
    'section',
    { id: 'summary' },
    h('h2', {}, 'Summary per package'),
    h(
      'p',
      { class: 'muted' },
      'Each package’s newest run: figures within and over budget (borderline counts as neither), and changes since its run before, judged within the noise as pnpm bench:check does. * the run before was on another CPU or Node version.',
    ),
    scrollTable(h('table', {}, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows))),
  );
}
