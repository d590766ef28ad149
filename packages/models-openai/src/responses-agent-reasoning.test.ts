/**
 * Reasoning round trips through an Agent on the Responses API, against the local wire-format
 * server: a turn's reasoning items (with their encrypted content, since nothing is stored) go
 * back exactly, in order, before the calls they led to; across a paused run kept by a store as
 * JSON too. Streamed runs show the reasoning summary before the text.
 */
import { Agent, type AgentEvent, InMemorySessionStore, type RunResult, type Tool } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { openai } from './index.js';
import type { FakeReply } from './testing/index.js';

const fake = useFakeServer();

const forecast: Tool<{ city: string }> = {
  name: 'get_forecast',
  description: 'Forecast for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  execute: ({ city }) => ({ city, sky: 'clear', tempC: 21 }),
};

/** Turn 1: two reasoning items, then the call they led to. Turn 2: the answer. */
const TOOL_TURN: FakeReply = {
  reasoning: [
    { id: 'rs_1', summary: 'The user wants the weather in Paris.', encryptedContent: 'gAAAA-ENC-one' },
    { id: 'rs_2', summary: 'I will call get_forecast.', encryptedContent: 'gAAAA-ENC-two' },
  ],
  toolCalls: [{ id: 'call_paris', name: 'get_forecast', arguments: { city: 'Paris' } }],
  usage: { input: 40, output: 60, reasoning: 48 },
  chunkSize: 6,
};
const ANSWER: FakeReply = { text: 'Clear and 21°C in Paris.', usage: { input: 90, output: 8 } };

/** The reasoning items as they must come back on the second request, in order, then the call. */
const SENT_BACK = [
  {
    type: 'reasoning',
    id: 'rs_1',
    summary: [{ type: 'summary_text', text: 'The user wants the weather in Paris.' }],
    encrypted_content: 'gAAAA-ENC-one',
  },
  {
    type: 'reasoning',
    id: 'rs_2',
    summary: [{ type: 'summary_text', text: 'I will call get_forecast.' }],
    encrypted_content: 'gAAAA-ENC-two',
  },
  { type: 'function_call', call_id: 'call_paris', name: 'get_forecast', arguments: '{"city":"Paris"}' },
  {
    type: 'function_call_output',
    call_id: 'call_paris',
    output: '{"city":"Paris","sky":"clear","tempC":21}',
  },
];

function agent(options: { confirm?: boolean; store?: InMemorySessionStore } = {}) {
  return new Agent({
    model: openai('o4-mini', { api: 'responses', baseURL: fake.server.baseURL, apiKey: TEST_KEY }),
    tools: [options.confirm === true ? { ...forecast, requiresConfirmation: true } : forecast],
    defaults: { reasoning: { effort: 'medium' } },
    ...(options.store === undefined ? {} : { store: options.store }),
  });
}

/** Runs (or streams) `input`; gives the result and, when streamed, the events. */
async function go(a: Agent, mode: 'run' | 'stream'): Promise<{ result: RunResult; events: AgentEvent[] }> {
  if (mode === 'run') return { result: await a.run('Weather in Paris?'), events: [] };
  const stream = a.stream('Weather in Paris?');
  const events: AgentEvent[] = [];
  for await (const e of stream) events.push(e);
  return { result: await stream.result, events };
}

describe.each(['run', 'stream'] as const)('%s: reasoning round trip', (mode) => {
  it('sends the reasoning items back exactly, in order, before the call they led to', async () => {
    fake.server.reply(TOOL_TURN, ANSWER);
    const { result, events } = await go(agent(), mode);
    expect(result.text).toBe('Clear and 21°C in Paris.');
    const [first, second] = fake.server.requests;
    expect(first!.body).toMatchObject({
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'medium', summary: 'auto' },
    });
    expect(second!.body.input.slice(1)).toEqual(SENT_BACK);
    expect(result.reasoning).toBe('The user wants the weather in Paris.\n\nI will call get_forecast.');
    expect(result.usage.reasoningTokens).toBe(48);
    if (mode === 'stream') {
      const kinds = events.map((e) => e.type);
      expect(kinds).toContain('reasoning-delta');
      expect(kinds.lastIndexOf('reasoning-delta')).toBeLessThan(kinds.indexOf('tool-call-started'));
      let streamed = '';
      for (const e of events) if (e.type === 'reasoning-delta') streamed += e.text;
      expect(streamed).toBe(result.reasoning);
    }
  });

  it('carries the reasoning across a pause, from the stored paused run to the next request', async () => {
    fake.server.reply(TOOL_TURN, ANSWER);
    const store = new InMemorySessionStore();
    const { result: paused } = await go(agent({ confirm: true, store }), mode);
    expect(paused.status).toBe('paused');
    expect(fake.server.requests).toHaveLength(1);
    // A new agent (as after a restart) continues the run from what the store kept.
    const done = await agent({ confirm: true, store }).continueRun(paused.runId, {
      call_paris: { approved: true },
    });
    expect(done.text).toBe('Clear and 21°C in Paris.');
    expect(fake.server.requests[1]!.body.input.slice(1)).toEqual(SENT_BACK);
  });
});

it('streams the reasoning summary before the answer text', async () => {
  fake.server.reply({
    reasoning: { summary: ['Simple greeting.', 'Answer warmly.'], encryptedContent: 'gAAAA-x' },
    text: 'Hello there!',
    chunkSize: 3,
  });
  const events: AgentEvent[] = [];
  const stream = agent().stream('Hi');
  for await (const e of stream) events.push(e);
  const kinds = events.map((e) => e.type);
  expect(kinds.lastIndexOf('reasoning-delta')).toBeLessThan(kinds.indexOf('text-delta'));
  expect((await stream.result).reasoning).toBe('Simple greeting.\n\nAnswer warmly.');
  // The final turn keeps its reasoning for display.
  const answer = (await stream.result).messages.at(-1)!;
  expect(answer).toMatchObject({ role: 'assistant', reasoning: 'Simple greeting.\n\nAnswer warmly.' });
});
