/**
 * The sections that appear when their package has results: Knowledge (`@agno/knowledge`'s
 * figures) and Cold start (a typical app's import and bundle, every entry's bundle size).
 */
import { formatValue } from '@agno/benchmarks/format';
import type { Budgets, HistoryFile } from '@agno/benchmarks/schema';
import { coldStartOf } from './cold-start.ts';
import { h } from './dom.ts';
import { headlineSection, headlineTable, runLine, scrollTable, statusMark } from './headline-view.ts';
import { headlinesOf } from './headlines.ts';

type Filters = { package: string; mode: 'short' | 'full' };

/** `@agno/knowledge`'s newest run, or null when there is none (or the package filter hides it). */
export function knowledgeSection(
  histories: HistoryFile[],
  budgets: Budgets,
  filters: Filters,
): HTMLElement | null {
  if (filters.package !== '' && filters.package !== 'knowledge') return null;
  const k = headlinesOf(histories, budgets, filters.mode, 'knowledge');
  if (k === undefined || k.rows.length === 0) return null;
  return headlineSection('knowledge', 'Knowledge', `@agno/knowledge · ${runLine(k.entry)}`, k.rows);
}

/** Cold start and bundle sizes, or null when neither the imports nor the bundles suite has run. */
export function coldStartSection(
  histories: HistoryFile[],
  budgets: Budgets,
  filters: Filters,
): HTMLElement | null {
  if (filters.package !== '' && filters.package !== 'bundles' && filters.package !== 'imports') return null;
  const c = coldStartOf(histories, budgets, filters.mode);
  if (c === undefined) return null;
  const section = h(
    'section',
    { id: 'cold-start' },
    h('h2', {}, 'Cold start and bundle size'),
    h(
      'p',
      { class: 'muted' },
      'What a serverless function pays: a typical app (@agno/core + @agno/tools + @agno/models-openai) imported in a fresh process with nothing preloaded, and bundled whole by esbuild for Node, minified.',
    ),
  );
  if (c.app.length > 0) section.append(headlineTable(c.app));
  if (c.bundles !== undefined && c.bundles.rows.length > 0) {
    section.append(
      h('h3', {}, 'Bundle per entry'),
      h(
        'p',
        { class: 'muted' },
        `esbuild --bundle --minify --platform=node; Node built-ins and the package's peer dependencies left out, its own dependencies bundled in; an entry that wraps a client library is judged by what it adds over that client · ${runLine(c.bundles.entry)}`,
      ),
    );
    const body = c.bundles.rows.map((r) =>
      h(
        'tr',
        { 'data-bundle': r.entry },
        h('td', { class: 'name wrap' }, r.entry),
        h('td', {}, formatValue(r.minified.v, 'bytes')),
        h('td', {}, r.gzip === undefined ? '' : formatValue(r.gzip.v, 'bytes')),
        h('td', { class: 'opt' }, r.overClient === undefined ? '' : formatValue(r.overClient.v, 'bytes')),
        h('td', { class: 'opt' }, r.verdict.target),
        h('td', { class: 'verdict', title: r.verdict.missed.join('; ') }, statusMark(r.verdict.status)),
      ),
    );
    const head = ['entry', 'minified', 'gzip', 'over client', 'budget', ''].map((c, i) =>
      h('th', { class: i === 3 || i === 4 ? 'opt' : '' }, c),
    );
    section.append(
      scrollTable(h('table', {}, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...body))),
    );
  }
  return section;
}
