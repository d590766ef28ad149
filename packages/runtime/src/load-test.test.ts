import { Agent, AgnoError, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { formatReport, type LoadSample, loadTest } from './load-test.js';
import { percentile, summarize } from './percentiles.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('loadTest', () => {
  it('sends N requests per user, one at a time per user, all users in parallel', async () => {
    const calls: string[] = [];
    const report = await loadTest(
      async ({ user, iteration }) => {
        calls.push(`${user}:${iteration}`);
        await tick();
      },
      { users: 4, requestsPerUser: 5 },
    );
    expect(report).toMatchObject({
      users: 4,
      requests: 20,
      succeeded: 20,
      failed: 0,
      errorRate: 0,
      maxConcurrency: 4,
    });
    for (let u = 0; u < 4; u++) {
      expect(calls.filter((c) => c.startsWith(`${u}:`))).toEqual([0, 1, 2, 3, 4].map((i) => `${u}:${i}`));
    }
    expect(report.throughput).toBeGreaterThan(0);
    expect(report.latency.max).toBeGreaterThanOrEqual(report.latency.p99);
    expect(report.latency.p99).toBeGreaterThanOrEqual(report.latency.p50);
    expect(report.latency.p50).toBeGreaterThanOrEqual(report.latency.min);
  });

  it('counts failures by error code and keeps going', async () => {
    const report = await loadTest(
      ({ iteration }) => {
        if (iteration === 2) throw new AgnoError('rate_limited', 'slow down, token=abcdefghijkl');
        if (iteration === 3) throw new TypeError('oops');
        return 'ok';
      },
      { users: 3, requestsPerUser: 4 },
    );
    expect(report).toMatchObject({ requests: 12, failed: 6, succeeded: 6, errorRate: 0.5 });
    expect(report.errors.rate_limited).toEqual({ count: 3, message: 'slow down, token=[redacted]' });
    expect(report.errors.TypeError).toEqual({ count: 3, message: 'oops' });
    expect(formatReport(report)).toMatch(/rate_limited × 3/);
  });

  it('ramps users up in order', async () => {
    const firstStart: number[] = [];
    await loadTest(
      ({ user, iteration }) => {
        if (iteration === 0) firstStart.push(user);
      },
      { users: 4, requestsPerUser: 2, rampUpMs: 40 },
    );
    expect(firstStart).toEqual([0, 1, 2, 3]);
  });

  it('runs for a duration when asked, then lets requests in flight finish', async () => {
    const samples: LoadSample[] = [];
    const report = await loadTest(() => new Promise((resolve) => setTimeout(resolve, 5)), {
      users: 2,
      durationMs: 40,
      onRequest: (s) => samples.push(s),
    });
    expect(report.requests).toBeGreaterThan(0);
    expect(samples).toHaveLength(report.requests);
    for (const s of samples) expect(s.startMs).toBeLessThan(40);
    expect(report.stoppedEarly).toBe(false);
  });

  it('stops early through its signal and reports what ran', async () => {
    const controller = new AbortController();
    let seen = 0;
    const report = await loadTest(
      async () => {
        if (++seen === 5) controller.abort();
        await tick();
      },
      { users: 1, durationMs: 60_000, signal: controller.signal },
    );
    expect(report.stoppedEarly).toBe(true);
    expect(report.requests).toBe(5);
  });

  it('drives a real agent run with a tool', async () => {
    const add: Tool<{ a: number; b: number }> = {
      name: 'add',
      description: 'adds',
      parameters: { type: 'object' },
      execute: ({ a, b }) => a + b,
    };
    const agent = new Agent({
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] }, '3'],
        record: false,
      }),
      tools: [add],
    });
    const report = await loadTest(({ user, iteration }) => agent.run(`user ${user} asks ${iteration}`), {
      users: 5,
      requestsPerUser: 10,
    });
    expect(report).toMatchObject({ requests: 50, failed: 0 });
  });

  it('rejects bad options with a ConfigError', async () => {
    const ok = () => undefined;
    await expect(loadTest(ok, { users: 0 })).rejects.toMatchObject({ code: 'config_error' });
    await expect(loadTest(ok, { requestsPerUser: 1.5 })).rejects.toMatchObject({ code: 'config_error' });
    await expect(loadTest(ok, { durationMs: -1 })).rejects.toMatchObject({ code: 'config_error' });
    await expect(loadTest(ok, { rampUpMs: Number.NaN })).rejects.toMatchObject({ code: 'config_error' });
    await expect(loadTest(42 as never)).rejects.toMatchObject({ code: 'config_error' });
  });
});

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    expect(summarize(samples)).toEqual({ min: 1, mean: 50.5, p50: 50, p90: 90, p95: 95, p99: 99, max: 100 });
    expect(percentile([7], 99)).toBe(7);
    expect(summarize([])).toMatchObject({ p95: 0, max: 0 });
  });
});
