import { createRequire } from 'node:module';
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { MCPTools } from '@agno/tools/mcp';

// The published "everything" test server, started over stdio. Any MCP server works:
// { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/some/dir'] },
// or one reached over Streamable HTTP: { url: 'http://localhost:3001/mcp', headers: { authorization: '…' } }.
const entry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
const everything = new MCPTools({
  name: 'everything',
  server: { command: process.execPath, args: [entry, 'stdio'] },
  include: ['echo', 'get-sum'],
  timeoutMs: 10_000, // per call: a server that hangs or crashes gives a tool error, never a stuck run
});

const model = new ScriptedModel({
  turns: [
    { toolCalls: [{ name: 'get-sum', args: { a: 2, b: 40 } }] },
    (req) => String(req.messages.at(-1)?.content),
  ],
});
const agent = new Agent({ model, tools: [everything] }); // nothing starts until the first run

export const result = await agent.run('What is 2 + 40?');
console.log(result.text); // The sum of 2 and 40 is 42.
await agent.close(); // stops the server process
