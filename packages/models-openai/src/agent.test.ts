/**
 * End to end: core's Agent running tools over OpenAIModel, against the local wire-format
 * server, streaming and not, on both APIs.
 */
import { Agent, type AgentEvent, partialResultOf, type Tool } from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KEY } from './fixtures/helpers.js';
import { type OpenAIApi, openai } from './index.js';
import { FakeOpenAIServer, type ReceivedRequest } from './testing/index.js';

let server: FakeOpenAIServer;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const calls: unknown[] = [];
const weather: Tool<{ city: string }> = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
  execute: ({ city }) => {
    calls.push(city);
    return { city, tempC: city === 'Paris' ? 21 : 9 };
  },
};

function agentFor(api: OpenAIApi) {
  return new Agent({
    model: openai('gpt-4o-mini', { api, baseURL: server.baseURL, apiKey: TEST_KEY, maxRetries: 0 }),
    instructions: 'Answer with the weather.',
    tools: [weather],
  });
}

/** The tool results a request carried, as (id, output) pairs, whatever the API. */
function toolResults(request: ReceivedRequest): Array<[string, string]> {
  if (request.api === 'chat') {
    return request.body.messages
      .filter((m: { role: string }) => m.role === 'tool')
      .map((m: { tool_call_id: string; content: string }) => [m.tool_call_id, m.content]);
  }
  return request.body.input
    .filter((i: { type?: string }) => i.type === 'function_call_output')
    .map((i: { call_id: string; output: string }) => [i.call_id, i.output]);
}

const APIS: OpenAIApi[] = ['chat', 'responses'];

describe.each(APIS)('Agent over OpenAIModel (%s)', (api) => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('runs parallel tool calls and answers, sending each result with its call id', async () => {
    server.reply(
      {
        toolCalls: [
          { id: 'call_paris', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'call_oslo', name: 'get_weather', arguments: { city: 'Oslo' } },
        ],
        usage: { input: 50, output: 20 },
      },
      { text: 'Paris 21°C, Oslo 9°C.', usage: { input: 90, output: 8, cached: 40 } },
    );
    const result = await agentFor(api).run('Weather in Paris and Oslo?');
    expect(result.text).toBe('Paris 21°C, Oslo 9°C.');
    expect(calls.sort()).toEqual(['Oslo', 'Paris']);
    expect(result.toolCalls.map((c) => [c.id, c.result])).toEqual([
      ['call_paris', '{"city":"Paris","tempC":21}'],
      ['call_oslo', '{"city":"Oslo","tempC":9}'],
    ]);
    expect(result.usage).toEqual({
      inputTokens: 140,
      outputTokens: 28,
      totalTokens: 168,
      cachedInputTokens: 40,
    });
    const [first, second] = server.requests;
    expect(first!.body.tools).toHaveLength(1);
    expect(toolResults(second!)).toEqual([
      ['call_paris', '{"city":"Paris","tempC":21}'],
      ['call_oslo', '{"city":"Oslo","tempC":9}'],
    ]);
  });

  it('streams: text deltas, tool events and the result, with the same wire exchange', async () => {
    server.reply(
      {
        text: 'Checking. ',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      },
      { text: 'It is 21°C in Paris.', chunkSize: 3 },
    );
    const stream = agentFor(api).stream('Weather in Paris?');
    const events: AgentEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    expect(result.text).toBe('It is 21°C in Paris.');
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-started');
    expect(types.at(-1)).toBe('run-completed');
    const started = types.indexOf('tool-call-started');
    const completed = types.indexOf('tool-call-completed');
    expect(started).toBeGreaterThan(types.indexOf('text-delta'));
    expect(completed).toBeGreaterThan(started);
    // Deltas of the second reply come after the tool ran.
    expect(types.lastIndexOf('text-delta')).toBeGreaterThan(completed);
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('Checking. It is 21°C in Paris.');
    expect(server.requests.every((r) => r.stream)).toBe(true);
    expect(toolResults(server.requests[1]!)).toEqual([['call_1', '{"city":"Paris","tempC":21}']]);
  });

  it('sends malformed tool arguments back as a validation error and carries on', async () => {
    server.reply(
      { toolCalls: [{ id: 'call_bad', name: 'get_weather', arguments: '{"city": "Par' }] },
      { toolCalls: [{ id: 'call_good', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { text: 'Paris: 21°C.' },
    );
    const result = await agentFor(api).run('Weather in Paris?');
    expect(result.text).toBe('Paris: 21°C.');
    expect(calls).toEqual(['Paris']);
    expect(result.toolCalls[0]).toMatchObject({
      id: 'call_bad',
      isError: true,
      errorCode: 'validation_error',
    });
    const [[id, output]] = toolResults(server.requests[1]!);
    expect(id).toBe('call_bad');
    expect(output).toContain('not valid JSON');
    expect(output).toContain('{"city": "Par');
  });

  it('keeps the partial text when the stream breaks mid-way', async () => {
    server.reply({
      text: 'The forecast for Paris is sunny with',
      chunkSize: 5,
      cutAfter: api === 'chat' ? 5 : 8,
    });
    const stream = agentFor(api).stream('Weather?', { textOnly: true });
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const text of stream) seen.push(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'stream_interrupted' });
    expect(seen.join('')).toBe('The forecast for Par');
    expect(partialResultOf(caught)?.text).toBe('The forecast for Par');
    await expect(stream.result).rejects.toBe(caught);
  });

  it('asks for structured output with a strict schema and parses the answer', async () => {
    server.reply({ text: '{"city":"Paris","tempC":21}' });
    const agent = new Agent({
      model: openai('gpt-4o-mini', { api, baseURL: server.baseURL, apiKey: TEST_KEY }),
    });
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, tempC: { type: 'number' } },
      required: ['city', 'tempC'],
      additionalProperties: false,
    };
    const result = await agent.run<{ city: string; tempC: number }>('Paris weather as JSON', {
      outputSchema: { jsonSchema: schema, name: 'weather' },
    });
    expect(result.output).toEqual({ city: 'Paris', tempC: 21 });
    const body = server.lastRequest!.body;
    if (api === 'chat') {
      expect(body.response_format).toEqual({
        type: 'json_schema',
        json_schema: { name: 'weather', schema, strict: true },
      });
    } else expect(body.text.format).toEqual({ type: 'json_schema', name: 'weather', schema, strict: true });
  });

  it('reports a typed error to the run (auth), with the key nowhere', async () => {
    server.reply({
      status: 401,
      error: { message: `Incorrect API key provided: ${TEST_KEY}`, code: 'invalid_api_key' },
    });
    const error = await agentFor(api)
      .run('hi')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'auth_error', status: 401 });
    expect(JSON.stringify(error)).not.toContain(TEST_KEY);
  });
});

describe('one model, many runs', () => {
  it('serves concurrent agent runs on one client', async () => {
    server.respond = (req) => {
      const last = req.api === 'chat' ? req.body.messages.at(-1) : req.body.input.at(-1);
      return { text: `re: ${last.content}`, chunkSize: 2 };
    };
    try {
      const agent = new Agent({
        model: openai('gpt-4o-mini', { baseURL: server.baseURL, apiKey: TEST_KEY }),
      });
      const inputs = Array.from({ length: 10 }, (_, i) => `q${i}`);
      const results = await Promise.all(
        inputs.map((q, i) => (i % 2 ? agent.run(q) : agent.stream(q, { textOnly: true }).result)),
      );
      expect(results.map((r) => r.text)).toEqual(inputs.map((q) => `re: ${q}`));
    } finally {
      server.respond = undefined;
    }
  });
});
