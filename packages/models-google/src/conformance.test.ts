import { CONFORMANCE, describeModelConformance } from '@agno/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { google } from './index.js';
import { FakeGoogleServer, type FakeReply } from './testing/index.js';

let server: FakeGoogleServer;
beforeAll(async () => {
  server = await FakeGoogleServer.start();
});
afterAll(() => server.close());

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

// The package keeps the contract core relies on, against the local Gemini API server.
describeModelConformance('@agno/models-google', {
  model(scenario) {
    server.reset();
    server.reply(...scripts[scenario]!);
    return google('gemini-conformance', { apiKey: CONFORMANCE.apiKey, baseURL: server.url, maxRetries: 0 });
  },
});
