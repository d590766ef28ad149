import { CONFORMANCE, describeModelConformance } from '@agno/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { anthropic } from './index.js';
import { FakeAnthropicServer, type FakeReply } from './testing/index.js';

let server: FakeAnthropicServer;
beforeAll(async () => {
  server = await FakeAnthropicServer.start();
});
afterAll(() => server.close());

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

// The package keeps the contract core relies on, against the local Messages API server.
describeModelConformance('@agno/models-anthropic', {
  model(scenario) {
    server.reset();
    server.reply(...scripts[scenario]!);
    return anthropic('claude-conformance', {
      apiKey: CONFORMANCE.apiKey,
      baseURL: server.url,
      maxRetries: 0,
    });
  },
});
