/**
 * MCP over Streamable HTTP, driven by the official MCP client against a real HTTP server on
 * loopback: listing, calls of every kind, errors, progress, cancellation, users and sessions.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { aborted, SECRET, testApp } from '../fixtures/mcp/app.js';
import { type McpApp, resultText, startMcpApp } from '../fixtures/mcp/http.js';
import { type McpHandlerOptions, mcpHandler } from './index.js';

let app: McpApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(extra: Partial<McpHandlerOptions> = {}) {
  const fixture = testApp();
  const handler = mcpHandler({ ...fixture.options, ...extra });
  app = await startMcpApp(handler);
  return { ...fixture, handler, app };
}

describe('mcpHandler over Streamable HTTP', () => {
  it('lists agents, tools, workflows and teams with their descriptions and input schemas', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'echo',
      'who',
      'memo',
      'city_facts',
      'broken',
      'waiter',
      'add',
      'wait_forever',
      'shout',
      'count',
      'panel',
    ]);
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('echo')).toMatchObject({
      description: 'Repeats what you say',
      inputSchema: { type: 'object', required: ['prompt'], properties: { prompt: { type: 'string' } } },
    });
    expect(byName.get('add')!.inputSchema).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    });
    expect(byName.get('add')!.inputSchema).not.toHaveProperty('$schema');
    expect(byName.get('city_facts')!.outputSchema).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' }, population: { type: 'number' } },
    });
    // a workflow with an object input schema takes that object; any other takes { input }
    expect(byName.get('shout')!.inputSchema).toMatchObject({ properties: { text: { type: 'string' } } });
    expect(byName.get('count')!.inputSchema).toMatchObject({ required: ['input'] });
    expect(byName.get('panel')!.description).toBe('Two echoes and a merger');
  });

  it('calls an agent: the run answers with its text, and a session keeps the conversation', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    const result = await client.callTool({ name: 'echo', arguments: { prompt: 'hello there' } });
    expect(result.isError).toBeFalsy();
    expect(resultText(result)).toBe('you said: hello there');
    const memo = (user: Awaited<ReturnType<McpApp['connect']>>, sessionId: string) =>
      user.client.callTool({ name: 'memo', arguments: { prompt: 'count', sessionId } }).then(resultText);
    const bob = await app.connect('bob');
    const alice = await app.connect('alice');
    expect(await memo(alice, 's1')).toBe('1 messages');
    expect(await memo(alice, 's1')).toBe('2 messages');
    expect(await memo(alice, 's2')).toBe('1 messages');
    // the same session id of another user is another conversation
    expect(await memo(bob, 's1')).toBe('1 messages');
  });

  it('returns an agent’s structured output as structuredContent matching its output schema', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    await client.listTools(); // the client checks structured content against the listed schema
    const result = await client.callTool({ name: 'city_facts', arguments: { prompt: 'Oslo?' } });
    expect(result.structuredContent).toEqual({ city: 'Oslo', population: 709000 });
    expect(JSON.parse(resultText(result))).toEqual({ city: 'Oslo', population: 709000 });
  });

  it('calls an agno zod tool directly, and names the field of bad arguments', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    const ok = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
    expect(ok.structuredContent).toEqual({ sum: 42 });
    expect(JSON.parse(resultText(ok))).toEqual({ sum: 42 });

    const bad = await client.callTool({ name: 'add', arguments: { a: 2, b: 'forty' } });
    expect(bad.isError).toBe(true);
    expect(resultText(bad)).toMatch(/^validation_error: invalid arguments for "add": b: /);
    expect(bad.structuredContent).toMatchObject({ error: { code: 'validation_error' } });

    const noPrompt = await client.callTool({ name: 'echo', arguments: {} });
    expect(noPrompt.isError).toBe(true);
    expect(resultText(noPrompt)).toContain('prompt: a non-empty string is required');
  });

  it('calls a workflow (object input and any input) and a team', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    const shout = await client.callTool({ name: 'shout', arguments: { text: 'quiet' } });
    expect(resultText(shout)).toBe('QUIET');
    const count = await client.callTool({ name: 'count', arguments: { input: [1, 2, 3] } });
    expect(count.structuredContent).toEqual({ length: 7 });
    const invalid = await client.callTool({ name: 'shout', arguments: { text: 5 } });
    expect(invalid.isError).toBe(true);
    expect(resultText(invalid)).toMatch(/^validation_error: .*text/);
    const team = await client.callTool({ name: 'panel', arguments: { input: 'what do you think?' } });
    expect(resultText(team)).toBe('merged answer');
  });

  it('answers a failed run with an error result carrying its code, and no secret or stack', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    const result = await client.callTool({ name: 'broken', arguments: { prompt: 'hi' } });
    expect(result.isError).toBe(true);
    const message = resultText(result);
    expect(message).toMatch(/^auth_error: the provider refused key /);
    expect(message).not.toContain(SECRET);
    expect(message).not.toMatch(/\n\s+at /);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('answers an unknown tool with a protocol error', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    const error = await client.callTool({ name: 'nope', arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toContain('unknown tool "nope"');
  });

  it('sends text deltas and tool progress as progress notifications when the client asks', async () => {
    const { app } = await start();
    const { client } = await app.connect('alice');
    const updates: { progress: number; message?: string }[] = [];
    const result = await client.callTool({ name: 'echo', arguments: { prompt: 'stream me' } }, undefined, {
      onprogress: (p) => updates.push(p),
    });
    expect(resultText(result)).toBe('you said: stream me');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.map((u) => u.message).join('')).toBe('you said: stream me');
    expect(updates.map((u) => u.progress)).toEqual(updates.map((_, i) => i + 1));
  });

  it('a client’s cancel aborts a tool’s signal, and the server serves the next call', async () => {
    const { app, direct } = await start();
    const { client } = await app.connect('alice');
    const controller = new AbortController();
    let reported: (update: unknown) => void = () => {};
    const progressed = new Promise((resolve) => {
      reported = resolve;
    });
    const call = client.callTool({ name: 'wait_forever', arguments: {} }, undefined, {
      signal: controller.signal,
      onprogress: (update) => reported(update),
    });
    const signal = await direct.call(1);
    // the tool's own progress report reached the client
    expect(await progressed).toEqual({ progress: 1, total: 2, message: 'waiting' });
    controller.abort(new Error('user pressed stop'));
    await expect(call).rejects.toThrow();
    await aborted(signal);
    expect(signal.aborted).toBe(true);
    expect(resultText(await client.callTool({ name: 'add', arguments: { a: 1, b: 1 } }))).toBe('{"sum":2}');
  });

  it('a client’s cancel aborts an agent run and the tool it is waiting on', async () => {
    const { app, viaAgent } = await start();
    const { client } = await app.connect('alice');
    const controller = new AbortController();
    const call = client.callTool({ name: 'waiter', arguments: { prompt: 'wait' } }, undefined, {
      signal: controller.signal,
    });
    const signal = await viaAgent.call(1);
    controller.abort();
    await expect(call).rejects.toThrow();
    await aborted(signal);
    expect(resultText(await client.callTool({ name: 'echo', arguments: { prompt: 'still here' } }))).toBe(
      'you said: still here',
    );
  });

  it('aborts the calls of an HTTP request that ends early (the client went away)', async () => {
    const { app, direct } = await start();
    const { transport } = await app.connect('alice');
    const controller = new AbortController();
    const response = await fetch(app.url, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': transport.sessionId!,
        'mcp-protocol-version': '2025-11-25',
        'x-user': 'alice',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'wait_forever', arguments: {} },
      }),
    });
    expect(response.status).toBe(200);
    const signal = await direct.call(1);
    controller.abort();
    await aborted(signal);
    expect(signal.aborted).toBe(true);
  });

  it('ends a call at the server’s deadline with a timeout error result', async () => {
    const { app, direct } = await start({ timeoutMs: 100 });
    const { client } = await app.connect('alice');
    const result = await client.callTool({ name: 'wait_forever', arguments: {} });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/^timeout: /);
    expect((await direct.call(1)).aborted).toBe(true);
  });

  it('serves concurrent calls from two clients, each run as its own user', async () => {
    const { app } = await start();
    const [alice, bob] = await Promise.all([app.connect('alice'), app.connect('bob')]);
    const calls = [];
    for (let i = 0; i < 5; i++) {
      calls.push(alice.client.callTool({ name: 'who', arguments: { prompt: 'who am I?' } }));
      calls.push(bob.client.callTool({ name: 'who', arguments: { prompt: 'who am I?' } }));
      calls.push(alice.client.callTool({ name: 'echo', arguments: { prompt: `a${i}` } }));
      calls.push(bob.client.callTool({ name: 'echo', arguments: { prompt: `b${i}` } }));
    }
    const texts = (await Promise.all(calls)).map(resultText);
    for (let i = 0; i < 5; i++) {
      expect(texts.slice(i * 4, i * 4 + 4)).toEqual([
        'user=alice',
        'user=bob',
        `you said: a${i}`,
        `you said: b${i}`,
      ]);
    }
  });

  it('serves a session only to the user who opened it', async () => {
    const { app } = await start();
    const { transport } = await app.connect('alice');
    const sessionId = transport.sessionId!;
    const asBob = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
        'x-user': 'bob',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'echo', arguments: { prompt: 'x' } },
      }),
    });
    expect(asBob.status).toBe(404);
    await asBob.body?.cancel();
  });

  it('DELETE ends the session and aborts its calls in flight', async () => {
    const { app, direct, handler } = await start();
    const { client, transport } = await app.connect('alice');
    expect(handler.sessions).toBe(1);
    const call = client.callTool({ name: 'wait_forever', arguments: {} });
    call.catch(() => {});
    const signal = await direct.call(1);
    await transport.terminateSession();
    await aborted(signal);
    expect(handler.sessions).toBe(0);
  });

  it('keeps at most maxSessions: the least recently used idle one is closed, busy ones are kept', async () => {
    const { app, direct, handler } = await start({ maxSessions: 1 });
    const first = await app.connect('alice');
    const second = await app.connect('alice');
    expect(handler.sessions).toBe(1);
    await expect(first.client.listTools()).rejects.toThrow();
    // the second session is busy with a call: a third is refused rather than evicting it
    const call = second.client.callTool({ name: 'wait_forever', arguments: {} });
    call.catch(() => {});
    await direct.call(1);
    await expect(app.connect('alice')).rejects.toThrow(/503|busy/);
    expect(handler.sessions).toBe(1);
  });

  it('closes sessions left idle past sessionIdleMs', async () => {
    const { app, handler } = await start({ sessionIdleMs: 20 });
    await app.connect('alice');
    expect(handler.sessions).toBe(1);
    const deadline = Date.now() + 10_000; // liveness only: the sweep runs about once a second
    while (handler.sessions > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(handler.sessions).toBe(0);
  });
});
