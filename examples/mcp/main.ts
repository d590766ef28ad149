/**
 * MCP: an agent using the tools of a published MCP server, `@modelcontextprotocol/server-filesystem`,
 * started over stdio in a folder of its own; the agent lists the folder and reads a file through it.
 * Run: node scripts/examples.mjs mcp
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { MCPTools } from '@agno/tools/mcp';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'agno-example-mcp-')));
writeFileSync(join(dir, 'menu.txt'), 'Monday: soup\nTuesday: pasta\n');

// Any MCP server works the same way: { command: 'npx', args: ['-y', '<package>', ...] }, or
// { url: 'https://…/mcp', headers } for one reached over Streamable HTTP.
const entry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/dist/index.js');
const files = new MCPTools({
  name: 'files',
  server: { command: process.execPath, args: [entry, dir] }, // the folder it may use
  include: ['list_directory', 'read_text_file'],
  timeoutMs: 10_000, // per call: a server that hangs or dies gives a tool error, never a stuck run
});

const model = new ScriptedModel({
  turns: [
    { toolCalls: [{ name: 'list_directory', args: { path: dir } }] },
    { toolCalls: [{ name: 'read_text_file', args: { path: join(dir, 'menu.txt') } }] },
    (request) => `On Tuesday: ${/Tuesday: (\w+)/.exec(String(request.messages.at(-1)?.content))?.[1]}.`,
  ],
});
const agent = new Agent({ name: 'canteen', model, tools: [files] }); // the server starts on the first run

try {
  const result = await agent.run('What is for lunch on Tuesday?');
  for (const call of result.toolCalls) console.log(`${call.name} → ${JSON.stringify(call.result)}`);
  console.log(result.text);
} finally {
  await agent.close(); // stops the server process
  rmSync(dir, { recursive: true, force: true });
}
