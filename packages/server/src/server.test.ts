import { Agent, InMemorySessionStore } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { echoAgent, gatedTool, readSSE, start, stuckAgent } from './fixtures/apps.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});
async function serve(options: Parameters<typeof start>[0]) {
  const s = await start(options);
  stops.push(() => s.http.close({ timeoutMs: 1000 }));
  return s;
}
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('runs over HTTP', () => {
  it('runs an agent and answers with its result as JSON', async () => {
    const { url } = await serve({ agents: [echoAgent('helper', 'Paris.')] });
    const res = await post(`${url}/agents/helper/runs`, { input: 'Capital of France?' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'completed', text: 'Paris.', toolCalls: [] });
    expect(res.headers.get('x-run-id')).toBe(body.runId);
    expect(body.usage.totalTokens).toBeGreaterThan(0);
    expect(body).not.toHaveProperty('messages');
  });

  it('streams a run as server-sent events with increasing ids, ending with done', async () => {
    const agent = new Agent({
      name: 'streamer',
      model: new ScriptedModel({ chunkSize: 2, respond: 'Hello there, world' }),
    });
    const { url } = await serve({ agents: [agent] });
    const res = await post(`${url}/agents/streamer/runs`, { input: 'hi', stream: true });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSSE(res);
    const ids = events.map((e) => e.id!);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(events[0]!.event).toBe('run-started');
    const text = events.filter((e) => e.event === 'text-delta').map((e) => (e.data as { text: string }).text);
    expect(text.join('')).toBe('Hello there, world');
    expect(text.length).toBeGreaterThan(3);
    expect(events.at(-2)!.event).toBe('run-completed');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
  });

  it('answers bad input with typed JSON errors: malformed JSON, a failing field, an unknown agent, an oversize body', async () => {
    const { url } = await serve({ agents: [echoAgent('a', 'ok')], bodyLimit: 1000 });
    const malformed = await fetch(`${url}/agents/a/runs`, {
      method: 'POST',
      body: '{"input": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      error: { code: 'validation_error', message: 'the request body is not valid JSON' },
    });
    const badField = await post(`${url}/agents/a/runs`, { input: 'x', options: { maxTokens: -1 } });
    expect(badField.status).toBe(400);
    expect((await badField.json()).error.message).toMatch(/^body\.options\.maxTokens:/);
    const unknownField = await post(`${url}/agents/a/runs`, { input: 'x', tools: [] });
    expect(unknownField.status).toBe(400);
    const unknown = await post(`${url}/agents/nobody/runs`, { input: 'x' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
    const big = await post(`${url}/agents/a/runs`, { input: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    // Without a content-length (a streamed body), the size is checked as it is read.
    const streamed = await fetch(`${url}/agents/a/runs`, {
      method: 'POST',
      body: new Blob([JSON.stringify({ input: 'é'.repeat(800) })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const route = await fetch(`${url}/nowhere`);
    expect(route.status).toBe(404);
  });

  it('continues a paused run once: concurrent approvals execute the tool once, the other gets 409', async () => {
    const counter = { runs: 0 };
    const agent = new Agent({
      name: 'mailer',
      store: new InMemorySessionStore(),
      tools: [gatedTool(counter)],
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'send_email', args: { to: 'ann@example.com' } }] }, 'Sent.'],
      }),
    });
    const { url } = await serve({ agents: [agent] });
    const paused = await (
      await post(`${url}/agents/mailer/runs`, { input: 'mail Ann', sessionId: 's1' })
    ).json();
    expect(paused.status).toBe('paused');
    expect(paused.pending).toHaveLength(1);
    const callId = paused.pending[0].toolCallId;
    const body = { decisions: { [callId]: { approved: true } } };
    const [a, b] = await Promise.all([
      post(`${url}/agents/mailer/runs/${paused.runId}/continue`, body),
      post(`${url}/agents/mailer/runs/${paused.runId}/continue`, body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const ok = await (a.status === 200 ? a : b).json();
    expect(ok).toMatchObject({ status: 'completed', text: 'Sent.' });
    expect(counter.runs).toBe(1);
    const again = await post(`${url}/agents/mailer/runs/${paused.runId}/continue`, body);
    expect(again.status).toBe(409);
    expect(counter.runs).toBe(1);
  });

  it('refuses with 409 a decision for a call that is not pending', async () => {
    const counter = { runs: 0 };
    const agent = new Agent({
      name: 'mailer',
      store: new InMemorySessionStore(),
      tools: [gatedTool(counter)],
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'send_email', args: { to: 'x@example.com' } }] }, 'Sent.'],
      }),
    });
    const { url } = await serve({ agents: [agent] });
    const paused = await (await post(`${url}/agents/mailer/runs`, { input: 'go' })).json();
    const res = await post(`${url}/agents/mailer/runs/${paused.runId}/continue`, {
      decisions: { 'not-a-call': { approved: true } },
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
    expect(counter.runs).toBe(0);
  });

  it('cancels a running run from another request: the stuck tool sees its signal abort', async () => {
    const seen = { aborted: false, started: false };
    const agent = stuckAgent('stuck', seen);
    const { url } = await serve({ agents: [agent] });
    const res = await post(`${url}/agents/stuck/runs`, { input: 'go', stream: true });
    const runId = res.headers.get('x-run-id')!;
    const events = readSSE(res);
    await expect.poll(() => seen.started, { timeout: 5000 }).toBe(true);
    const cancel = await fetch(`${url}/runs/${runId}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    const got = await events;
    expect(seen.aborted).toBe(true);
    expect(got.find((e) => e.event === 'run-error')?.data).toMatchObject({ error: { code: 'aborted' } });
    expect(got.at(-1)).toMatchObject({ event: 'done', data: { status: 'error' } });
    const info = await (await fetch(`${url}/runs/${runId}`)).json();
    expect(info).toMatchObject({ status: 'error', error: { code: 'aborted' } });
    expect((await fetch(`${url}/runs/${runId}/cancel`, { method: 'POST' })).status).toBe(409);
  });

  it('a client that disconnects cancels its run', async () => {
    const seen = { aborted: false, started: false };
    const agent = stuckAgent('stuck', seen);
    const { url, server } = await serve({ agents: [agent] });
    const res = await post(`${url}/agents/stuck/runs`, { input: 'go', stream: true });
    await expect.poll(() => seen.started, { timeout: 5000 }).toBe(true);
    await res.body!.cancel();
    await expect.poll(() => seen.aborted, { timeout: 5000 }).toBe(true);
    await expect.poll(() => server.running, { timeout: 5000 }).toBe(0);
  });

  it('a run asked to keep running survives a disconnect, and a reconnect with Last-Event-ID gets the rest without repeats', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const agent = new Agent({
      name: 'slow',
      model: new ScriptedModel({
        chunkSize: 1,
        turns: [
          async () => {
            await gate;
            return 'abcdefghij';
          },
        ],
      }),
    });
    const { url } = await serve({ agents: [agent] });
    const res = await post(`${url}/agents/slow/runs`, { input: 'go', stream: true, keepRunning: true });
    const runId = res.headers.get('x-run-id')!;
    const first = await readSSE(res, (e) => e.event === 'run-started');
    expect(first).toHaveLength(1);
    release();
    await expect
      .poll(async () => (await (await fetch(`${url}/runs/${runId}`)).json()).status, { timeout: 5000 })
      .toBe('completed');
    const rest = await readSSE(
      await fetch(`${url}/runs/${runId}/events`, { headers: { 'last-event-id': String(first[0]!.id) } }),
    );
    expect(rest[0]!.id).toBe(first[0]!.id! + 1);
    const text = rest
      .filter((e) => e.event === 'text-delta')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    expect(text).toBe('abcdefghij');
    expect(rest.at(-1)!.event).toBe('done');
  });

  it('keeps ended runs readable for retainMs and at most maxRetained of them', async () => {
    const { url } = await serve({ agents: [echoAgent('a', 'ok')], runs: { retainMs: 300, maxRetained: 2 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await (await post(`${url}/agents/a/runs`, { input: 'x' })).json()).runId);
    const status = async (id: string) => (await fetch(`${url}/runs/${id}`)).status;
    expect([await status(ids[0]!), await status(ids[1]!), await status(ids[2]!)]).toEqual([404, 200, 200]);
    await expect.poll(() => status(ids[2]!), { timeout: 5000, interval: 50 }).toBe(404);
    expect(await status(ids[1]!)).toBe(404);
  });
});
