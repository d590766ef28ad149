import { CONFORMANCE, describeModelConformance } from '@agno/core/testing';
import { FakeOpenAIServer, type FakeReply } from '@agno/models-openai/testing';
import { afterAll, beforeAll } from 'vitest';
import { ollama } from './index.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());

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
  'stream-cut': [{ text: CONFORMANCE.text, chunkSize: 5, cutAfter: 3 }],
  // Ollama itself never answers 429 or 401, but a proxy in front of it may: the errors must map the same way.
  'rate-limit': [
    { status: 429, headers: { 'retry-after': '0' }, error: { message: 'slow down', type: 'requests' } },
  ],
  auth: [{ status: 401, error: { message: `Incorrect API key provided: ${CONFORMANCE.apiKey}` } }],
};

describeModelConformance('@agno/models-ollama', {
  model(scenario) {
    server.reset();
    server.reply(...scripts[scenario]!);
    return ollama('llama3.2', { apiKey: CONFORMANCE.apiKey, baseURL: server.baseURL, maxRetries: 0 });
  },
});
