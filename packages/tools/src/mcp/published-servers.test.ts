import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCalls } from '../fixtures/agent.js';
import { kits } from '../fixtures/mcp-kit.js';
import {
  EVERYTHING_SERVER,
  FILESYSTEM_SERVER,
  groupMembers,
  type ServerProcess,
  startEverythingHttpServer,
} from '../fixtures/processes.js';

const kit = kits();

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
  it.each(servers)(
    'over %s: progress of a long operation reaches onProgress and keeps the call alive',
    async (_label, server) => {
      const progress: number[] = [];
      const mcp = kit({
        name: 'everything',
        server: server(),
        include: ['trigger-long-running-operation'],
        timeoutMs: 1_000,
        onProgress: (p) => progress.push(p.progress),
      });
      // 2 s in all, a notification every 0.4 s: longer than the 1 s timeout, never 1 s without news
      const { seen } = await runCalls(
        [mcp],
        [{ name: 'trigger-long-running-operation', args: { duration: 2, steps: 5 } }],
      );
      expect(seen[0]!.content).toMatch(/Long running operation completed/);
      expect(progress.slice(0, 4)).toEqual([1, 2, 3, 4]);
    },
  );

  it('over Streamable HTTP: close() ends the session on the server (DELETE with its mcp-session-id)', async () => {
    const mcp = kit({ name: 'everything', server: servers[1][1](), include: ['echo'] });
    await runCalls([mcp], [{ name: 'echo', args: { message: 'hi' } }], { keepOpen: true });
    const session = [...everythingHttp.log().matchAll(/Session initialized with ID: (\S+)/g)].at(-1)![1]!;
    expect(everythingHttp.log()).not.toContain(`termination request for session ${session}`);
    await mcp.close();
    expect(everythingHttp.log()).toContain(`Received session termination request for session ${session}`);
  });

  it('started through npx (a launcher): close() leaves no process of its group behind', async () => {
    const mcp = kit({
      name: 'everything',
      server: {
        command: 'npx',
        args: ['--no-install', 'mcp-server-everything', 'stdio'],
        env: { PATH: process.env.PATH! },
      },
      include: ['echo'],
      connectTimeoutMs: 60_000,
    });
    const { seen } = await runCalls([mcp], [{ name: 'echo', args: { message: 'via npx' } }], {
      keepOpen: true,
    });
    expect(seen[0]!.content).toBe('Echo: via npx');
    const group = mcp.pid!;
    expect(groupMembers(group).length).toBeGreaterThan(1);
    await mcp.close();
    expect(groupMembers(group)).toEqual([]);
  }, 90_000);
});

describe('MCPTools with the published @modelcontextprotocol/server-filesystem', () => {
  it('works in the roots it is given, and its results reach the model as text, not wrapped JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agno-mcp-fs-'));
    try {
      await writeFile(join(dir, 'notes.txt'), 'first line\n"quoted" second line\n');
      // started without folders: it asks the client for its roots
      const mcp = kit({
        name: 'fs',
        server: { command: process.execPath, args: [FILESYSTEM_SERVER] },
        roots: [dir],
        include: ['read_text_file', 'list_allowed_directories'],
      });
      // The server asks for its roots once connected and applies the answer on its own time:
      // wait until it lists them (a call in its first milliseconds may not see them yet).
      const wanted = await realpath(dir);
      await vi.waitFor(
        async () => {
          const listed = await runCalls([mcp], [{ name: 'list_allowed_directories' }], { keepOpen: true });
          expect(listed.seen[0]!.content).toContain(wanted);
        },
        { timeout: 10_000, interval: 50 },
      );
      const { seen } = await runCalls(
        [mcp],
        [{ name: 'read_text_file', args: { path: join(dir, 'notes.txt') } }],
      );
      expect(seen[0]).toMatchObject({ content: 'first line\n"quoted" second line\n' });
      expect(seen[0]!.isError).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('setRoots() tells the server, which then works in the new roots', async () => {
    const first = await mkdtemp(join(tmpdir(), 'agno-mcp-fs-a-'));
    const second = await mkdtemp(join(tmpdir(), 'agno-mcp-fs-b-'));
    try {
      const mcp = kit({
        name: 'fs',
        server: { command: process.execPath, args: [FILESYSTEM_SERVER] },
        roots: [first],
        include: ['list_allowed_directories'],
      });
      const firstPath = await realpath(first);
      await vi.waitFor(
        async () => {
          const before = await runCalls([mcp], [{ name: 'list_allowed_directories' }], { keepOpen: true });
          expect(before.seen[0]!.content).toContain(firstPath);
        },
        { timeout: 10_000, interval: 50 },
      );
      await mcp.setRoots([{ uri: pathToFileURL(second).href, name: 'second' }]);
      const wanted = await realpath(second);
      await vi.waitFor(
        async () => {
          const after = await runCalls([mcp], [{ name: 'list_allowed_directories' }], { keepOpen: true });
          expect(after.seen[0]!.content).toContain(wanted);
        },
        { timeout: 10_000, interval: 50 },
      );
      await expect(mcp.setRoots([{ uri: 'https://example.com/' }])).rejects.toMatchObject({
        code: 'config_error',
      });
    } finally {
      await rm(first, { recursive: true, force: true });
      await rm(second, { recursive: true, force: true });
    }
  });
});
