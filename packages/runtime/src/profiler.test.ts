import { Agent, type Hooks, ModelError, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { cachedModel } from './cached-model.js';
import { Profiler } from './profiler.js';

const slowTool: Tool<{ ms: number }> = {
  name: 'slow_tool',
  description: 'waits',
  parameters: { type: 'object' },
  execute: ({ ms }) => new Promise((resolve) => setTimeout(() => resolve('done'), ms)),
};

function toolAgent(
  model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'slow_tool', args: { ms: 30 } }] }, 'ok'] }),
) {
  return new Agent({ name: 'researcher', model, tools: [slowTool] });
}

describe('Profiler', () => {
  it('records runs, model calls and tool calls per agent, with tokens', async () => {
    const profiler = new Profiler();
    const agent = toolAgent();
    profiler.attach(agent);
    const results = [await agent.run('one'), await agent.run('two')];
    const stats = profiler.stats();
    const find = (operation: string) => stats.find((s) => s.operation === operation)!;
    expect(find('run')).toMatchObject({ agent: 'researcher', name: 'researcher', count: 2, errors: 0 });
    expect(find('model')).toMatchObject({ name: 'mock/scripted', count: 4 });
    expect(find('tool')).toMatchObject({ name: 'slow_tool', count: 2 });
    const totalTokens = results.reduce((n, r) => n + r.usage.totalTokens, 0);
    expect(find('run').tokens).toBe(totalTokens);
    expect(find('model').tokens).toBe(totalTokens);
    // The run contains its tool call, so it cannot be faster.
    expect(find('run').maxMs).toBeGreaterThanOrEqual(find('tool').maxMs);
    for (const s of profiler.samples()) expect(typeof s.heapDeltaBytes).toBe('number');
  });

  it('reports the bottlenecks above a threshold and the slowest operations', async () => {
    const profiler = new Profiler();
    const agent = toolAgent();
    profiler.attach(agent);
    await agent.run('go');
    const report = profiler.report({ thresholdMs: 10, top: 2 });
    const tool = report.bottlenecks.find((b) => b.operation === 'tool');
    expect(tool).toMatchObject({ agent: 'researcher', name: 'slow_tool', severity: 'high', count: 1 });
    expect(report.bottlenecks.find((b) => b.operation === 'run')).toBeDefined();
    expect(report.slowest).toHaveLength(2);
    expect(report.slowest[0]!.durationMs).toBeGreaterThanOrEqual(report.slowest[1]!.durationMs);
    const avgs = report.operations.map((o) => o.avgMs);
    expect(avgs).toEqual([...avgs].sort((a, b) => b - a));
    expect(profiler.bottlenecks(1e9)).toEqual([]);
    const text = profiler.format({ thresholdMs: 10 });
    expect(text).toMatch(/researcher:tool:slow_tool/);
    expect(text).toMatch(/\[high\] researcher:tool:slow_tool/);
  });

  it('counts cache hits and misses of model calls', async () => {
    const profiler = new Profiler({ heap: false });
    const agent = new Agent({ name: 'cached', model: cachedModel(new ScriptedModel({ respond: 'same' })) });
    profiler.attach(agent);
    await agent.run('q');
    await agent.run('q');
    const model = profiler.stats().find((s) => s.operation === 'model')!;
    expect(model).toMatchObject({ count: 2, cacheHits: 1, cacheMisses: 1 });
    expect(profiler.samples().map((s) => s.heapDeltaBytes)).toEqual(Array(4).fill(undefined));
  });

  it('records a failed run and its failed model call with the error code', async () => {
    const profiler = new Profiler();
    const agent = new Agent({
      name: 'flaky',
      model: new ScriptedModel({
        respond: { error: new ModelError('upstream down', { code: 'overloaded' }) },
      }),
    });
    profiler.attach(agent);
    await expect(agent.run('q')).rejects.toMatchObject({ code: 'overloaded' });
    const bySample = profiler.samples().map((s) => [s.operation, s.error]);
    expect(bySample).toEqual([
      ['model', 'overloaded'],
      ['run', 'overloaded'],
    ]);
    expect(profiler.stats().every((s) => s.errors === 1)).toBe(true);
  });

  it('measures steps and other work, rethrowing failures', async () => {
    const profiler = new Profiler();
    expect(await profiler.measure('pipeline', 'step', () => 42, { name: 'extract' })).toBe(42);
    await expect(
      profiler.measure('pipeline', 'step', () => Promise.reject(new ModelError('bad', { code: 'timeout' })), {
        name: 'load',
      }),
    ).rejects.toThrow('bad');
    const timer = profiler.start('pipeline', 'retrieval', { tokens: 7 });
    timer.end();
    timer.end(); // once only
    const stats = profiler.stats();
    expect(stats.find((s) => s.name === 'extract')).toMatchObject({ count: 1, errors: 0 });
    expect(stats.find((s) => s.name === 'load')).toMatchObject({ count: 1, errors: 1 });
    expect(stats.find((s) => s.operation === 'retrieval')).toMatchObject({ count: 1, tokens: 7 });
  });

  it('keeps the agent hooks working and restores them on detach', async () => {
    const seen: string[] = [];
    const hooks: Hooks = {
      beforeModelCall: ({ request }) => {
        seen.push('before');
        if (JSON.stringify(request.messages).includes('forbidden')) return { block: 'not allowed' };
      },
      afterModelCall: () => void seen.push('after'),
    };
    const agent = new Agent({ model: new ScriptedModel({ respond: 'fine' }), hooks });
    const profiler = new Profiler();
    const detach = profiler.attach(agent);
    expect(agent.hooks).not.toBe(hooks);
    await agent.run('hello');
    await expect(agent.run('forbidden topic')).rejects.toMatchObject({ code: 'blocked' });
    expect(seen).toEqual(['before', 'after', 'before']);
    expect(profiler.samples().filter((s) => s.operation === 'model')).toHaveLength(1);
    detach();
    expect(agent.hooks).toBe(hooks);
    const before = profiler.samples().length;
    await agent.run('again');
    expect(profiler.samples()).toHaveLength(before);
  });

  it('keeps at most maxSamples samples but exact totals', async () => {
    const profiler = new Profiler({ maxSamples: 3, heap: false });
    for (let i = 0; i < 5; i++) await profiler.measure('a', 'step', () => i, { name: `s${i % 2}` });
    expect(profiler.samples().map((s) => s.name)).toEqual(['s0', 's1', 's0']);
    expect(profiler.stats().reduce((n, s) => n + s.count, 0)).toBe(5);
    profiler.reset();
    expect(profiler.samples()).toEqual([]);
    expect(profiler.stats()).toEqual([]);
  });
});
