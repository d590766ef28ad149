import { Agent, type RunInput, type RunOptions } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { formatReport, reportJSON } from './format.js';
import { runEval } from './run-eval.js';
import { contains, exact } from './scorers/text.js';

const echo = () =>
  new Agent({
    name: 'echo',
    model: new ScriptedModel({
      respond: (r) => ({
        text: `echo: ${String(r.messages.at(-1)?.content)}`,
        usage: { inputTokens: 10, outputTokens: 3 },
      }),
    }),
  });

describe('runEval', () => {
  it('reports per case and in aggregate: pass rate, mean score, latency, tokens, scorers', async () => {
    const report = await runEval({
      name: 'echoes',
      agent: echo(),
      dataset: [
        { id: 'a', input: 'a', expected: 'echo: a' },
        { id: 'b', input: 'b', expected: 'echo: x' },
        { id: 'c', input: 'c', expected: 'echo: c' },
      ],
      scorers: [exact(), contains({ values: 'echo' })],
      threshold: 0.6,
    });
    expect(report).toMatchObject({ name: 'echoes', agent: 'echo', model: 'mock/scripted', passed: true });
    expect(report.cases.map((c) => [c.id, c.status, c.score])).toEqual([
      ['a', 'passed', 1],
      ['b', 'failed', 0.5],
      ['c', 'passed', 1],
    ]);
    const s = report.summary;
    expect(s).toMatchObject({ cases: 3, passed: 2, failed: 1, errored: 0 });
    expect(s.passRate).toBeCloseTo(2 / 3);
    expect(s.meanScore).toBeCloseTo(2.5 / 3);
    expect(s.tokens).toEqual({ input: 30, output: 9, total: 39 });
    expect(s.scorers).toEqual({
      exact: { passRate: 2 / 3, meanScore: 2 / 3 },
      'contains-all': { passRate: 1, meanScore: 1 },
    });
    expect(s.latencyMs.n).toBe(3);
    expect(s.latencyMs.min).toBeLessThanOrEqual(s.latencyMs.max);

    const table = formatReport(report);
    expect(table).toMatch(/^b\s+failed\s+0\.50 .*exact: expected "echo: x", got "echo: b"$/m);
    expect(table).toContain('pass rate 66.7% (2/3, 0 errors)');
    expect(table).toContain('✓ meets the threshold (passRate ≥ 60.0%)');
    expect(JSON.parse(reportJSON(report))).toEqual(JSON.parse(JSON.stringify(report)));

    const strict = await runEval({
      name: 'echoes',
      agent: echo(),
      dataset: [{ input: 'b', expected: 'x' }],
      scorers: [exact()],
      threshold: { meanScore: 0.5 },
    });
    expect(strict.passed).toBe(false);
    expect(formatReport(strict)).toContain('✗ below the threshold (meanScore ≥ 50.0%)');
  });

  it('runs at most `concurrency` cases at once', async () => {
    const agent = echo();
    let inFlight = 0;
    let most = 0;
    const target = {
      name: 'counted',
      async run(input: RunInput, options?: RunOptions<any>) {
        most = Math.max(most, ++inFlight);
        try {
          await new Promise((r) => setTimeout(r, 5));
          return await agent.run(input, options);
        } finally {
          inFlight--;
        }
      },
    };
    const dataset = Array.from({ length: 9 }, (_, i) => ({ input: `q${i}`, expected: 'echo' }));
    const report = await runEval({
      name: 'c',
      agent: target,
      dataset,
      scorers: [contains()],
      concurrency: 3,
    });
    expect(report.summary.passed).toBe(9);
    expect(most).toBe(3);
  });

  it('a stalled model or a stuck tool ends at the case deadline; the other cases still run', async () => {
    const model = new ScriptedModel({
      respond: (r) => {
        const q = String(r.messages.at(-1)?.content);
        if (q === 'stall') return { text: 'late', delayMs: 60_000 };
        if (q === 'tool') return { toolCalls: [{ name: 'stuck', args: {} }] };
        if (r.messages.at(-1)?.role === 'tool') return 'done';
        return `fine: ${q}`;
      },
    });
    // The stuck tool ignores its signal: the deadline must end the case anyway.
    const stuck = {
      name: 'stuck',
      description: 'never returns',
      parameters: { type: 'object' },
      execute: () => new Promise<string>(() => {}),
    };
    const agent = new Agent({ name: 'slow', model, tools: [stuck] });
    const report = await runEval({
      name: 'deadlines',
      agent,
      dataset: [{ input: 'stall' }, { input: 'ok', expected: 'fine' }, { input: 'tool' }],
      scorers: [contains({ values: 'fine' })],
      timeoutMs: 200,
    });
    expect(report.cases.map((c) => [c.status, c.error?.code])).toEqual([
      ['error', 'timeout'],
      ['passed', undefined],
      ['error', 'timeout'],
    ]);
    expect(report.cases[0]!.error!.message).toContain('eval case case-1 timed out');
    expect(report.summary).toMatchObject({ errored: 2, passed: 1 });
  }, 30_000);

  it('a throwing target is recorded, not thrown; aborting the eval ends the cases', async () => {
    const target = {
      name: 'broken',
      run: async (input: RunInput) => {
        if (input === 'boom') throw new Error('kaput: key sk-proj-abcdefghijklmnop1234 rejected');
        return echo().run(input);
      },
    };
    const report = await runEval({
      name: 'b',
      agent: target,
      dataset: [{ input: 'boom' }, { input: 'x' }],
      scorers: [],
    });
    expect(report.cases.map((c) => c.status)).toEqual(['error', 'passed']);
    expect(report.cases[0]!.error!.code).toBe('internal_error');
    expect(report.cases[0]!.error!.message).toMatch(/^kaput: key .+ rejected$/);
    // The report goes to files and logs: no secret in it.
    expect(reportJSON(report)).not.toContain('abcdefghijklmnop1234');
    expect(formatReport(report)).not.toContain('abcdefghijklmnop1234');

    const controller = new AbortController();
    const stalled = { name: 's', run: () => new Promise<never>(() => {}) };
    const pending = runEval(
      { name: 'a', agent: stalled, dataset: [{ input: 'x' }, { input: 'y' }], scorers: [] },
      { signal: controller.signal },
    );
    controller.abort();
    const aborted = await pending;
    expect(aborted.cases.map((c) => [c.status, c.error?.code])).toEqual([
      ['error', 'aborted'],
      ['error', 'aborted'],
    ]);
  });

  it('a bad definition is a typed error', async () => {
    await expect(runEval({ name: '', agent: echo(), dataset: [], scorers: [] })).rejects.toMatchObject({
      code: 'config_error',
    });
    await expect(
      runEval({ name: 'n', agent: echo(), dataset: [], scorers: [], threshold: 2 }),
    ).rejects.toMatchObject({
      code: 'config_error',
      message: 'threshold.passRate must be a number from 0 to 1',
    });
    await expect(
      runEval({ name: 'n', agent: echo(), dataset: '/nonexistent.jsonl', scorers: [] }),
    ).rejects.toMatchObject({
      code: 'validation_error',
    });
  });
});
