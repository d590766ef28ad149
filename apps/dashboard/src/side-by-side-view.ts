/**
 * The Side by side section: per group (Node 20's majors; the peers' newest majors on Node 24)
 * the versions, the Node version, what each scenario is, links to the suites' source, and per
 * scenario a chart with each framework's figure and its ratio to agno (a failed row says why).
 */
import { formatValue } from '@agno/benchmarks/format';
import type uPlot from 'uplot';
import { comparisonChart } from './charts.ts';
import { h } from './dom.ts';
import { runLine } from './headline-view.ts';
import type { Scenario, SideBySide } from './side-by-side.ts';

/** Where the page links a suite's source: the copy under `data/source/` (see results-plugin.ts). */
function sourceLink(sources: readonly string[], file: string, text: string): HTMLElement | string {
  return sources.includes(file) ? h('a', { href: `data/source/${file}`, target: '_blank' }, text) : text;
}

function ratioText(ratio: number | null): string {
  return ratio === null ? '–' : `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×`;
}

function scenarioCard(s: Scenario, pending: (() => uPlot)[]): HTMLElement {
  const chart = h('div', { class: 'chart' });
  const rows = s.bars.map((b) =>
    h(
      'tr',
      { 'data-framework': b.framework },
      h('td', { class: 'name' }, b.framework),
      b.value === null
        ? h('td', { class: 'status over wrap', title: b.error ?? '' }, '✗ failed')
        : h('td', {}, formatValue(b.value, s.unit)),
      h('td', {}, b.value === null ? '' : ratioText(b.ratio)),
    ),
  );
  const card = h(
    'figure',
    {
      class: 'card',
      'data-scenario': s.scenario,
      'data-frameworks': s.bars.map((b) => b.framework).join(','),
    },
    h('figcaption', {}, s.scenario),
    s.about === undefined ? null : h('p', { class: 'muted about' }, s.about),
    chart,
    h('table', { class: 'ratios' }, h('tbody', {}, ...rows)),
  );
  if (s.bars.some((b) => b.value !== null)) pending.push(() => comparisonChart(chart, s));
  return card;
}

/**
 * The section (an empty-state line when no group has results). `sources` are the suite files
 * the page can link to; `pending` receives the chart drawings to run once the section is in the page.
 */
export function sideBySideSection(
  groups: SideBySide[],
  sources: readonly string[],
  pending: (() => uPlot)[],
): HTMLElement {
  const section = h('section', { id: 'comparison' }, h('h2', {}, 'Side by side with other frameworks'));
  if (groups.length === 0) {
    section.append(
      h(
        'p',
        { class: 'muted' },
        'No side-by-side results yet: run `pnpm bench compare` or `pnpm bench compare-current`.',
      ),
    );
    return section;
  }
  for (const g of groups) {
    const folder = g.group.folder;
    const frameworks = Object.entries(g.entry.frameworks ?? {});
    const versions = frameworks.map(([k, v]) => `${k} ${v}`).join(' · ');
    const links: (HTMLElement | string)[] = [
      sourceLink(sources, `${folder}/suites/scenarios.ts`, 'scenarios'),
    ];
    for (const [name] of frameworks)
      links.push(' · ', sourceLink(sources, `${folder}/suites/${name}.bench.ts`, name));
    section.append(
      h(
        'div',
        { class: 'group', 'data-group': folder, 'data-node': g.entry.node },
        h('h3', {}, `agno and ${g.group.title}`),
        h('p', { class: 'muted versions' }, `${versions} · ${runLine(g.entry)} · ${g.entry.mode} mode`),
        h(
          'p',
          { class: 'muted' },
          'Every framework runs the same scenarios on an offline mock model in its own interface, each suite in a fresh process with NODE_ENV=production; each scenario is first checked for the answer and the number of model and tool calls (a framework that fails gets no figure). Log scale; ratio = framework / agno, lower is better. Source: ',
          ...links,
        ),
        h('div', { class: 'grid' }, ...g.scenarios.map((s) => scenarioCard(s, pending))),
      ),
    );
  }
  return section;
}
