import { Agent, isAgnoError, type Tool, type ToolContext } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCalls } from './fixtures/agent.js';
import {
  EVERYTHING_SERVER,
  isAlive,
  type ServerProcess,
  startEverythingHttpServer,
  startTestHttpServer,
  TEST_SERVER,
} from './fixtures/processes.js';
import { MCPTools, type MCPToolsOptions } from './index.js';

const ctx = (signal = new AbortController().signal): ToolContext => ({
  signal,
  runId: 'r',
  toolCallId: 'c',
  sessionId: undefined,
  userId: undefined,
  agent: { name: 'a' },
});

const open: MCPTools[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((kit) => kit.close()));
});

function kit(options: MCPToolsOptions): MCPTools {
  const k = new MCPTools(options);
  open.push(k);
  return k;
}

async function pidOf(tools: readonly Tool[]): Promise<number> {
  return Number(await tools.find((t) => t.name === 'pid')!.execute({}, ctx()));
}

let httpServer: ServerProcess;
beforeAll(async () => {
  httpServer = await startTestHttpServer();
});
afterAll(async () => {
  await httpServer?.stop();
});

const transports = [
  ['stdio', () => ({ command: process.execPath, args: [TEST_SERVER, 'stdio'] })],
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
      'slow',
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
    expect(seen[0]!.content).toMatch(/timed out after 300 ms/);
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
});

describe('MCPTools crash and reconnect', () => {
  it('over stdio: a crash mid-call is a clear tool error, and the next call starts the server again', async () => {
    const mcp = kit({ server: { command: process.execPath, args: [TEST_SERVER, 'stdio'] } });
    const tools = await mcp.tools();
    const before = await pidOf(tools);
    const { result, seen } = await runCalls([mcp], [{ name: 'crash' }], { keepOpen: true });
    expect(result.text).toBe('done');
    expect(seen[0]!.isError).toBe(true);
    expect(seen[0]!.content).toMatch(/closed the connection while calling "crash"/);
    expect(seen[0]!.content).toMatch(/fatal: crashing on purpose/);
    expect(seen[0]!.content).toMatch(/restarted on the next call/);
    expect(isAlive(before)).toBe(false);
    const after = await pidOf(tools);
    expect(after).not.toBe(before);
    expect(isAlive(after)).toBe(true);
  });

  it('over Streamable HTTP: a crash fails the call, calls fail clearly while the server is down, and work once it is back', async () => {
    const server = await startTestHttpServer();
    try {
      const mcp = kit({ server: { url: server.url }, timeoutMs: 5_000, connectTimeoutMs: 2_000 });
      const tools = await mcp.tools();
      const echo = tools.find((t) => t.name === 'echo')!;
      const crash = tools.find((t) => t.name === 'crash')!;
      expect(await echo.execute({ text: 'a' }, ctx())).toBe('echo: a');
      const crashed = await Promise.resolve(crash.execute({}, ctx())).catch((e: unknown) => e);
      expect(isAgnoError(crashed)).toBe(true);
      expect((crashed as Error).message).toBe(
        'MCP server "mcp" closed the connection while calling "crash"; the next call will connect again',
      );
      await server.stop();
      const down = await Promise.resolve(echo.execute({ text: 'b' }, ctx())).catch((e: unknown) => e);
      expect(isAgnoError(down, 'tool_error')).toBe(true);
      expect((down as Error).message).toMatch(/could not connect to MCP server "mcp"|could not reach/);
      const again = await startTestHttpServer(server.port);
      try {
        expect(await echo.execute({ text: 'c' }, ctx())).toBe('echo: c');
      } finally {
        await again.stop();
      }
    } finally {
      await server.stop();
    }
  });

  it('over Streamable HTTP: a server restarted between calls (its session lost) is reconnected without an error', async () => {
    const server = await startTestHttpServer();
    const mcp = kit({ server: { url: server.url } });
    const echo = (await mcp.tools()).find((t) => t.name === 'echo')!;
    expect(await echo.execute({ text: 'a' }, ctx())).toBe('echo: a');
    await server.stop();
    const again = await startTestHttpServer(server.port);
    try {
      expect(await echo.execute({ text: 'b' }, ctx())).toBe('echo: b');
    } finally {
      await again.stop();
    }
  });

  it('over stdio: a frozen server gives timeout errors, is dropped by the health check, and replaced on the next call', async () => {
    const mcp = kit({
      server: { command: process.execPath, args: [TEST_SERVER, 'stdio'] },
      timeoutMs: 300,
      pingTimeoutMs: 200,
    });
    const tools = await mcp.tools();
    const echo = tools.find((t) => t.name === 'echo')!;
    const frozen = await pidOf(tools);
    process.kill(frozen, 'SIGSTOP');
    try {
      const error = await Promise.resolve(echo.execute({ text: 'x' }, ctx())).catch((e: unknown) => e);
      expect(isAgnoError(error, 'timeout')).toBe(true);
      await vi.waitFor(() => expect(mcp.connected).toBe(false), { timeout: 5_000 });
      expect(await echo.execute({ text: 'back' }, ctx())).toBe('echo: back');
      expect(await pidOf(tools)).not.toBe(frozen);
      await vi.waitFor(() => expect(isAlive(frozen)).toBe(false), { timeout: 10_000 });
    } finally {
      if (isAlive(frozen)) process.kill(frozen, 'SIGKILL');
    }
  });

  it('a server that never completes the handshake fails within connectTimeoutMs, and its process is stopped', async () => {
    const mcp = kit({
      server: {
        command: process.execPath,
        args: ['-e', 'process.stdin.resume(); console.error("starting...")'],
      },
      connectTimeoutMs: 300,
    });
    const error = await mcp.tools().catch((e: unknown) => e);
    expect(isAgnoError(error, 'timeout')).toBe(true);
    expect((error as Error).message).toMatch(/did not complete its handshake within 300 ms/);
    expect(mcp.connected).toBe(false);
  });

  it('a command that cannot start gives a clear error from the run, and the agent survives', async () => {
    const mcp = kit({ name: 'broken', server: { command: 'agno-no-such-mcp-server-binary' } });
    const model = new ScriptedModel({ turns: ['done'] });
    const agent = new Agent({ model, tools: [mcp] });
    const error = await agent.run('go').catch((e: unknown) => e);
    expect(isAgnoError(error, 'tool_error')).toBe(true);
    expect((error as Error).message).toMatch(/could not connect to MCP server "broken".*ENOENT/);
    await agent.close();
  });

  it('a server that exits at start is reported with its output', async () => {
    const mcp = kit({
      name: 'dies',
      server: {
        command: process.execPath,
        args: ['-e', 'console.error("missing API key"); process.exit(1)'],
      },
    });
    const error = await mcp.tools().catch((e: unknown) => e);
    expect(isAgnoError(error)).toBe(true);
    expect((error as Error).message).toMatch(/MCP server "dies"/);
    expect((error as Error).message).toMatch(/missing API key/);
  });

  it('close() stops the stdio server process', async () => {
    const mcp = new MCPTools({ server: { command: process.execPath, args: [TEST_SERVER, 'stdio'] } });
    const pid = await pidOf(await mcp.tools());
    expect(isAlive(pid)).toBe(true);
    await mcp.close();
    expect(isAlive(pid)).toBe(false);
  });

  it('concurrent first calls share one connection', async () => {
    const mcp = kit({ server: { command: process.execPath, args: [TEST_SERVER, 'stdio'] } });
    const tools = await mcp.tools();
    await mcp.close();
    const pids = await Promise.all([pidOf(tools), pidOf(tools), pidOf(tools)]);
    expect(new Set(pids).size).toBe(1);
  });
});

describe('MCPTools with the published @modelcontextprotocol/server-everything', () => {
  let everythingHttp: ServerProcess;
  beforeAll(async () => {
    everythingHttp = await startEverythingHttpServer();
  });
  afterAll(async () => {
    await everythingHttp?.stop();
  });

  const servers = [
    ['stdio', () => ({ command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] })],
    ['Streamable HTTP', () => ({ url: everythingHttp.url })],
  ] as const;

  it.each(servers)('over %s: lists its tools and calls them through an agent', async (_label, server) => {
    const mcp = kit({
      name: 'everything',
      server: server(),
      include: ['echo', 'get-sum', 'get-tiny-image', 'get-structured-content'],
    });
    const { seen, model } = await runCalls(
      [mcp],
      [
        { name: 'echo', args: { message: 'hello' } },
        { name: 'get-sum', args: { a: 2, b: 40 } },
        { name: 'get-tiny-image', args: {} },
        { name: 'get-structured-content', args: { location: 'Chicago' } },
      ],
    );
    const specs = model.requests[0]!.tools!;
    expect(specs.map((t) => t.name).sort()).toEqual([
      'echo',
      'get-structured-content',
      'get-sum',
      'get-tiny-image',
    ]);
    expect(specs.find((t) => t.name === 'get-sum')!.parameters).toMatchObject({
      type: 'object',
      required: ['a', 'b'],
    });
    expect(seen[0]!.content).toBe('Echo: hello');
    expect(seen[1]!.content).toMatch(/42/);
    expect(seen[2]!.attachments?.[0]).toMatchObject({ type: 'image', mediaType: 'image/png' });
    const weather = JSON.parse(seen[3]!.content);
    expect(weather).toEqual({
      temperature: expect.any(Number),
      conditions: expect.any(String),
      humidity: expect.any(Number),
    });
  });

  it('over stdio: wrong arguments come back as a tool error', async () => {
    const mcp = kit({ server: servers[0][1](), include: ['get-sum'] });
    const { seen } = await runCalls([mcp], [{ name: 'get-sum', args: { a: 'x' } }]);
    expect(seen[0]!.isError).toBe(true);
    expect(seen[0]!.content).toMatch(/expected number/);
  });
});
