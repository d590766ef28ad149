/**
 * Core's model conformance suite, once per preset, against the wire-format server playing that
 * service (its quirks on).
 */
import { CONFORMANCE, describeModelConformance, type ModelScenario } from '@agno/core/testing';
import type { OpenAIModel } from '@agno/models-openai';
import {
  type FakeChatQuirks,
  FakeOpenAIServer,
  type FakeReply,
  type ReceivedRequest,
} from '@agno/models-openai/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  type CompatibleModelOptions,
  deepseek,
  groq,
  lmStudio,
  openrouter,
  together,
  vllm,
} from './index.js';

const call = (args: { city: string }, id: string) => ({
  id,
  name: CONFORMANCE.toolName,
  arguments: { ...args },
});

/**
 * The reply to every request of a scenario, chosen from the request (not queued): a request of an
 * earlier test that reaches the server late, on a busy machine, gets its own scenario's reply and
 * takes nothing from the next test.
 */
function scenarioReply(scenario: ModelScenario, request: ReceivedRequest): FakeReply {
  switch (scenario) {
    case 'text':
      return { text: CONFORMANCE.text };
    case 'tool-call':
      return { toolCalls: [call(CONFORMANCE.args[0], 'call_a')] };
    case 'parallel-tool-calls':
      return { toolCalls: [call(CONFORMANCE.args[0], 'call_a'), call(CONFORMANCE.args[1], 'call_b')] };
    case 'tool-loop':
      return request.body.messages.at(-1)?.role === 'tool'
        ? { text: CONFORMANCE.text }
        : { toolCalls: [call(CONFORMANCE.args[0], 'call_a')] };
    case 'slow':
      return { text: 'late', delayMs: 5_000 };
    case 'stream-cut':
      return { text: CONFORMANCE.text, chunkSize: 5, cutAfter: 3 };
    case 'rate-limit':
      return {
        status: 429,
        headers: { 'retry-after': '0' },
        error: { message: 'slow down', type: 'requests' },
      };
    case 'auth':
      return { status: 401, error: { message: `Incorrect API key provided: ${CONFORMANCE.apiKey}` } };
  }
}

const presets: Array<[string, (id: string, o: CompatibleModelOptions) => OpenAIModel, FakeChatQuirks]> = [
  ['groq', groq, { reasoningField: 'reasoning', rejectStrict: true }],
  [
    'openrouter',
    openrouter,
    { reasoningField: 'reasoning', reasoningDetails: true, streamOptions: 'ignored' },
  ],
  ['deepseek', deepseek, { reasoningReplay: 'tool-loop', rejectStrict: true }],
  ['together', together, { reasoningField: 'reasoning', rejectStrict: true }],
  ['vllm', vllm, { toolCallIds: 'missing', noToolCallIndex: true }],
  ['lmstudio', lmStudio, { toolCallIds: 'empty', streamOptions: 'ignored' }],
];

for (const [name, factory, quirks] of presets) {
  let server: FakeOpenAIServer;
  describe(name, () => {
    beforeAll(async () => {
      server = await FakeOpenAIServer.start({ chat: quirks });
    });
    afterAll(() => server.close());
    describeModelConformance(`@agno/models-compatible ${name}`, {
      model(scenario) {
        server.respond = (request) => scenarioReply(scenario, request);
        return factory('conformance-model', {
          apiKey: CONFORMANCE.apiKey,
          baseURL: server.baseURL,
          maxRetries: 0,
        });
      },
    });
  });
}
