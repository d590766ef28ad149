/**
 * Prometheus metrics of a running server, scraped over loopback the way Prometheus does: the
 * agents' counters and the server's HTTP counters move with real runs, the route sits behind the
 * server's auth, and no label carries a secret, a prompt, a run id or a user.
 */
import { Agent, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { AgentMetrics } from '@agno/observability/prometheus';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeys } from '../auth/api-keys.js';
import { readSSE, start } from '../fixtures/apps.js';
import type { RequestLogEntry } from '../request-log.js';
import { createServer } from '../server.js';
import { metricsRoute } from './index.js';

const KEY = 'sk-live-0123456789abcdef-SECRET';
const PROMPT = 'my card number is 4111-PROMPT-MARKER';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

/** A tool that waits until `gate.open()` is called. */
function gatedWait(gate: { open?: () => void; entered?: () => void }): Tool<Record<string, never>, string> {
  return {
    name: 'wait_for_gate',
    description: 'Waits',
    parameters: { type: 'object', properties: {} },
    execute: () =>
      new Promise<string>((resolve) => {
        gate.open = () => resolve('opened');
        gate.entered?.();
      }),
  };
}

/** Every `name{labels} value` line of an exposition text, with its labels parsed. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return samples(text).find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

describe('metricsRoute', () => {
  it('counts runs and requests by route pattern and status; /metrics needs credentials; no label leaks', async () => {
    const gate: { open?: () => void; entered?: () => void } = {};
    const support = new Agent({
      name: 'support',
      model: new ScriptedModel({
        respond: (_req, { turn }) =>
          turn === 0 ? { toolCalls: [{ name: 'wait_for_gate', args: {} }] } : { text: 'All done.' },
      }),
      tools: [gatedWait(gate)],
    });
    const logged: RequestLogEntry[] = [];
    const metrics = await metricsRoute({ log: (e) => logged.push(e) });
    const { server, http, url } = await start({
      agents: [support],
      auth: { schemes: [apiKeys({ [KEY]: 'user-alice' })] },
      log: metrics.log,
      logPrompts: false,
    });
    stops.push(() => http.close({ timeoutMs: 1000 }));
    metrics.mount(server);
    const auth = { 'x-api-key': KEY, 'content-type': 'application/json' };
    const scrape = async () => {
      const res = await fetch(`${url}/metrics`, { headers: { 'x-api-key': KEY } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      return res.text();
    };

    // a streamed run held in its tool: one run in flight, for the server and for the agent
    const entered = new Promise<void>((resolve) => (gate.entered = resolve));
    const streamed = await fetch(`${url}/agents/support/runs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ input: PROMPT, stream: true, sessionId: 'session-of-alice' }),
    });
    const events = readSSE(streamed);
    await entered;
    const during = await scrape();
    expect(value(during, 'agno_server_runs_in_flight')).toBe(1);
    expect(value(during, 'agno_runs_in_flight', { agent: 'support' })).toBe(1);
    gate.open!();
    expect((await events).at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });

    // a JSON run (its tool call opens at once), an unknown agent, a path no route serves, no key
    gate.entered = () => gate.open!();
    const json = await fetch(`${url}/agents/support/runs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ input: PROMPT }),
    });
    expect(((await json.json()) as { text: string }).text).toBe('All done.');
    const runId = json.headers.get('x-run-id')!;
    expect(
      (await fetch(`${url}/agents/nobody/runs`, { method: 'POST', headers: auth, body: '{"input":"x"}' }))
        .status,
    ).toBe(404);
    expect((await fetch(`${url}/no/such/${runId}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/runs/${runId}`, { method: 'PURGE', headers: auth })).status).toBe(404);

    const after = await scrape();
    const runs = { method: 'POST', route: '/agents/:name/runs' };
    expect(value(after, 'agno_http_requests_total', { ...runs, status: '200' })).toBe(2);
    expect(value(after, 'agno_http_requests_total', { ...runs, status: '404' })).toBe(1);
    expect(value(after, 'agno_http_request_duration_seconds_count', runs)).toBe(3);
    const requests = (method: string, route: string, status: string) =>
      value(after, 'agno_http_requests_total', { method, route, status });
    expect(requests('GET', 'unmatched', '404')).toBe(1);
    expect(requests('GET', '/metrics', '401')).toBe(1);
    expect(requests('GET', '/metrics', '200')).toBe(1);
    expect(requests('OTHER', 'unmatched', '404')).toBe(1);
    expect(value(after, 'agno_runs_total', { agent: 'support', status: 'completed' })).toBe(2);
    expect(
      value(after, 'agno_tool_calls_total', { agent: 'support', tool: 'wait_for_gate', status: 'ok' }),
    ).toBe(2);
    expect(value(after, 'agno_server_runs_in_flight')).toBe(0);
    expect(value(after, 'agno_runs_in_flight', { agent: 'support' })).toBe(0);

    // labels hold names and patterns only
    const labelValues = samples(after).flatMap((s) => Object.values(s.labels));
    expect(labelValues.length).toBeGreaterThan(20);
    for (const forbidden of [
      KEY,
      'SECRET',
      'PROMPT-MARKER',
      runId,
      'user-alice',
      'session-of-alice',
      '/no/such',
    ]) {
      expect(after).not.toContain(forbidden);
    }
    const allowed = new Set([
      'method',
      'route',
      'status',
      'le',
      'agent',
      'provider',
      'model',
      'type',
      'tool',
      'code',
    ]);
    for (const s of samples(after)) for (const k of Object.keys(s.labels)) expect(allowed).toContain(k);
    // the request log sink given to metricsRoute still receives every entry
    expect(logged.filter((e) => e.path === '/agents/support/runs')).toHaveLength(2);
    metrics.close();
  });

  it('labels routes with the basePath, documents /metrics in /openapi.json, and reuses an AgentMetrics you have', async () => {
    const existing = new AgentMetrics({ registry: (await metricsRoute({ agentMetrics: false })).registry });
    const metrics = await metricsRoute({ agentMetrics: existing });
    expect(metrics.registry).toBe(existing.registry);
    const agent = new Agent({ name: 'echo', model: new ScriptedModel({ respond: 'hi' }) });
    const { server, http, url } = await start({
      agents: [agent],
      basePath: '/api',
      auth: { schemes: [apiKeys({ [KEY]: 'ops' })] },
      log: metrics.log,
    });
    stops.push(() => http.close({ timeoutMs: 1000 }));
    metrics.mount(server);
    const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
    await fetch(`${url}/api/agents/echo/runs`, { method: 'POST', headers, body: '{"input":"hello"}' });
    // Read from the registry: routes added to `server.app` after createServer are not yet served
    // under a basePath (the app is copied into its root at construction; reported to the lead).
    const text = await metrics.registry.metrics();
    expect(value(text, 'agno_http_requests_total', { route: '/api/agents/:name/runs', status: '200' })).toBe(
      1,
    );
    expect(value(text, 'agno_runs_total', { agent: 'echo', status: 'completed' })).toBe(1);
    const doc = (await (await fetch(`${url}/api/openapi.json`, { headers })).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/api/metrics');
    metrics.close();
  });

  it('serves /metrics without credentials when the auth lists it public', async () => {
    const metrics = await metricsRoute();
    const { server, http, url } = await start({
      agents: [new Agent({ name: 'echo', model: new ScriptedModel({ respond: 'hi' }) })],
      auth: { schemes: [apiKeys({ [KEY]: 'ops' })], public: ['/health', '/ready', '/metrics'] },
      log: metrics.log,
    });
    stops.push(() => http.close({ timeoutMs: 1000 }));
    metrics.mount(server);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(value(await res.text(), 'agno_runs_total', { agent: 'echo', status: 'completed' })).toBe(0);
    expect((await fetch(`${url}/agents/echo/runs`, { method: 'POST', body: '{"input":"x"}' })).status).toBe(
      401,
    );
    metrics.close();
  });

  it('refuses a server without the request log, and a second mount, with ConfigErrors', async () => {
    const metrics = await metricsRoute();
    const noLog = createServer({
      agents: [new Agent({ name: 'a', model: new ScriptedModel({ respond: 'x' }) })],
    });
    expect(() => metrics.mount(noLog)).toThrow(/create the server with \{ log: metrics.log \}/);
    const withLog = createServer({ log: metrics.log });
    metrics.mount(withLog);
    expect(() => metrics.mount(withLog)).toThrowError(expect.objectContaining({ code: 'config_error' }));
    await Promise.all([noLog.close(), withLog.close()]);
  });

  it('keeps two servers apart: each call has its own registry by default', async () => {
    const a = await metricsRoute();
    const b = await metricsRoute();
    expect(a.registry).not.toBe(b.registry);
  });
});
