/**
 * The typed client against the real server on loopback: real agents on the scripted model, real
 * stores; every method end to end, approvals, cancellation, and typed errors.
 */
import { inspect } from 'node:util';
import { Agent } from '@agno/core';
import { InMemoryStore } from '@agno/memory';
import { ScriptedModel } from '@agno/models-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeys } from '../auth/api-keys.js';
import { echoAgent, gatedTool, start, stuckTool } from '../fixtures/apps.js';
import { createClient, isServerError, ServerError, type StreamEvent, type WireAgentEvent } from './index.js';

const servers: Array<Awaited<ReturnType<typeof start>>> = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => s.http.close({ timeoutMs: 1000 }))));
const serve = async (options: Parameters<typeof start>[0]) =>
  servers[servers.push(await start(options)) - 1]!;
/** The error `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<ServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isServerError(error)) throw new Error(`expected a ServerError, got ${inspect(error)}`);
  return error;
}
/** A client of a server whose agent `stuck` calls a tool that waits until its signal aborts. */
async function stuckClient() {
  const seen = { aborted: false, started: false };
  const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'wait_forever', args: {} }] }, 'never'] });
  const { url, server } = await serve({
    agents: [new Agent({ name: 'stuck', tools: [stuckTool(seen)], model })],
  });
  return { seen, server, client: createClient({ baseUrl: url }) };
}
function mailer(counter: { runs: number }, store = new InMemoryStore()) {
  return new Agent({
    name: 'mailer',
    store,
    tools: [gatedTool(counter)],
    model: new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'send_email', args: { to: 'ann@example.com' } }] }, 'Sent.'],
    }),
  });
}

describe('the client: runs', () => {
  it('runs an agent as JSON and lists the agents', async () => {
    const { url } = await serve({ agents: [echoAgent('helper', 'Paris.', { description: 'Answers' })] });
    const client = createClient({ baseUrl: `${url}/` });
    const result = await client.agents.run('helper', 'Capital of France?');
    expect(result).toMatchObject({ status: 'completed', text: 'Paris.', toolCalls: [] });
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    expect(await client.list('agents')).toEqual([{ name: 'helper', description: 'Answers' }]);
    expect(await client.list('workflows')).toEqual([]);
  });

  it('streams an agent run: typed events in order, each once, ending with done; result resolves', async () => {
    const agent = new Agent({
      name: 'streamer',
      model: new ScriptedModel({ chunkSize: 2, respond: 'Hello there, world' }),
    });
    const { url } = await serve({ agents: [agent] });
    const client = createClient({ baseUrl: url });
    const stream = await client.agents.stream('streamer', 'hi');
    expect(stream.runId).toMatch(/^[0-9a-f-]{36}$/);
    const events: StreamEvent<WireAgentEvent>[] = [];
    let text = '';
    for await (const event of stream) {
      events.push(event);
      if (event.type === 'text-delta') text += event.text;
    }
    expect(text).toBe('Hello there, world');
    expect(events[0]).toMatchObject({ type: 'run-started', runId: stream.runId, agentName: 'streamer' });
    expect(events.at(-2)).toMatchObject({ type: 'run-completed', result: { text: 'Hello there, world' } });
    expect(events.at(-1)).toEqual({ type: 'done', runId: stream.runId, status: 'completed' });
    expect(stream.lastEventId).toBe(events.length);
    const result = await stream.result;
    expect(result).toMatchObject({ runId: stream.runId, status: 'completed', text: 'Hello there, world' });
    expect(() => stream[Symbol.asyncIterator]()).toThrow(ServerError);
  });

  it('awaiting result without iterating reads the stream to its end', async () => {
    const { url } = await serve({ agents: [echoAgent('a', 'done.')] });
    const stream = await createClient({ baseUrl: url }).agents.stream('a', 'go');
    expect((await stream.result).text).toBe('done.');
  });

  it('a run that fails rejects with its code and run id, as JSON and as a stream', async () => {
    const { client } = await stuckClient();
    const json = await failure(client.agents.run('stuck', 'go', { options: { timeoutMs: 100 } }));
    expect(json).toMatchObject({ code: 'timeout', status: 504 });
    expect(json.runId).toMatch(/^[0-9a-f-]{36}$/);
    const stream = await client.agents.stream('stuck', 'go', { options: { timeoutMs: 100 } });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types.slice(-2)).toEqual(['run-error', 'done']);
    expect(await failure(stream.result)).toMatchObject({ code: 'timeout', runId: stream.runId });
  });

  it('reads a run later from its bounded log: a gap event says how many events were dropped', async () => {
    const agent = new Agent({
      name: 'talker',
      model: new ScriptedModel({ chunkSize: 1, respond: 'abcdefghijkl' }),
    });
    const { url } = await serve({ agents: [agent], runs: { maxEvents: 5 } });
    const client = createClient({ baseUrl: url });
    // Streamed (a JSON run nobody streams keeps no events), then read again later.
    const stream = await client.agents.stream('talker', 'go');
    for await (const _ of stream);
    const done = await stream.result;
    const events: Array<{ type: string; missed?: number }> = [];
    for await (const e of await client.runs.events(done.runId)) events.push(e);
    expect(events).toHaveLength(6);
    expect(events[0]).toEqual({ type: 'gap', missed: expect.any(Number) });
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    const all = events[0]!.missed! + 5;
    expect((await client.runs.get(done.runId)).lastEventId).toBe(all);
  });

  it('a loop that stops at the outcome (run-completed or done) keeps the result and cancels nothing', async () => {
    const { url, server } = await serve({ agents: [echoAgent('a', 'fine.')] });
    const client = createClient({ baseUrl: url });
    for (const stopAt of ['run-completed', 'done']) {
      const stream = await client.agents.stream('a', 'go');
      for await (const e of stream) if (e.type === stopAt) break;
      expect((await stream.result).text).toBe('fine.');
      expect((await client.runs.get(stream.runId)).status).toBe('completed');
    }
    expect(server.running).toBe(0);
  });

  it('takes the run id from the first event when the response hides x-run-id (a browser, cross-origin)', async () => {
    const { url } = await serve({ agents: [echoAgent('a', 'hi')] });
    const hiding: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const headers = new Headers(res.headers);
      headers.delete('x-run-id');
      return new Response(res.body, { status: res.status, headers });
    };
    const stream = await createClient({ baseUrl: url, fetch: hiding }).agents.stream('a', 'go');
    expect(stream.runId).toBe('');
    const result = await stream.result;
    expect(stream.runId).toBe(result.runId);
  });
});

describe('the client: approvals, cancellation', () => {
  it('continues a paused run through the client, exactly once', async () => {
    const counter = { runs: 0 };
    const { url } = await serve({ agents: [mailer(counter)] });
    const client = createClient({ baseUrl: url, userId: 'ann' });
    const paused = await client.agents.run('mailer', 'mail Ann', { sessionId: 's1' });
    expect(paused.status).toBe('paused');
    const [call] = paused.pending!;
    expect(call).toMatchObject({ toolName: 'send_email', args: { to: 'ann@example.com' } });
    const listed = await client.pausedRuns.list();
    expect(listed).toMatchObject([
      { runId: paused.runId, agent: 'mailer', sessionId: 's1', pending: [call] },
    ]);
    const done = await client.agents.continue('mailer', paused.runId, {
      [call!.toolCallId]: { approved: true },
    });
    expect(done).toMatchObject({ status: 'completed', text: 'Sent.' });
    expect(counter.runs).toBe(1);
    const again = await failure(
      client.agents.continue('mailer', paused.runId, { [call!.toolCallId]: { approved: true } }),
    );
    expect(again).toMatchObject({ code: 'conflict', status: 409 });
    expect(counter.runs).toBe(1);
    expect(await client.pausedRuns.list()).toEqual([]);
  });

  it('continues a paused run as a stream; a rejection reaches the model and the tool never runs', async () => {
    const counter = { runs: 0 };
    const { url } = await serve({ agents: [mailer(counter)] });
    const client = createClient({ baseUrl: url });
    const first = await client.agents.stream('mailer', 'mail Ann');
    const paused = await first.result;
    expect(paused.status).toBe('paused');
    const id = paused.pending![0]!.toolCallId;
    const rest = await client.agents.continueStream('mailer', paused.runId, {
      [id]: { approved: false, reason: 'no' },
    });
    const events: StreamEvent<WireAgentEvent>[] = [];
    for await (const e of rest) events.push(e);
    expect(events[0]).toMatchObject({ type: 'run-started', runId: paused.runId });
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    const result = await rest.result;
    expect(result).toMatchObject({ status: 'completed', text: 'Sent.' });
    expect(result.toolCalls).toMatchObject([{ id, isError: true, errorCode: 'rejected' }]);
    expect(counter.runs).toBe(0);
  });

  it('runs.get, runs.events and runs.cancel: a cancelled run ends its stream with its error', async () => {
    const { seen, client } = await stuckClient();
    const stream = await client.agents.stream('stuck', 'go');
    await expect.poll(() => seen.started, { timeout: 5000 }).toBe(true);
    expect(await client.runs.get(stream.runId)).toMatchObject({
      runId: stream.runId,
      kind: 'agent',
      name: 'stuck',
      status: 'running',
    });
    expect(await client.runs.cancel(stream.runId)).toEqual({ runId: stream.runId, status: 'cancelling' });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(seen.aborted).toBe(true);
    expect(types.slice(-2)).toEqual(['run-error', 'done']);
    expect(await failure(stream.result)).toMatchObject({ code: 'aborted', runId: stream.runId });
    const info = await client.runs.get(stream.runId);
    expect(info).toMatchObject({ status: 'error', error: { code: 'aborted' } });
    // A second reader gets the same events from any id, without repeats.
    const replay = await client.runs.events(stream.runId, { lastEventId: 1 });
    const ids: string[] = [];
    for await (const e of replay) ids.push(e.type);
    expect(ids).toEqual(types.slice(1));
    expect(await failure(client.runs.cancel(stream.runId))).toMatchObject({ code: 'conflict', status: 409 });
  });

  it('abort(), the signal and leaving the loop early cancel the run on the server', async () => {
    const { seen, client, server } = await stuckClient();
    const controller = new AbortController();
    const a = await client.agents.stream('stuck', 'go', { signal: controller.signal });
    await expect.poll(() => seen.started, { timeout: 5000 }).toBe(true);
    controller.abort();
    await expect.poll(() => seen.aborted, { timeout: 5000 }).toBe(true);
    expect(await failure(a.result)).toMatchObject({ code: 'aborted' });
    await expect.poll(() => server.running, { timeout: 5000 }).toBe(0);

    seen.aborted = false;
    seen.started = false;
    const b = await client.agents.stream('stuck', 'go');
    for await (const e of b) if (e.type === 'tool-call-started') break;
    await expect.poll(() => seen.aborted, { timeout: 5000 }).toBe(true);
    expect((await client.runs.get(b.runId)).status).toBe('error');

    // A JSON run whose signal aborts: the request ends, and the server cancels the run.
    seen.aborted = false;
    seen.started = false;
    const c = new AbortController();
    const json = client.agents.run('stuck', 'go', { signal: c.signal });
    await expect.poll(() => seen.started, { timeout: 5000 }).toBe(true);
    c.abort();
    expect(await failure(json)).toMatchObject({ code: 'aborted' });
    await expect.poll(() => seen.aborted, { timeout: 5000 }).toBe(true);
  });
});

describe('the client: sessions and memories', () => {
  it('lists, reads and deletes sessions and their runs; lists and deletes memories', async () => {
    const store = new InMemoryStore();
    const agent = new Agent({ name: 'chat', store, model: new ScriptedModel({ respond: 'Noted.' }) });
    const { url } = await serve({ agents: [agent], store });
    const client = createClient({ baseUrl: url, userId: 'ada' });
    await client.agents.run('chat', 'first', { sessionId: 'trip' });
    await client.agents.run('chat', 'second', { sessionId: 'trip' });
    expect((await client.sessions.list()).map((s) => s.sessionId)).toEqual(['trip']);
    expect(await client.sessions.get('trip')).toMatchObject({ sessionId: 'trip', userId: 'ada' });
    const runs = await client.sessions.runs('trip', { limit: 1 });
    expect(runs).toHaveLength(1);
    expect(JSON.stringify(runs)).toContain('first');
    expect(await client.sessions.runs('trip')).toHaveLength(2);
    expect(await client.sessions.delete('trip')).toBeUndefined();
    expect(await failure(client.sessions.get('trip'))).toMatchObject({ code: 'not_found', status: 404 });

    const memory = await store.addMemory({ userId: 'ada', memory: 'Likes trains' });
    await store.addMemory({ userId: 'bob', memory: 'Likes planes' });
    expect((await client.memories.list()).map((m) => m.memory)).toEqual(['Likes trains']);
    await client.memories.delete(memory.memoryId);
    expect(await client.memories.list()).toEqual([]);
    expect(await failure(client.memories.delete(memory.memoryId))).toMatchObject({ code: 'not_found' });
  });
});

describe('the client: errors', () => {
  it('types 404, 400 and 413 answers with their codes', async () => {
    const { url } = await serve({ agents: [echoAgent('a', 'ok')], bodyLimit: 1000 });
    const client = createClient({ baseUrl: url });
    const unknown = await failure(client.agents.run('nobody', 'x'));
    expect(unknown).toMatchObject({
      name: 'ServerError',
      code: 'not_found',
      status: 404,
      message: 'no agent named "nobody"',
    });
    expect(isServerError(unknown, 'not_found')).toBe(true);
    expect(isServerError(unknown, 'conflict')).toBe(false);
    const bad = await failure(client.agents.run('a', 'x', { options: { maxTokens: -1 } }));
    expect(bad).toMatchObject({ code: 'validation_error', status: 400 });
    expect(bad.message).toMatch(/^body\.options\.maxTokens:/);
    expect(await failure(client.agents.run('a', 'x'.repeat(5000)))).toMatchObject({
      code: 'payload_too_large',
      status: 413,
    });
    expect(await failure(client.agents.stream('nobody', 'x'))).toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(await failure(client.runs.get('no-such-run'))).toMatchObject({ code: 'not_found' });
    const closed = createClient({ baseUrl: 'http://127.0.0.1:9' });
    expect(await failure(closed.list('agents'))).toMatchObject({ code: 'network_error', status: undefined });
  });

  it('401 with a wrong key; credentials never appear in the client, its errors or their JSON', async () => {
    const key = 'key-of-ada-0123456789-secret';
    const { url } = await serve({
      agents: [echoAgent('a', 'ok')],
      auth: { schemes: [apiKeys({ [key]: 'ada' })] },
    });
    expect(await createClient({ baseUrl: url, apiKey: key }).list('agents')).toEqual([{ name: 'a' }]);
    expect(await createClient({ baseUrl: url, token: key }).list('agents')).toEqual([{ name: 'a' }]);
    const wrong = 'key-of-eve-0123456789-secret';
    for (const client of [
      createClient({ baseUrl: url, apiKey: wrong }),
      createClient({ baseUrl: url, token: wrong }),
    ]) {
      const error = await failure(client.agents.run('a', 'x'));
      expect(error).toMatchObject({ code: 'auth_error', status: 401, message: 'invalid API key' });
      for (const text of [
        inspect(client, { depth: 10, showHidden: true }),
        inspect(error, { depth: 10, showHidden: true }),
        JSON.stringify(error),
      ]) {
        expect(text).not.toContain(wrong);
        expect(text).not.toContain('0123456789');
      }
      expect(inspect(client)).toContain(url);
    }
    expect(await failure(createClient({ baseUrl: url }).list('agents'))).toMatchObject({
      code: 'auth_error',
      status: 401,
    });
  });

  it('refuses a baseUrl that is not an http(s) URL', () => {
    expect(() => createClient({ baseUrl: 'localhost:3000' })).toThrow(ServerError);
  });
});
