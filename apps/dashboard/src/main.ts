/**
 * The dashboard page: loads the results, then renders the filters, the summary per package,
 * each package's latest figures against their budgets, the eval quality, the side-by-side
 * comparisons, two runs compared, the sections of packages that have results (cold start and
 * bundles, serving, knowledge, scaling) and each benchmark's history as a chart. Nothing is
 * hard-coded: everything comes from `data/`.
 */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { formatValue } from '@agno/benchmarks/format';
import type uPlot from 'uplot';
import { historyChart, historyLabels, scalingChart } from './charts.ts';
import { type Loaded, loadData } from './data.ts';
import { h } from './dom.ts';
import { scrollTable, statusMark } from './headline-view.ts';
import { type Filters, latestByPackage, modesOf, packagesOf, scalingOf, seriesOf } from './model.ts';
import { qualitySection } from './quality-view.ts';
import { runsSection } from './runs-view.ts';
import { coldStartSection, knowledgeSection } from './sections-view.ts';
import { servingSection } from './serving-view.ts';
import { sideBySideOf } from './side-by-side.ts';
import { sideBySideSection } from './side-by-side-view.ts';
import { summaryOf } from './summary.ts';
import { summarySection } from './summary-view.ts';

const app = document.getElementById('app')!;
const errorsBox = document.getElementById('errors')!;
const runInfo = document.getElementById('run-info')!;
let charts: uPlot[] = [];

function showErrors(messages: string[]): void {
  errorsBox.replaceChildren(
    ...messages.map((m) => h('p', {}, h('strong', {}, 'Could not read a result file. '), m)),
  );
  errorsBox.hidden = messages.length === 0;
}

function describeRun(data: Loaded): string {
  const entries = data.histories.flatMap((hist) => hist.entries).sort((a, b) => b.date.localeCompare(a.date));
  const l = data.latest;
  const date = l?.date ?? entries[0]?.date;
  if (date === undefined) return 'No runs yet.';
  const commit = (l?.git.commit ?? entries[0]?.commit ?? '').slice(0, 10) || 'no commit';
  const node = l?.env.node ?? entries[0]?.node;
  const cpu = l?.env.cpu ?? entries[0]?.cpu;
  const mode = l?.mode ?? entries[0]?.mode;
  return `Latest run ${new Date(date).toLocaleString()} · ${mode} mode · commit ${commit} · Node ${node} · ${cpu}`;
}

function renderEmpty(): void {
  app.replaceChildren(
    h(
      'section',
      { id: 'empty', class: 'empty' },
      h('h2', {}, 'No benchmark results yet'),
      h('p', {}, 'Run the benchmarks, then reload this page:'),
      h(
        'pre',
        {},
        'pnpm bench          # every suite, short mode\npnpm bench core     # one package\nnpm start           # install, build, benchmark and serve this page',
      ),
    ),
  );
}

function render(data: Loaded, filters: Filters): void {
  for (const c of charts) c.destroy();
  charts = [];
  const latest = latestByPackage(data.histories, data.budgets, filters);
  const series = seriesOf(data.histories, data.budgets, filters);

  const latestSection = h('section', { id: 'latest' }, h('h2', {}, 'Latest figures against their budgets'));
  if (latest.length === 0) latestSection.append(h('p', { class: 'muted' }, 'No figures match the filters.'));
  for (const p of latest) {
    const rows = p.rows.map((r) =>
      h(
        'tr',
        { 'data-benchmark': r.name },
        h('td', { class: 'name wrap' }, r.name),
        h(
          'td',
          {},
          formatValue(r.value.v, r.value.u),
          r.xFloor === undefined
            ? null
            : h(
                'span',
                { class: 'floor', title: 'the figure over its floor (the bare loop)' },
                ` ${r.xFloor.toFixed(2)}× floor`,
              ),
          r.xRelay === undefined
            ? null
            : h(
                'span',
                {
                  class: 'floor',
                  title: 'the figure over the least relay between a model stream and its reader',
                },
                ` ${r.xRelay.toFixed(2)}× relay`,
              ),
        ),
        h('td', { class: 'opt' }, r.value.p75 !== undefined ? formatValue(r.value.p75, r.value.u) : ''),
        h('td', { class: 'opt' }, r.value.p99 !== undefined ? formatValue(r.value.p99, r.value.u) : ''),
        h('td', { class: 'opt' }, r.value.a !== undefined ? formatValue(r.value.a, 'bytes') : ''),
        h('td', { class: 'target' }, r.verdict.target),
        h('td', { class: 'verdict', title: r.verdict.missed.join('; ') }, statusMark(r.verdict.status)),
      ),
    );
    latestSection.append(
      h(
        'div',
        { class: 'package', 'data-package': p.package },
        h(
          'h3',
          {},
          p.package,
          h(
            'span',
            { class: 'muted' },
            ` · ${new Date(p.entry.date).toLocaleString()} · ${p.entry.commit?.slice(0, 10) ?? ''}`,
          ),
        ),
        scrollTable(
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['benchmark', 'median / value', 'p75', 'p99', 'alloc/op', 'budget', ''].map((c, i) =>
                  h('th', { class: i >= 2 && i <= 4 ? 'opt' : '' }, c),
                ),
              ),
            ),
            h('tbody', {}, ...rows),
          ),
        ),
      ),
    );
  }

  const historySection = h('section', { id: 'history' }, h('h2', {}, 'History'));
  const grid = h('div', { class: 'grid' });
  historySection.append(grid);
  if (series.length === 0)
    historySection.append(h('p', { class: 'muted' }, 'No history matches the filters.'));
  const pending: (() => uPlot)[] = [];
  for (const s of series) {
    const chart = h('div', { class: 'chart' });
    grid.append(
      h(
        'figure',
        { class: 'card', 'data-benchmark': s.name, 'data-series': historyLabels(s).join(',') },
        h(
          'figcaption',
          {},
          s.name,
          h('span', { class: 'muted' }, ` · ${s.x.length} run${s.x.length === 1 ? '' : 's'}`),
        ),
        chart,
      ),
    );
    pending.push(() => historyChart(chart, s));
  }

  const compareSection = sideBySideSection(
    sideBySideOf(data.histories, filters.mode, data.latest),
    data.sources,
    pending,
  );

  const scaling = scalingOf(data.histories, filters);
  const scalingSection = h('section', { id: 'scaling' }, h('h2', {}, 'Scaling with workers'));
  const sgrid = h('div', { class: 'grid' });
  scalingSection.append(sgrid);
  for (const s of scaling) {
    const chart = h('div', { class: 'chart' });
    sgrid.append(
      h(
        'figure',
        {
          class: 'card',
          'data-scaling': s.name,
          'data-workers': s.points.map((p) => p.workers).join(','),
        },
        h('figcaption', {}, s.name),
        chart,
        h(
          'table',
          { class: 'ratios' },
          h(
            'tbody',
            {},
            ...s.points.map((p) =>
              h(
                'tr',
                {},
                h('td', { class: 'name' }, `${p.workers} worker${p.workers === 1 ? '' : 's'}`),
                h('td', {}, formatValue(p.value, s.unit)),
              ),
            ),
          ),
        ),
      ),
    );
    pending.push(() => scalingChart(chart, s));
  }

  const sections = [
    summarySection(summaryOf(data.histories, data.budgets, filters.mode, filters.package)),
    latestSection,
    qualitySection(data.quality, filters.name),
    compareSection,
    runsSection(data.histories, filters.name),
    coldStartSection(data.histories, data.budgets, filters),
    servingSection(data.histories, data.budgets, filters),
    knowledgeSection(data.histories, data.budgets, filters),
    scaling.length > 0 ? scalingSection : null,
  ].filter((s): s is HTMLElement => s !== null);
  app.replaceChildren(...sections, historySection);
  for (const draw of pending) charts.push(draw());
  document.body.dataset.state = 'ready';
}

function renderFilters(data: Loaded, filters: Filters, onChange: () => void): HTMLElement {
  const pkg = h(
    'select',
    { id: 'filter-package', 'aria-label': 'Package' },
    h('option', { value: '' }, 'All packages'),
    ...packagesOf(data.histories).map((p) => h('option', { value: p }, p)),
  ) as HTMLSelectElement;
  const name = h('input', {
    id: 'filter-name',
    type: 'search',
    placeholder: 'Filter benchmarks by name',
    'aria-label': 'Benchmark name',
  }) as HTMLInputElement;
  const mode = h(
    'select',
    { id: 'filter-mode', 'aria-label': 'Mode' },
    ...modesOf(data.histories).map((m) => h('option', { value: m }, `${m} runs`)),
  ) as HTMLSelectElement;
  pkg.value = filters.package;
  mode.value = filters.mode;
  pkg.addEventListener('change', () => {
    filters.package = pkg.value;
    onChange();
  });
  name.addEventListener('input', () => {
    filters.name = name.value.trim();
    onChange();
  });
  mode.addEventListener('change', () => {
    filters.mode = mode.value as Filters['mode'];
    onChange();
  });
  return h('nav', { class: 'filters' }, pkg, name, mode);
}

async function start(): Promise<void> {
  let data: Loaded;
  try {
    data = await loadData();
  } catch (error) {
    runInfo.textContent = 'The results could not be loaded.';
    showErrors([(error as Error).message]);
    document.body.dataset.state = 'error';
    return;
  }
  showErrors(data.errors.map((e) => `${e.file}: ${e.message}`));
  runInfo.textContent = describeRun(data);
  const hasResults =
    data.histories.some((hist) => hist.entries.length > 0) || data.quality.some((q) => q.entries.length > 0);
  if (!hasResults) {
    renderEmpty();
    document.body.dataset.state = data.errors.length > 0 ? 'error' : 'empty';
    return;
  }
  const filters: Filters = { package: '', name: '', mode: modesOf(data.histories)[0]! };
  const nav = renderFilters(data, filters, () => render(data, filters));
  document.querySelector('header.top')!.append(nav);
  render(data, filters);
}

void start();
