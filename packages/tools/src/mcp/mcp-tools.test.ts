import { Agent, isAgnoError, type ToolProgressEvent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolContext as ctx, runCalls } from '../fixtures/agent.js';
import { kits, pidOf, stdioTestServer } from '../fixtures/mcp-kit.js';
import { type ServerProcess, startTestHttpServer } from '../fixtures/processes.js';
import { type MCPToolProgress, MCPTools } from './index.js';

const kit = kits();

let httpServer: ServerProcess;
beforeAll(async () => {
  httpServer = await startTestHttpServer();
});
afterAll(async () => {
  await httpServer?.stop();
});

const transports = [
  ['stdio', stdioTestServer],
  ['Streamable HTTP', () => ({ url: httpServer.url })],
] as const;

describe.each(transports)('MCPTools with the test server over %s', (_label, server) => {
  it('connects on first use, exposes the tools with their input schemas, and closes with the agent', async () => {
    const mcp = new MCPTools({ name: 'test', server: server() });
    expect(mcp.connected).toBe(false);
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'echo', args: { text: 'hi' } }] }, 'done'],
    });
    const agent = new Agent({ model, tools: [mcp] });
    expect(mcp.connected).toBe(false);
    const result = await agent.run('go');
    expect(mcp.connected).toBe(true);
    const first = model.requests[0]!;
    const names = first.tools!.map((t) => t.name).sort();
    expect(names).toEqual([
      'add',
      'crash',
      'echo',
      'fail',
      'greet',
      'hang',
      'image',
      'ns_ping',
      'pid',
      'progress',
      'slow',
      'wrapped',
    ]);
    const echo = first.tools!.find((t) => t.name === 'echo')!;
    expect(echo.description).toBe('Echoes the text');
    expect(echo.parameters).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
    });
    expect(echo.parameters).not.toHaveProperty('$schema');
    // the server's handshake instructions reach the system prompt
    expect(first.messages[0]).toEqual({ role: 'system', content: 'The test server answers quickly.' });
    expect(result.toolCalls[0]).toMatchObject({ name: 'echo', result: 'echo: hi', isError: false });
    await agent.close();
    expect(mcp.connected).toBe(false);
  });

  it('maps text, structured content, images and isError for the model', async () => {
    const mcp = kit({ server: server() });
    const { seen } = await runCalls(
      [mcp],
      [
        { name: 'add', args: { a: 2, b: 3 } },
        { name: 'image', args: {} },
        { name: 'fail', args: {} },
        { name: 'ns_ping', args: {} },
      ],
    );
    expect(seen.map((m) => m.toolName)).toEqual(['add', 'image', 'fail', 'ns_ping']);
    expect(JSON.parse(seen[0]!.content)).toEqual({ sum: 5 });
    expect(seen[1]!.content).toBe('a 1x1 image');
    expect(seen[1]!.attachments).toEqual([
      { type: 'image', data: expect.any(String), mediaType: 'image/png' },
    ]);
    expect(seen[2]).toMatchObject({ content: 'the disk is full', isError: true });
    expect(seen[3]!.content).toBe('pong');
  });

  it('sends optional arguments the model set to null as left out', async () => {
    const mcp = kit({ server: server(), include: ['greet'] });
    const { seen } = await runCalls([mcp], [{ name: 'greet', args: { name: 'Ada', title: null, times: 2 } }]);
    expect(seen[0]!.isError).toBeUndefined();
    expect(JSON.parse(seen[0]!.content)).toEqual({ name: 'Ada', times: 2 });
  });

  it('returns invalid arguments as a tool error from the server, and the run goes on', async () => {
    const mcp = kit({ server: server() });
    const { result, seen } = await runCalls([mcp], [{ name: 'add', args: { a: 'two', b: 3 } }]);
    expect(result.text).toBe('done');
    expect(seen[0]!.isError).toBe(true);
    expect(seen[0]!.content).toMatch(/a/);
    expect(seen[0]!.content).toMatch(/expected number/i);
  });

  it('filters tools with include and exclude', async () => {
    const included = await kit({ server: server(), include: ['echo', 'add'] }).tools();
    expect(included.map((t) => t.name)).toEqual(['echo', 'add']);
    const excluded = await kit({ server: server(), exclude: (n) => n !== 'pid' }).tools();
    expect(excluded.map((t) => t.name)).toEqual(['pid']);
    await expect(kit({ server: server(), include: ['nope'] }).tools()).rejects.toMatchObject({
      code: 'config_error',
      message: expect.stringContaining('unknown tools: nope'),
    });
  });

  it('gives a timeout error for a call that never answers, and the connection keeps serving', async () => {
    const mcp = kit({ server: server(), overrides: { hang: { timeoutMs: 300 } } });
    const tools = await mcp.tools();
    const pid = await pidOf(tools);
    const { result, seen } = await runCalls(
      [mcp],
      [{ name: 'hang' }, { name: 'echo', args: { text: 'still here' } }],
      {
        keepOpen: true,
      },
    );
    expect(result.text).toBe('done');
    expect(seen[0]).toMatchObject({ isError: true });
    expect(seen[0]!.content).toBe('MCP server "mcp" did not answer calling "hang" within 300 ms');
    expect(result.toolCalls.find((r) => r.name === 'hang')!.errorCode).toBe('timeout');
    expect(seen[1]!.content).toBe('echo: still here');
    expect(await pidOf(tools)).toBe(pid);
  });

  it('stops waiting at the timeout even when called outside an agent', async () => {
    const mcp = kit({ server: server(), overrides: { hang: { timeoutMs: 200 } } });
    const hang = (await mcp.tools()).find((t) => t.name === 'hang')!;
    const error = await Promise.resolve(hang.execute({}, ctx())).catch((e: unknown) => e);
    expect(isAgnoError(error, 'timeout')).toBe(true);
    expect((error as Error).message).toMatch(/did not answer calling "hang" within 200 ms/);
  });
  it('reads structured content that only wraps the text as the text, and real structured data as JSON', async () => {
    const mcp = kit({ server: server(), include: ['wrapped', 'add'] });
    const { seen } = await runCalls([mcp], [{ name: 'wrapped' }, { name: 'add', args: { a: 1, b: 2 } }]);
    expect(seen[0]!.content).toBe('line "one"\nline two');
    expect(seen[1]!.content).toBe('{"sum":3}');
  });

  it('sends a progress token, reports progress, and lets progress restart the call timeout', async () => {
    const progress: MCPToolProgress[] = [];
    const mcp = kit({
      server: server(),
      include: ['progress'],
      timeoutMs: 1_000,
      onProgress: (p) => progress.push(p),
    });
    // 6 steps of 250 ms: the call takes longer than its 1 s timeout, but never goes 1 s without news
    const { result, seen } = await runCalls([mcp], [{ name: 'progress', args: { steps: 6, ms: 250 } }]);
    expect(seen[0]).toMatchObject({ content: '6 steps done' });
    expect(seen[0]!.isError).toBeUndefined();
    const call = result.toolCalls[0]!;
    // the SDK may drop the last notification when the answer overtakes it
    expect(progress.map((p) => p.progress).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(progress[0]).toEqual({
      tool: 'progress',
      runId: result.runId,
      toolCallId: call.id,
      progress: 1,
      total: 6,
      message: 'step 1',
    });
  });

  it('progress reaches the agent as tool-progress events', async () => {
    const mcp = kit({ server: server(), include: ['progress'], timeoutMs: 5_000 });
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'progress', args: { steps: 3, ms: 50 }, id: 'p1' }] }, 'done'],
    });
    const agent = new Agent({ model, tools: [mcp] });
    const heard: ToolProgressEvent[] = [];
    agent.events.on('tool-progress', (e) => heard.push(e));
    try {
      await agent.run('go');
    } finally {
      await agent.close();
    }
    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard[0]).toMatchObject({
      toolCallId: 'p1',
      toolName: 'progress',
      progress: 1,
      total: 3,
      message: 'step 1',
    });
  });

  it('without progress a call still times out after timeoutMs', async () => {
    const mcp = kit({ server: server(), include: ['slow'], timeoutMs: 300 });
    const { seen } = await runCalls([mcp], [{ name: 'slow', args: { ms: 2_000 } }]);
    expect(seen[0]).toMatchObject({ isError: true });
    expect(seen[0]!.content).toMatch(/did not answer calling "slow" within 300 ms/);
  });
});
