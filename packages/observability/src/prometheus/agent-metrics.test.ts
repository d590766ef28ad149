import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, ModelError, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { cachedModel, cacheStatusOf, Limiter, QueueFullError } from '@agno/runtime';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentMetrics } from './agent-metrics.js';
import { metricsHandler } from './metrics-handler.js';

/** The value of one series in an exposition text, or undefined. */
function value(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

const lookup: Tool<{ q: string }> = {
  name: 'lookup',
  description: 'looks up',
  parameters: { type: 'object' },
  execute: ({ q }) => `found ${q}`,
};

function supportAgent() {
  return new Agent({
    name: 'support',
    model: new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'lookup', args: { q: 'order 42' } }] }, 'Your order ships today.'],
    }),
    tools: [lookup],
  });
}

describe('AgentMetrics', () => {
  it('counts runs, errors by code, tokens, tool calls and latencies', async () => {
    const registry = new Registry();
    const metrics = new AgentMetrics({ registry });
    const agent = supportAgent();
    metrics.observe(agent);
    const results = [await agent.run('Where is my order 42?'), await agent.run('And order 43?')];
    const failing = new Agent({
      name: 'support',
      model: new ScriptedModel({ respond: { error: new ModelError('slow down', { code: 'rate_limited' }) } }),
    });
    metrics.observe(failing);
    await expect(failing.run('hi')).rejects.toMatchObject({ code: 'rate_limited' });

    const text = await metrics.metrics();
    expect(value(text, 'agno_runs_total{agent="support",status="completed"}')).toBe(2);
    expect(value(text, 'agno_runs_total{agent="support",status="error"}')).toBe(1);
    expect(value(text, 'agno_run_errors_total{agent="support",code="rate_limited"}')).toBe(1);
    expect(value(text, 'agno_run_duration_seconds_count{agent="support",status="completed"}')).toBe(2);
    expect(value(text, 'agno_runs_in_flight{agent="support"}')).toBe(0);
    expect(
      value(text, 'agno_model_call_duration_seconds_count{agent="support",provider="mock",model="scripted"}'),
    ).toBe(4);
    const input = results.reduce((n, r) => n + r.usage.inputTokens, 0);
    const output = results.reduce((n, r) => n + r.usage.outputTokens, 0);
    expect(
      value(text, 'agno_tokens_total{agent="support",provider="mock",model="scripted",type="input"}'),
    ).toBe(input);
    expect(
      value(text, 'agno_tokens_total{agent="support",provider="mock",model="scripted",type="output"}'),
    ).toBe(output);
    expect(value(text, 'agno_tool_calls_total{agent="support",tool="lookup",status="ok"}')).toBe(2);
    expect(value(text, 'agno_tool_calls_total{agent="support",tool="lookup",status="error"}')).toBe(0);
    expect(value(text, 'agno_tool_call_duration_seconds_count{agent="support",tool="lookup"}')).toBe(2);
    expect(text).not.toContain('order 42');
  });

  it('shows runs in flight while they run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const agent = new Agent({
      name: 'slow',
      model: new ScriptedModel({
        respond: async () => {
          await gate;
          return 'done';
        },
      }),
    });
    const metrics = new AgentMetrics({ registry: new Registry() });
    metrics.observe(agent);
    const running = [agent.run('a'), agent.run('b')];
    await new Promise((resolve) => setImmediate(resolve));
    expect(value(await metrics.metrics(), 'agno_runs_in_flight{agent="slow"}')).toBe(2);
    release();
    await Promise.all(running);
    expect(value(await metrics.metrics(), 'agno_runs_in_flight{agent="slow"}')).toBe(0);
  });

  it('does not count tokens of replies the response cache served as spent (marked cached, or cacheStatus)', async () => {
    // The cache marks what it served; `cacheStatus` is the reader for caches that do not.
    for (const cacheStatus of [undefined, cacheStatusOf]) {
      const model = cachedModel(new ScriptedModel({ respond: 'The same answer every time.' }));
      const agent = new Agent({ name: 'faq', model });
      const metrics = new AgentMetrics({ registry: new Registry(), cacheStatus });
      metrics.observe(agent);
      metrics.observeCache('faq', model);
      const first = await agent.run('What are your opening hours?');
      const streamed = agent.stream('What are your opening hours?');
      for await (const _ of streamed) {
        // read to the end: the second run is a cache hit, streamed from the cache
      }
      await agent.run('What are your opening hours?');
      expect(model.stats()).toMatchObject({ hits: 2, misses: 1 });

      const text = await metrics.metrics();
      const series = (name: string, type: string) =>
        value(text, `${name}{agent="faq",provider="mock",model="scripted",type="${type}"}`);
      // Spent: the one call that reached the model.
      expect(series('agno_tokens_total', 'input')).toBe(first.usage.inputTokens);
      expect(series('agno_tokens_total', 'output')).toBe(first.usage.outputTokens);
      // Served from the cache: the two hits, apart.
      expect(series('agno_cached_tokens_total', 'input')).toBe(2 * first.usage.inputTokens);
      expect(series('agno_cached_tokens_total', 'output')).toBe(2 * first.usage.outputTokens);
      // The production guide's budget alert reads spent tokens only.
      expect(value(text, 'agno_cache_saved_tokens_total{cache="faq"}')).toBe(2 * first.usage.totalTokens);
    }
  });

  it('reports a response cache at scrape time', async () => {
    const model = cachedModel(new ScriptedModel({ respond: 'cached answer' }));
    const agent = new Agent({ name: 'faq', model });
    const metrics = new AgentMetrics({ registry: new Registry() });
    metrics.observeCache('faq', model);
    await agent.run('q');
    await agent.run('q');
    let text = await metrics.metrics();
    expect(value(text, 'agno_cache_requests_total{cache="faq",result="hit"}')).toBe(1);
    expect(value(text, 'agno_cache_requests_total{cache="faq",result="miss"}')).toBe(1);
    expect(value(text, 'agno_cache_saved_tokens_total{cache="faq"}')).toBe(model.stats().savedTokens);
    expect(value(text, 'agno_cache_entries{cache="faq"}')).toBe(1);
    await agent.run('q');
    await agent.run('q');
    text = await metrics.metrics();
    expect(value(text, 'agno_cache_requests_total{cache="faq",result="hit"}')).toBe(3);
    expect(value(text, 'agno_cache_requests_total{cache="faq",result="miss"}')).toBe(1);
  });

  it('reports a limiter: slots held, queue length, rejections and abandoned waits', async () => {
    const limiter = new Limiter({ concurrency: 1, maxQueue: 1 });
    const metrics = new AgentMetrics({ registry: new Registry() });
    metrics.observeLimiter('openai', limiter);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire({ signal: controller.signal });
    await expect(limiter.acquire()).rejects.toBeInstanceOf(QueueFullError);
    let text = await metrics.metrics();
    expect(value(text, 'agno_limiter_active{limiter="openai"}')).toBe(1);
    expect(value(text, 'agno_limiter_queued{limiter="openai"}')).toBe(1);
    expect(value(text, 'agno_limiter_rejected_total{limiter="openai"}')).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    held.release();
    text = await metrics.metrics();
    expect(value(text, 'agno_limiter_queued{limiter="openai"}')).toBe(0);
    expect(value(text, 'agno_limiter_active{limiter="openai"}')).toBe(0);
    expect(value(text, 'agno_limiter_aborted_total{limiter="openai"}')).toBe(1);
  });

  it('times workflow steps by outcome', async () => {
    const metrics = new AgentMetrics({ registry: new Registry() });
    expect(await metrics.timeStep('etl', 'extract', () => 1)).toBe(1);
    await expect(
      metrics.timeStep('etl', 'load', () => {
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    const text = await metrics.metrics();
    expect(value(text, 'agno_step_duration_seconds_count{workflow="etl",step="extract",status="ok"}')).toBe(
      1,
    );
    expect(value(text, 'agno_step_duration_seconds_count{workflow="etl",step="load",status="error"}')).toBe(
      1,
    );
  });

  it('refuses a second set of the same metrics in one registry with a ConfigError', () => {
    const registry = new Registry();
    new AgentMetrics({ registry });
    expect(() => new AgentMetrics({ registry })).toThrow(expect.objectContaining({ code: 'config_error' }));
    expect(() => new AgentMetrics({ registry, prefix: 'other_' })).not.toThrow();
  });

  it('stops counting after detach', async () => {
    const metrics = new AgentMetrics({ registry: new Registry() });
    const agent = supportAgent();
    const stop = metrics.observe(agent);
    await agent.run('one');
    stop();
    await agent.run('two');
    expect(value(await metrics.metrics(), 'agno_runs_total{agent="support",status="completed"}')).toBe(1);
  });
});

describe('metricsHandler', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('serves the registry on /metrics over HTTP', async () => {
    const registry = new Registry();
    const metrics = new AgentMetrics({ registry });
    const agent = supportAgent();
    metrics.observe(agent);
    await agent.run('hello');

    server = createServer(metricsHandler(registry)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(registry.contentType);
    const body = await res.text();
    expect(body).toContain('# TYPE agno_runs_total counter');
    expect(value(body, 'agno_runs_total{agent="support",status="completed"}')).toBe(1);

    expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
    expect((await fetch(`${base}/other`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 500 without details when collecting fails', async () => {
    const registry = new Registry();
    let calls = 0;
    const stats = { hits: 0, misses: 0, savedTokens: 0, savedMs: 0, entries: 0, backendErrors: 0 };
    new AgentMetrics({ registry }).observeCache('broken', {
      stats() {
        if (++calls > 1) throw new Error('internal detail');
        return stats;
      },
    });
    server = createServer(metricsHandler(registry)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('internal detail');
  });
});
