import { CONFORMANCE, describeModelConformance } from '@agno/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { google } from './index.js';
import { FakeGoogleServer, type FakeReply } from './testing/index.js';

const call = (args: { city: string }) => ({ functionCall: { name: CONFORMANCE.toolName, args } });

const scripts: Record<string, FakeReply[]> = {
  text: [{ text: CONFORMANCE.text }],
  'tool-call': [{ parts: [call(CONFORMANCE.args[0])] }],
  'parallel-tool-calls': [{ parts: [call(CONFORMANCE.args[0]), call(CONFORMANCE.args[1])] }],
  'tool-loop': [{ parts: [call(CONFORMANCE.args[0])] }, { text: CONFORMANCE.text }],
  slow: [{ text: 'late', delayMs: 5_000 }],
  'rate-limit': [{ status: 429, headers: { 'retry-after': '0' } }],
  auth: [
    {
      status: 401,
      error: { message: `Request had invalid authentication credentials: ${CONFORMANCE.apiKey}` },
    },
  ],
  'stream-cut': [{ text: CONFORMANCE.text, chunkSize: 5, cutAfterChunks: 3 }],
};

// One server per scenario: a call a scenario abandoned (the slow one) can reach its server late
// without taking the next scenario's scripted reply.
const servers = new Map<string, FakeGoogleServer>();
beforeAll(async () => {
  for (const scenario of Object.keys(scripts)) servers.set(scenario, await FakeGoogleServer.start());
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

// The package keeps the contract core relies on, against the local Gemini API server.
describeModelConformance('@agno/models-google', {
  model(scenario) {
    const server = servers.get(scenario)!;
    server.reset();
    server.reply(...scripts[scenario]!);
    return google('gemini-conformance', { apiKey: CONFORMANCE.apiKey, baseURL: server.url, maxRetries: 0 });
  },
});
