/**
 * createMcpServer: what it refuses at construction (bad or repeated names, tools that need
 * confirmation), and what an allowed confirmation does, through the official client on the SDK's
 * in-memory transport (the way an app connects the server to a transport of its own).
 */
import { Agent, ConfigError, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { resultText } from '../fixtures/mcp/http.js';
import { createMcpServer, type McpServerOptions } from './index.js';

const model = () => new ScriptedModel({ turns: ['ok'] });

function plainTool(name: string, extra: Partial<Tool> = {}): Tool {
  return {
    name,
    description: name,
    parameters: { type: 'object', properties: {} },
    execute: () => `${name} ran`,
    ...extra,
  };
}

async function connect(options: McpServerOptions): Promise<Client> {
  const server = createMcpServer(options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

describe('createMcpServer', () => {
  it('refuses tool names MCP does not allow, naming the entry', () => {
    const agent = new Agent({ name: 'helper', model: model() });
    expect(() =>
      createMcpServer({ name: 's', version: '1', agents: [{ agent, name: 'has space' }] }),
    ).toThrow(ConfigError);
    expect(() =>
      createMcpServer({ name: 's', version: '1', agents: [{ agent, name: 'x'.repeat(129) }] }),
    ).toThrow(/agent "helper" has the tool name/);
  });

  it('refuses two tools with one name, and accepts them renamed', async () => {
    const agent = new Agent({ name: 'search', model: model() });
    const tool = plainTool('search');
    expect(() => createMcpServer({ name: 's', version: '1', agents: [agent], tools: [tool] })).toThrow(
      /two tools are named "search"/,
    );
    const client = await connect({
      name: 's',
      version: '1',
      agents: [{ agent, name: 'search_agent', description: 'Searches, with judgement' }],
      tools: [tool],
    });
    const { tools } = await client.listTools();
    expect(tools.map((t) => [t.name, t.description])).toEqual([
      ['search_agent', 'Searches, with judgement'],
      ['search', 'search'],
    ]);
  });

  it('refuses tools that need confirmation, directly or in an agent, unless allowed', () => {
    const risky = plainTool('delete_all', { requiresConfirmation: true });
    const agent = new Agent({ name: 'admin', model: model(), tools: [risky] });
    expect(() => createMcpServer({ name: 's', version: '1', tools: [risky] })).toThrow(
      /requires confirmation/,
    );
    expect(() => createMcpServer({ name: 's', version: '1', agents: [agent] })).toThrow(
      /agent "admin" has tool "delete_all", which requires confirmation/,
    );
    expect(() =>
      createMcpServer({ name: 's', version: '1', tools: [risky], agents: [agent], allowConfirmation: true }),
    ).not.toThrow();
  });

  it('with allowConfirmation, a direct call runs and an agent run that pauses answers a paused error result', async () => {
    let ran = 0;
    const risky = plainTool('delete_all', {
      requiresConfirmation: true,
      execute: () => {
        ran++;
        return 'deleted';
      },
    });
    const agent = new Agent({
      name: 'admin',
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'delete_all', args: {} }] }, 'done'] }),
      tools: [{ ...risky, name: 'delete_all' }],
    });
    const client = await connect({
      name: 's',
      version: '1',
      tools: [risky],
      agents: [agent],
      allowConfirmation: true,
    });
    expect(resultText(await client.callTool({ name: 'delete_all', arguments: {} }))).toBe('deleted');
    expect(ran).toBe(1);
    const paused = await client.callTool({ name: 'admin', arguments: { prompt: 'clean up' } });
    expect(paused.isError).toBe(true);
    expect(resultText(paused)).toMatch(/^paused: the run paused: "delete_all" needs a person's confirmation/);
    expect(ran).toBe(1);
  });

  it('answers a tool that throws with its message, and a rich error result as an error', async () => {
    const client = await connect({
      name: 's',
      version: '1',
      tools: [
        plainTool('throws', {
          execute: () => {
            throw new Error('the disk is full');
          },
        }),
        plainTool('reports', {
          execute: () => ({ type: 'tool-result', value: 'not allowed today', isError: true }),
        }),
        plainTool('needs', {
          parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        }),
      ],
    });
    const thrown = await client.callTool({ name: 'throws', arguments: {} });
    expect([thrown.isError, resultText(thrown)]).toEqual([true, 'tool_error: the disk is full']);
    const reported = await client.callTool({ name: 'reports', arguments: {} });
    expect([reported.isError, resultText(reported)]).toEqual([true, 'tool_error: not allowed today']);
    const missing = await client.callTool({ name: 'needs', arguments: {} });
    expect([missing.isError, resultText(missing)]).toEqual([
      true,
      'validation_error: invalid arguments for "needs": id: required',
    ]);
  });
});
