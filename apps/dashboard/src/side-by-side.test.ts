/** The side-by-side groups and the cold-start figures, from history files (pure functions). */
import type { HistoryEntry, HistoryFile, RunResultFile } from '@agno/benchmarks/schema';
import { describe, expect, it } from 'vitest';
import { coldStartOf } from './cold-start.ts';
import { sideBySideOf } from './side-by-side.ts';

function entry(
  minute: number,
  values: HistoryEntry['values'],
  more: Partial<HistoryEntry> = {},
): HistoryEntry {
  const date = new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
  return {
    id: date,
    date,
    mode: 'full',
    commit: null,
    dirty: false,
    node: 'v20.20.2',
    cpu: 'cpu',
    values,
    ...more,
  };
}
const file = (pkg: string, entries: HistoryEntry[]): HistoryFile => ({
  schema: 'agno-bench-history',
  version: 1,
  package: pkg,
  entries,
});

const current = file('compare-current', [
  entry(
    0,
    {
      'compare-current/voltagent/text-run': { u: 'ns', v: 25_000_000 },
      'compare-current/agno/text-run': { u: 'ns', v: 10_000 },
      'compare-current/agno/construct': { u: 'ns', v: 20 },
    },
    { node: 'v24.22.3', frameworks: { agno: '0.1.0', voltagent: '2.10.0', mastra: '1.71.0' } },
  ),
]);
const old = file('compare', [entry(1, { 'compare/agno/text-run': { u: 'ns', v: 2000 } })]);
const latest = {
  id: current.entries[0]!.id,
  benchmarks: [
    {
      name: 'compare-current/mastra/text-run',
      package: 'compare-current',
      value: null,
      error: 'answered "", not "Hello there."',
    },
  ],
} as unknown as RunResultFile;

describe('sideBySideOf', () => {
  it('gives each group in the order of SIDE_BY_SIDE, scenarios explained and in order, agno first, ratios to agno', () => {
    const groups = sideBySideOf([current, old], 'full', latest);
    expect(groups.map((g) => [g.group.folder, g.entry.node])).toEqual([
      ['compare', 'v20.20.2'],
      ['compare-current', 'v24.22.3'],
    ]);
    const g = groups[1]!;
    expect(g.scenarios.map((s) => s.scenario)).toEqual(['construct', 'text-run']);
    expect(g.scenarios[1]!.about).toContain('one model call');
    expect(g.scenarios[1]!.bars).toEqual([
      { framework: 'agno', version: '0.1.0', value: 10_000, ratio: 1 },
      {
        framework: 'mastra',
        version: '1.71.0',
        value: null,
        ratio: null,
        error: 'answered "", not "Hello there."',
      },
      { framework: 'voltagent', version: '2.10.0', value: 25_000_000, ratio: 2500 },
    ]);
  });

  it('shows no failed rows from a latest run that is not the group’s newest', () => {
    const groups = sideBySideOf([current], 'full', { ...latest, id: 'other' });
    expect(groups[0]!.scenarios[1]!.bars.map((b) => b.framework)).toEqual(['agno', 'voltagent']);
  });
});

describe('coldStartOf', () => {
  const budgets = {
    'bundles/core/minified': { maxBytes: 30 * 1024 },
    'bundles/models-openai/over-client': { maxBytes: 30 * 1024 },
  };
  const bundles = file('bundles', [
    entry(0, {
      'bundles/core/minified': { u: 'bytes', v: 64_000 },
      'bundles/core/gzip': { u: 'bytes', v: 20_000 },
      'bundles/models-openai/minified': { u: 'bytes', v: 170_000 },
      'bundles/models-openai/over-client': { u: 'bytes', v: 17_000 },
      'bundles/app/minified': { u: 'bytes', v: 270_000 },
    }),
  ]);
  const imports = file('imports', [
    entry(0, { 'imports/app/time': { u: 'ns', v: 120e6 }, 'imports/core/time': { u: 'ns', v: 9e6 } }),
  ]);

  it('shows the app’s import and bundle, and each entry’s bundle judged alone or over its client', () => {
    const c = coldStartOf([bundles, imports], budgets, 'full')!;
    expect(c.app.map((r) => [r.name, r.value.v])).toEqual([
      ['imports/app/time', 120e6],
      ['bundles/app/minified', 270_000],
    ]);
    expect(c.bundles!.rows.map((r) => [r.entry, r.gzip?.v, r.overClient?.v, r.verdict.status])).toEqual([
      ['core', 20_000, undefined, 'over'],
      ['models-openai', undefined, 17_000, 'ok'],
    ]);
  });

  it('is absent until one of the two suites ran', () => {
    expect(coldStartOf([], budgets, 'full')).toBeUndefined();
    expect(coldStartOf([bundles], budgets, 'short')).toBeUndefined();
  });
});
