/** The Serving figures from a server history: the newest run of the mode, the run before, the verdicts. */
import type { HistoryEntry, HistoryFile } from '@agno/benchmarks/schema';
import { describe, expect, it } from 'vitest';
import { servingOf } from './serving.ts';

function entry(minute: number, mode: 'short' | 'full', values: HistoryEntry['values']): HistoryEntry {
  const date = new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
  return { id: date, date, mode, commit: 'c0ffee', dirty: false, node: 'v20', cpu: 'cpu', values };
}

const history: HistoryFile = {
  schema: 'agno-bench-history',
  version: 1,
  package: 'server',
  entries: [
    entry(10, 'full', { 'server/json-run/http/vs-bare': { u: 'x', v: 1.3 } }),
    entry(0, 'full', { 'server/json-run/http/vs-bare': { u: 'x', v: 1.4 } }),
    entry(20, 'short', { 'server/json-run/http/vs-bare': { u: 'x', v: 9 } }),
    entry(30, 'full', {
      'server/json-run/http/vs-bare': { u: 'x', v: 1.1 },
      'server/sse/events-per-second': { u: 'ops/s', v: 150_000 },
      'server/streams-1000/heap-per-stream': { u: 'bytes', v: 30_000 },
      'server/json-run/http': { u: 'ns', v: 300_000 },
    }),
  ],
};
const budgets = {
  'server/json-run/http/vs-bare': { max: 1.15 },
  'server/sse/events-per-second': { min: 200_000 },
};

describe('servingOf', () => {
  it('shows the headline figures of the newest run of the mode, in order, with the run before and verdicts', () => {
    const s = servingOf([history], budgets, 'full')!;
    expect(s.entry.date).toBe(history.entries[3]!.date);
    expect(s.rows.map((r) => r.name)).toEqual([
      'server/json-run/http/vs-bare',
      'server/sse/events-per-second',
      'server/streams-1000/heap-per-stream',
    ]);
    expect(s.rows[0]).toMatchObject({ value: { v: 1.1 }, previous: { v: 1.3 }, verdict: { status: 'ok' } });
    expect(s.rows[1]).toMatchObject({ previous: undefined, verdict: { status: 'over' } });
    expect(s.rows[2]!.verdict.status).toBe('none');
  });

  it('has nothing to show without a server run of the mode', () => {
    expect(servingOf([history], budgets, 'short')!.rows[0]!.value.v).toBe(9);
    expect(servingOf([{ ...history, entries: [] }], budgets, 'full')).toBeUndefined();
    expect(servingOf([{ ...history, package: 'core' }], budgets, 'full')).toBeUndefined();
  });
});
