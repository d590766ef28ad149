/** MCP over stdio: the official client starts the server as a child process, lists, calls and closes. */

import { rmSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { stdioServerScript } from '../fixtures/mcp/stdio.js';

describe('serveStdio', () => {
  afterAll(async () => rmSync(await stdioServerScript(), { force: true }));

  it('serves list and calls to a local client, and stops serving when the client closes stdin', async () => {
    const script = await stdioServerScript();
    const transport = new StdioClientTransport({ command: process.execPath, args: [script], stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const client = new Client({ name: 'agno-stdio-test', version: '1.0.0' });
    await client.connect(transport);
    const pid = transport.pid!;
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('who');
      const who = await client.callTool({ name: 'who', arguments: { prompt: 'who am I?' } });
      expect(who.content).toEqual([{ type: 'text', text: 'user=local-user' }]);
      const add = await client.callTool({ name: 'add', arguments: { a: 20, b: 22 } });
      expect(add.structuredContent).toEqual({ sum: 42 });
    } finally {
      await client.close();
    }
    // serveStdio resolved on its own when stdin closed (not killed): it said so, and the process is gone
    const deadline = Date.now() + 10_000;
    while (!stderr.includes('serving stopped') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toContain('serving stopped');
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(pid)).toBe(false);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
