/** The summary per package and two runs compared, from history files (pure functions). */
import type { HistoryEntry, HistoryFile } from '@agno/benchmarks/schema';
import { describe, expect, it } from 'vitest';
import { defaultPair, diffRuns, runLabel, runsOf } from './runs.ts';
import { summaryOf } from './summary.ts';
import { changeText } from './summary-view.ts';

function entry(minute: number, values: HistoryEntry['values'], node = 'v20.20.2'): HistoryEntry {
  const date = new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
  return {
    id: date,
    date,
    mode: 'full',
    commit: `abc${minute}`.padEnd(40, '0'),
    dirty: false,
    node,
    cpu: 'cpu',
    values,
  };
}

const tight = (v: number) => ({ u: 'ns' as const, v, p25: v * 0.99, p75: v * 1.01 });
const core: HistoryFile = {
  schema: 'agno-bench-history',
  version: 1,
  package: 'core',
  entries: [
    entry(0, { 'core/run': tight(2000), 'core/new': tight(10), 'core/kept': { u: 'bytes', v: 96 } }),
    entry(
      10,
      { 'core/run': tight(1000), 'core/new': tight(20), 'core/kept': { u: 'bytes', v: 96 } },
      'v24.22.3',
    ),
  ],
};
const tools: HistoryFile = {
  schema: 'agno-bench-history',
  version: 1,
  package: 'tools',
  entries: [entry(0, { 'tools/dispatch': tight(250) })],
};
const compare: HistoryFile = {
  ...tools,
  package: 'compare-current',
  entries: [entry(5, { 'compare-current/agno/x': tight(1) })],
};
const budgets = { 'core/run': { maxNs: 1500 }, 'core/new': { maxNs: 15 }, 'tools/dispatch': { maxNs: 200 } };

describe('summaryOf', () => {
  it('counts each package’s newest figures within and over budget and judges the changes as bench:check does', () => {
    const [c, t, ...rest] = summaryOf([tools, core, compare], budgets, 'full');
    expect(rest).toEqual([]); // side-by-side packages are not summarised
    expect(c).toMatchObject({ package: 'core', figures: 3, within: 1, over: 1, compared: 3 });
    expect(c!.entry.node).toBe('v24.22.3');
    expect(c!.changes).toEqual({ faster: 1, slower: 1, same: 1 });
    expect(c!.caveat).toBe('previous run on Node v20.20.2');
    expect(changeText(c!)).toBe('1 slower · 1 faster · 1 unchanged');
    expect(t).toMatchObject({ package: 'tools', within: 0, over: 1, compared: 0 });
    expect(changeText(t!)).toBe('first run');
  });

  it('keeps one package when the filter names it, and none for a mode without runs', () => {
    expect(summaryOf([tools, core], budgets, 'full', 'tools').map((s) => s.package)).toEqual(['tools']);
    expect(summaryOf([tools, core], budgets, 'short')).toEqual([]);
  });
});

describe('two runs', () => {
  it('lists each run once, newest first, with the packages it measured', () => {
    const runs = runsOf([core, tools, compare]);
    expect(runs.map((r) => [r.date.slice(11, 16), r.packages])).toEqual([
      ['12:10', ['core']],
      ['12:05', ['compare-current']],
      ['12:00', ['core', 'tools']],
    ]);
    expect(runLabel(runs[0]!)).toBe('2026-01-01 12:10 · abc1000 · Node v24.22.3 · full · core');
  });

  it('picks the newest run and the newest before it that shares a figure, and judges each change', () => {
    const runs = runsOf([core, tools, compare]);
    const [a, b] = defaultPair([core, tools, compare], runs)!;
    expect([a, b]).toEqual([core.entries[0]!.id, core.entries[1]!.id]);
    const rows = diffRuns([core, tools, compare], a, b);
    expect(rows.map((r) => [r.name, r.a.v, r.b.v, r.change.verdict])).toEqual([
      ['core/run', 2000, 1000, 'faster'],
      ['core/new', 10, 20, 'slower'],
      ['core/kept', 96, 96, 'same'],
    ]);
    expect(diffRuns([core, tools, compare], tools.entries[0]!.id, compare.entries[0]!.id)).toEqual([]);
  });
});
