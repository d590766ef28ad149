import { CONFORMANCE, describeModelConformance } from '@agno/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { openai } from './index.js';
import { FakeOpenAIServer, type FakeReply } from './testing/index.js';

const call = (args: { city: string }, id: string) => ({
  id,
  name: CONFORMANCE.toolName,
  arguments: { ...args },
});

const scripts: Record<string, FakeReply[]> = {
  text: [{ text: CONFORMANCE.text }],
  'tool-call': [{ toolCalls: [call(CONFORMANCE.args[0], 'call_a')] }],
  'parallel-tool-calls': [
    { toolCalls: [call(CONFORMANCE.args[0], 'call_a'), call(CONFORMANCE.args[1], 'call_b')] },
  ],
  'tool-loop': [{ toolCalls: [call(CONFORMANCE.args[0], 'call_a')] }, { text: CONFORMANCE.text }],
  slow: [{ text: 'late', delayMs: 5_000 }],
  'rate-limit': [
    { status: 429, headers: { 'retry-after': '0' }, error: { message: 'slow down', type: 'requests' } },
  ],
  auth: [
    {
      status: 401,
      error: { message: `Incorrect API key provided: ${CONFORMANCE.apiKey}`, type: 'invalid_request_error' },
    },
  ],
};

// One server per API and scenario: a call a scenario abandoned (the slow one) can reach its
// server late without taking the next scenario's scripted reply.
const servers = new Map<string, FakeOpenAIServer>();
beforeAll(async () => {
  for (const api of ['chat', 'responses'])
    for (const scenario of [...Object.keys(scripts), 'stream-cut'])
      servers.set(`${api}/${scenario}`, await FakeOpenAIServer.start());
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

// Both APIs keep the contract core relies on, against the local server.
for (const api of ['chat', 'responses'] as const) {
  describeModelConformance(`@agno/models-openai (${api})`, {
    model(scenario) {
      const server = servers.get(`${api}/${scenario}`)!;
      server.reset();
      // The Responses API opens with more bookkeeping events before the first text delta.
      const cut = { text: CONFORMANCE.text, chunkSize: 5, cutAfter: api === 'chat' ? 3 : 7 };
      server.reply(...(scenario === 'stream-cut' ? [cut] : scripts[scenario]!));
      return openai('gpt-conformance', {
        api,
        apiKey: CONFORMANCE.apiKey,
        baseURL: server.baseURL,
        maxRetries: 0,
      });
    },
  });
}
