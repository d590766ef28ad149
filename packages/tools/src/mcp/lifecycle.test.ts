import { inspect } from 'node:util';
import { Agent, isAgnoError } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it, vi } from 'vitest';
import { toolContext as ctx, runCalls } from '../fixtures/agent.js';
import { kits, pidOf, stdioTestServer } from '../fixtures/mcp-kit.js';
import { freePort, groupMembers, isAlive, startTestHttpServer, TEST_SERVER } from '../fixtures/processes.js';

const kit = kits();

describe('MCPTools crash and reconnect', () => {
  it('over stdio: a crash mid-call is a clear tool error, and the next call starts the server again', async () => {
    const mcp = kit({ server: stdioTestServer() });
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
      server: stdioTestServer(),
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
    const error = await mcp.connect().catch((e: unknown) => e);
    expect(isAgnoError(error, 'timeout')).toBe(true);
    expect((error as Error).message).toMatch(/did not complete its handshake within 300 ms/);
    expect(mcp.connected).toBe(false);
  });

  it('a server that exits at start is reported with its output', async () => {
    const mcp = kit({
      name: 'dies',
      server: {
        command: process.execPath,
        args: ['-e', 'console.error("missing API key"); process.exit(1)'],
      },
    });
    const error = await mcp.connect().catch((e: unknown) => e);
    expect(isAgnoError(error)).toBe(true);
    expect((error as Error).message).toMatch(/MCP server "dies"/);
    expect((error as Error).message).toMatch(/missing API key/);
  });

  it('close() stops the stdio server process', async () => {
    const mcp = kit({ server: stdioTestServer() });
    const pid = await pidOf(await mcp.tools());
    expect(isAlive(pid)).toBe(true);
    await mcp.close();
    expect(isAlive(pid)).toBe(false);
  });

  it('concurrent first calls share one connection', async () => {
    const mcp = kit({ server: stdioTestServer() });
    const tools = await mcp.tools();
    await mcp.close();
    const pids = await Promise.all([pidOf(tools), pidOf(tools), pidOf(tools)]);
    expect(new Set(pids).size).toBe(1);
  });
});

describe('MCPTools timeouts through an agent', () => {
  it.each([
    ['the tool timer', { maxTotalTimeoutMs: 400 }, {}],
    ['the run deadline', {}, { timeoutMs: 800 }],
  ] as const)(
    'when %s fires, the frozen server is probed and killed, and a fresh one serves the next run',
    async (_label, kitOptions, runOptions) => {
      // the call's own timeout is far away: only the agent's timer can end the call
      const mcp = kit({ server: stdioTestServer(), timeoutMs: 60_000, pingTimeoutMs: 200, ...kitOptions });
      const frozen = await pidOf(await mcp.tools());
      expect(mcp.pid).toBe(frozen);
      process.kill(frozen, 'SIGSTOP');
      try {
        const first = await runCalls([mcp], [{ name: 'echo', args: { text: 'x' } }], {
          run: runOptions,
          keepOpen: true,
        }).catch((e: unknown) => e);
        if ('timeoutMs' in runOptions) expect(isAgnoError(first, 'timeout')).toBe(true);
        else
          expect((first as Awaited<ReturnType<typeof runCalls>>).result.toolCalls[0]!.errorCode).toBe(
            'timeout',
          );
        await vi.waitFor(() => expect(isAlive(frozen)).toBe(false), { timeout: 10_000 });
        expect(mcp.state).toBe('failed');
        // a fresh server (started here, not within the short tool timer) serves the next run
        await mcp.connect();
        expect(mcp.pid).not.toBe(frozen);
        const { seen } = await runCalls([mcp], [{ name: 'echo', args: { text: 'back' } }], {
          keepOpen: true,
        });
        expect(seen[0]!.content).toBe('echo: back');
      } finally {
        if (isAlive(frozen)) process.kill(frozen, 'SIGKILL');
      }
    },
  );
});

describe('MCPTools server processes', () => {
  // `; echo` keeps sh from replacing itself with node: the server is the launcher's child
  const launched = () => ({
    command: 'sh',
    args: ['-c', `"${process.execPath}" "${TEST_SERVER}" stdio; echo launcher done >&2`],
  });

  it('close() stops a server started through a launcher: no process of its group survives', async () => {
    const mcp = kit({ server: launched() });
    const server = await pidOf(await mcp.tools());
    const launcher = mcp.pid!;
    expect(server).not.toBe(launcher);
    expect(groupMembers(launcher).sort()).toEqual([launcher, server].sort());
    await mcp.close();
    expect(groupMembers(launcher)).toEqual([]);
  });

  it('when the launcher is killed, the server it started is stopped too, and the next call starts a fresh one', async () => {
    const mcp = kit({ server: launched() });
    const tools = await mcp.tools();
    const server = await pidOf(tools);
    const launcher = mcp.pid!;
    process.kill(launcher, 'SIGKILL');
    await vi.waitFor(() => expect(groupMembers(launcher)).toEqual([]), { timeout: 10_000 });
    await vi.waitFor(() => expect(mcp.state).toBe('failed'), { timeout: 5_000 });
    const { seen } = await runCalls([mcp], [{ name: 'pid' }], { keepOpen: true });
    expect(Number(seen[0]!.content)).not.toBe(server);
    expect(mcp.state).toBe('ready');
  });

  it('closing while a call is in flight fails the call at once with `aborted`, before the server is stopped', async () => {
    let closing: Promise<void> | undefined;
    let serverAliveWhenCallFailed: boolean | undefined;
    const mcp = kit({
      server: stdioTestServer(),
      include: ['progress', 'pid'],
      // the first progress notification proves the call is running on the server
      onProgress: () => {
        closing ??= mcp.close();
      },
    });
    const server = await pidOf(await mcp.tools());
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'progress', args: { steps: 1_000, ms: 20 } }] }, 'done'],
    });
    const agent = new Agent({ model, tools: [mcp] });
    agent.events.on('tool-call-completed', () => {
      serverAliveWhenCallFailed = isAlive(server);
    });
    const result = await agent.run('go');
    expect(result.toolCalls[0]).toMatchObject({
      errorCode: 'aborted',
      result: 'the connection to MCP server "mcp" was closed',
    });
    expect(serverAliveWhenCallFailed).toBe(true);
    await closing;
    expect(isAlive(server)).toBe(false);
    expect(mcp.state).toBe('closed');
  });

  it('reports its state, its last failure and its server pid', async () => {
    const mcp = kit({ server: stdioTestServer() });
    expect(mcp.state).toBe('idle');
    expect(mcp.pid).toBeUndefined();
    const connecting = mcp.connect();
    expect(mcp.state).toBe('connecting');
    await connecting;
    expect(mcp.state).toBe('ready');
    const tools = await mcp.tools();
    const server = await pidOf(tools);
    expect(mcp.pid).toBe(server);
    await runCalls([mcp], [{ name: 'crash' }], { keepOpen: true });
    expect(mcp.state).toBe('failed');
    expect(mcp.connection.lastError?.message).toMatch(
      /closed the connection; its last output: fatal: crashing/,
    );
    expect(mcp.pid).toBeUndefined();
    expect(await pidOf(tools)).not.toBe(server);
    expect(mcp.state).toBe('ready');
    await mcp.close();
    expect(mcp.state).toBe('closed');
    expect(mcp.pid).toBeUndefined();

    const broken = kit({ name: 'broken', server: { command: 'agno-no-such-mcp-server-binary' } });
    await expect(broken.connect()).rejects.toMatchObject({ code: 'tool_error' });
    expect(broken.state).toBe('failed');
    expect(broken.connection.lastError?.message).toMatch(/could not connect to MCP server "broken".*ENOENT/);
  });
});

describe('MCPTools when the server cannot be reached as the agent starts', () => {
  it('the run goes on: the model gets a stand-in tool that reports why', async () => {
    const mcp = kit({ name: 'broken', server: { command: 'agno-no-such-mcp-server-binary' } });
    const { result, seen, model } = await runCalls([mcp], [{ name: 'broken', args: {} }]);
    expect(result.text).toBe('done');
    const spec = model.requests[0]!.tools![0]!;
    expect(spec.name).toBe('broken');
    expect(spec.description).toMatch(
      /tools of MCP server "broken" are unavailable: could not connect.*ENOENT/,
    );
    expect(seen[0]).toMatchObject({ isError: true });
    expect(seen[0]!.content).toMatch(/could not connect to MCP server "broken".*ENOENT/);
  });

  it('the stand-in lists and calls the tools once the server is back', async () => {
    const port = await freePort();
    const mcp = kit({
      name: 'later',
      server: { url: `http://127.0.0.1:${port}/mcp` },
      include: ['echo', 'add'],
    });
    const model = new ScriptedModel({
      replies: [
        'nothing to do',
        { toolCalls: [{ name: 'later', args: {} }] },
        { toolCalls: [{ name: 'later', args: { tool: 'echo', arguments: { text: 'hi' } } }] },
        'done',
      ],
    });
    const agent = new Agent({ model, tools: [mcp] });
    // the server is down while the agent loads its tools (on its first run)
    expect((await agent.run('hello')).text).toBe('nothing to do');
    expect(model.requests[0]!.tools!.map((t) => t.name)).toEqual(['later']);
    const server = await startTestHttpServer(port);
    try {
      const result = await agent.run('go');
      expect(result.text).toBe('done');
      const listed = JSON.parse(result.toolCalls[0]!.result) as { name: string }[];
      expect(listed.map((t) => t.name)).toEqual(['echo', 'add']);
      expect(result.toolCalls[1]).toMatchObject({ result: 'echo: hi', isError: false });
    } finally {
      await agent.close();
      await server.stop();
    }
  });

  it('a mistake in the options still rejects (fail fast on configuration)', async () => {
    const mcp = kit({ server: stdioTestServer(), include: ['nope'] });
    await expect(mcp.tools()).rejects.toMatchObject({ code: 'config_error' });
  });

  it('connect() rejects, for those who would rather fail fast', async () => {
    const mcp = kit({ name: 'broken', server: { command: 'agno-no-such-mcp-server-binary' } });
    await expect(mcp.connect()).rejects.toMatchObject({ code: 'tool_error' });
  });
});

describe('MCPTools secrets', () => {
  it('util.inspect of the toolkit, its connection and its tools shows no header or env value', async () => {
    const server = await startTestHttpServer();
    try {
      const http = kit({ server: { url: server.url, headers: { authorization: 'Bearer sk-secret-1' } } });
      const stdio = kit({ server: { ...stdioTestServer(), env: { API_KEY: 'sk-secret-2' } } });
      const tools = [...(await http.tools()), ...(await stdio.tools())];
      const shown = [http, stdio, http.connection, stdio.connection, ...tools].map((v) =>
        inspect(v, { depth: 10 }),
      );
      for (const text of shown) expect(text).not.toMatch(/sk-secret/);
      expect(shown[0]).toContain("state: 'ready'");
    } finally {
      await server.stop();
    }
  });
});
