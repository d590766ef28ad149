import { describe, expect, it } from 'vitest';
import { checkRun } from './check.js';
import type { HistoryFile } from './schema.js';
import { runFixture, timed } from './testing-fixtures.js';

function history(entries: HistoryFile['entries']): Map<string, HistoryFile> {
  return new Map([['core', { schema: 'agno-bench-history', version: 1, package: 'core', entries }]]);
}

const entry = (id: string, date: string, mode: 'short' | 'full', v: number, a?: number) => ({
  id,
  date,
  mode,
  commit: 'c',
  dirty: false,
  node: 'v20.20.2',
  cpu: 'Test CPU',
  values: {
    'core/run': { u: 'ns' as const, v, p25: v * 0.99, p75: v * 1.01, ...(a !== undefined ? { a } : {}) },
  },
});

describe('checkRun', () => {
  const latest = runFixture('2025-02-01T00:00:00.000Z', [timed('core/run', 2600, 900)]);

  it('compares with the previous run of the same mode, not the latest itself or another mode', () => {
    const rows = checkRun(
      latest,
      history([
        entry('old-full', '2025-01-01T00:00:00.000Z', 'full', 2000, 500),
        entry('old-short', '2025-01-15T00:00:00.000Z', 'short', 2600),
        entry(latest.id, latest.date, 'full', 2600, 900),
      ]),
      { 'core/run': { maxNs: 3000 } },
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.previous?.id).toBe('old-full');
    expect(row.change?.verdict).toBe('slower');
    expect(row.allocChange?.verdict).toBe('heavier');
    expect(row.budget.status).toBe('ok');
    expect(row.problems).toEqual(['slower', 'heavier']);
  });

  it('reports over budget, and nothing else without a previous run', () => {
    const rows = checkRun(latest, new Map(), { 'core/run': { maxNs: 2000 } });
    expect(rows[0]!.problems).toEqual(['over budget']);
    expect(rows[0]!.budget.missed).toEqual(['median 2.6 µs > 2 µs']);
    expect(rows[0]!.previous).toBeUndefined();
  });

  it('says when the previous run was on another machine', () => {
    const other = { ...entry('o', '2025-01-01T00:00:00.000Z', 'full', 2600), cpu: 'Other CPU' };
    const rows = checkRun(latest, history([other]), {});
    expect(rows[0]!.caveat).toContain('Other CPU');
    expect(rows[0]!.problems).toEqual([]);
  });

  it('lists a failed benchmark as failed', () => {
    const run = runFixture(latest.date, [{ ...timed('core/run', 1), value: null, error: 'boom' }]);
    expect(checkRun(run, new Map(), {})[0]).toMatchObject({ problems: ['failed'], error: 'boom' });
  });
});
