import { CONFORMANCE, describeModelConformance } from '@agno/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { anthropic } from './index.js';
import { FakeAnthropicServer, type FakeReply } from './testing/index.js';

const toolUse = (args: { city: string }, id: string) => ({
  type: 'tool_use' as const,
  id,
  name: CONFORMANCE.toolName,
  input: args,
});

const scripts: Record<string, FakeReply[]> = {
  text: [{ text: CONFORMANCE.text }],
  'tool-call': [{ content: [toolUse(CONFORMANCE.args[0], 'toolu_a')] }],
  'parallel-tool-calls': [
    { content: [toolUse(CONFORMANCE.args[0], 'toolu_a'), toolUse(CONFORMANCE.args[1], 'toolu_b')] },
  ],
  'tool-loop': [{ content: [toolUse(CONFORMANCE.args[0], 'toolu_a')] }, { text: CONFORMANCE.text }],
  slow: [{ text: 'late', delayMs: 5_000 }],
  'rate-limit': [{ status: 429, headers: { 'retry-after': '0' } }],
  auth: [
    {
      status: 401,
      error: { type: 'authentication_error', message: `invalid x-api-key ${CONFORMANCE.apiKey}` },
    },
  ],
  'stream-cut': [{ text: CONFORMANCE.text, chunkSize: 5, cutAfterEvents: 5 }],
};

// One server per scenario: a call a scenario abandoned (the slow one) can reach its server late
// without taking the next scenario's scripted reply.
const servers = new Map<string, FakeAnthropicServer>();
beforeAll(async () => {
  for (const scenario of Object.keys(scripts)) servers.set(scenario, await FakeAnthropicServer.start());
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

// The package keeps the contract core relies on, against the local Messages API server.
describeModelConformance('@agno/models-anthropic', {
  model(scenario) {
    const server = servers.get(scenario)!;
    server.reset();
    server.reply(...scripts[scenario]!);
    return anthropic('claude-conformance', {
      apiKey: CONFORMANCE.apiKey,
      baseURL: server.url,
      maxRetries: 0,
    });
  },
});
