import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { formatPerfReport } from './format.js';
import { runPerfEval } from './perf.js';

describe('performance evals', () => {
  it('warms up, then returns N samples and ordered statistics of agent runs', async () => {
    const model = new ScriptedModel({ turns: ['hi'] });
    const agent = new Agent({ model });
    let runs = 0;
    const report = await runPerfEval({
      name: 'agent-run',
      warmup: 5,
      iterations: 40,
      fn: async () => {
        runs++;
        return agent.run('hello');
      },
    });
    expect(runs).toBe(45);
    expect(report.samples).toHaveLength(40);
    const t = report.time;
    expect(t.n).toBe(40);
    expect(t.min).toBeLessThanOrEqual(t.median);
    expect(t.median).toBeLessThanOrEqual(t.p95);
    expect(t.p95).toBeLessThanOrEqual(t.max);
    expect(t.mean).toBeGreaterThanOrEqual(t.min);
    expect(t.mean).toBeLessThanOrEqual(t.max);
    expect(Math.min(...report.samples)).toBe(t.min);
    expect(Math.max(...report.samples)).toBe(t.max);
    expect(formatPerfReport(report)).toContain('perf agent-run · 40 iterations after 5 warm-up');
  });

  it('says when memory could not be measured, and measures it with gc()', async () => {
    const g = globalThis as { gc?: () => void };
    const saved = g.gc;
    try {
      g.gc = undefined;
      const without = await runPerfEval({ name: 'n', iterations: 3, warmup: 0, fn: () => 1 });
      expect(without.memory).toEqual({ note: 'gc() is not exposed: run node with --expose-gc' });
      expect(formatPerfReport(without)).toContain('memory not measured: gc() is not exposed');
      // A stand-in for --expose-gc's gc (vitest's workers do not expose it): the delta is still read.
      let collections = 0;
      g.gc = () => void collections++;
      const kept: unknown[] = [];
      const withGc = await runPerfEval({
        name: 'n',
        iterations: 4,
        warmup: 1,
        fn: () => kept.push(new Array(10_000).fill(1)),
      });
      // One warm-up, four timed runs, then four weighed runs between two collections each.
      expect(kept).toHaveLength(9);
      expect(collections).toBe(8);
      expect(withGc.memory.heapDelta!.n).toBe(4);
      expect(withGc.memory.heapDelta!.median).toBeGreaterThan(0);
      expect((await runPerfEval({ name: 'n', iterations: 1, memory: false, fn: () => 1 })).memory.note).toBe(
        'turned off',
      );
    } finally {
      g.gc = saved;
    }
  });

  it('bad counts are config errors', async () => {
    await expect(runPerfEval({ name: 'n', iterations: 0, fn: () => 1 })).rejects.toMatchObject({
      code: 'config_error',
    });
    await expect(runPerfEval({ name: 'n', warmup: -1, fn: () => 1 })).rejects.toMatchObject({
      code: 'config_error',
    });
  });
});
