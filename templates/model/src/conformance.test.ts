/**
 * Core's model conformance suite, against a local server speaking the OpenAI wire format.
 * For a provider with its own API, point the suite at a local server speaking that format.
 */
import { CONFORMANCE, describeModelConformance, type ModelScenario } from '@agno/core/testing';
import { FakeOpenAIServer, type FakeReply } from '@agno/models-openai/testing';
import { afterAll, beforeAll } from 'vitest';
import { __fn__ } from './index.js';

const call = (i: 0 | 1) => ({
  id: `call_${i}`,
  name: CONFORMANCE.toolName,
  arguments: { ...CONFORMANCE.args[i] },
});

const scripts: Record<ModelScenario, FakeReply[]> = {
  text: [{ text: CONFORMANCE.text }],
  'tool-call': [{ toolCalls: [call(0)] }],
  'parallel-tool-calls': [{ toolCalls: [call(0), call(1)] }],
  'tool-loop': [{ toolCalls: [call(0)] }, { text: CONFORMANCE.text }],
  slow: [{ text: 'late', delayMs: 5_000 }],
  'rate-limit': [{ status: 429, headers: { 'retry-after': '0' }, error: { message: 'slow down' } }],
  auth: [{ status: 401, error: { message: `Incorrect API key provided: ${CONFORMANCE.apiKey}` } }],
  'stream-cut': [{ text: CONFORMANCE.text, chunkSize: 5, cutAfter: 3 }],
};

// One server per scenario: a call a scenario abandoned (the slow one) can reach its server late
// without taking the next scenario's scripted reply.
const servers = new Map<ModelScenario, FakeOpenAIServer>();
beforeAll(async () => {
  for (const scenario of Object.keys(scripts) as ModelScenario[]) {
    servers.set(scenario, await FakeOpenAIServer.start());
  }
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

describeModelConformance('__pkg__', {
  model(scenario) {
    const server = servers.get(scenario)!;
    server.reset();
    server.reply(...scripts[scenario]);
    return __fn__('test-model', {
      apiKey: CONFORMANCE.apiKey,
      baseURL: server.baseURL,
      maxRetries: 0,
    });
  },
});
