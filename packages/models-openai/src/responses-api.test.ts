import type { ResponseFormat } from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  collect,
  collectUntilError,
  HISTORY,
  TEST_KEY,
  TIME,
  textOf,
  toolRequest,
  WEATHER,
} from './fixtures/helpers.js';
import { type OpenAIModel, openai } from './index.js';
import { FakeOpenAIServer } from './testing/index.js';

let server: FakeOpenAIServer;
let model: OpenAIModel;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
  model = openai('gpt-4.1-mini', {
    api: 'responses',
    baseURL: server.baseURL,
    apiKey: TEST_KEY,
    maxRetries: 0,
  });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('Responses request', () => {
  it('sends history as input items with call ids matched, and tools with explicit strict', async () => {
    server.reply({ text: 'Paris 21°C, Tokyo 09:30.' });
    await model.generate(toolRequest({ toolChoice: { name: 'get_time' }, maxTokens: 64, temperature: 0 }));
    const received = server.lastRequest!;
    expect(received.path).toBe('/v1/responses');
    expect(received.body).toEqual({
      model: 'gpt-4.1-mini',
      input: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Paris and the time in Tokyo?' },
        {
          type: 'function_call',
          call_id: 'call_w',
          name: 'get_weather',
          arguments: '{"city":"Paris","unit":"c"}',
        },
        { type: 'function_call', call_id: 'call_t', name: 'get_time', arguments: '{"tz":"Asia/Tokyo"}' },
        { type: 'function_call_output', call_id: 'call_w', output: '{"temp":21}' },
        { type: 'function_call_output', call_id: 'call_t', output: '09:30' },
      ],
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: WEATHER.description,
          parameters: WEATHER.parameters,
          strict: true,
        },
        // The Responses API defaults function tools to strict: a non-strict tool says so.
        {
          type: 'function',
          name: 'get_time',
          description: TIME.description,
          parameters: TIME.parameters,
          strict: false,
        },
      ],
      tool_choice: { type: 'function', name: 'get_time' },
      max_output_tokens: 64,
      temperature: 0,
      // The agent keeps the history: nothing is stored on OpenAI's side unless asked. No
      // encrypted reasoning is asked for either: GPT-4 models reject it.
      store: false,
    });
  });

  it('keeps assistant text and sends images and file URLs as input parts', async () => {
    server.reply({ text: 'ok' });
    await model.generate({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello!' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Read these' },
            { type: 'image', data: 'aGk=', mediaType: 'image/png' },
            { type: 'file', url: 'https://example.com/a.pdf' },
          ],
        },
      ],
    });
    expect(server.lastRequest!.body.input).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Hello!' },
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Read these' },
          { type: 'input_image', image_url: 'data:image/png;base64,aGk=', detail: 'auto' },
          { type: 'input_file', file_url: 'https://example.com/a.pdf' },
        ],
      },
    ]);
  });

  it('sends tool result attachments inside function_call_output', async () => {
    server.reply({ text: 'ok' });
    await model.generate({
      messages: [
        HISTORY[1]!,
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_s', name: 'shot', args: {} }] },
        {
          role: 'tool',
          toolCallId: 'call_s',
          toolName: 'shot',
          content: 'screenshot taken',
          attachments: [{ type: 'image', url: 'https://example.com/s.png' }],
        },
      ],
    });
    expect(server.lastRequest!.body.input[2]).toEqual({
      type: 'function_call_output',
      call_id: 'call_s',
      output: [
        { type: 'input_text', text: 'screenshot taken' },
        { type: 'input_image', image_url: 'https://example.com/s.png', detail: 'auto' },
      ],
    });
  });

  it('sends structured output as text.format, strict only when the schema allows it', async () => {
    const format: ResponseFormat = {
      type: 'json_schema',
      name: 'answer',
      description: 'The answer',
      schema: {
        type: 'object',
        properties: { a: { type: 'string' } },
        required: ['a'],
        additionalProperties: false,
      },
    };
    const loose: ResponseFormat = {
      type: 'json_schema',
      name: 'loose',
      // a record: strict mode cannot express it, so it goes out as it is, not strict
      schema: { type: 'object', additionalProperties: { type: 'number' } },
      strict: true,
    };
    server.reply({ text: '{"a":"x"}' }, { text: '{}' });
    await model.generate({
      messages: [{ role: 'user', content: 'x' }],
      responseFormat: format,
      providerOptions: { openai: { text: { verbosity: 'low' } } },
    });
    expect(server.lastRequest!.body.text).toEqual({
      verbosity: 'low',
      format: {
        type: 'json_schema',
        name: 'answer',
        description: 'The answer',
        schema: format.schema,
        strict: true,
      },
    });
    await model.generate({ messages: [{ role: 'user', content: 'x' }], responseFormat: loose });
    expect(server.lastRequest!.body.text.format).toMatchObject({ schema: loose.schema, strict: false });
  });

  it('uses the developer role when asked', async () => {
    const m = openai('o4-mini', {
      api: 'responses',
      baseURL: server.baseURL,
      apiKey: TEST_KEY,
      systemRole: 'developer',
    });
    server.reply({ text: 'ok' });
    await m.generate({ messages: HISTORY.slice(0, 2) });
    expect(server.lastRequest!.body.input[0]).toEqual({ role: 'developer', content: 'You are terse.' });
  });

  it('rejects stop sequences (the API has none) with a bad_request error, before any request', async () => {
    await expect(
      model.generate({ messages: [{ role: 'user', content: 'x' }], stop: ['\n'] }),
    ).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('stop'),
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('Responses reply', () => {
  it('maps text, tool calls, usage and finish reason', async () => {
    server.reply({
      text: 'Let me check.',
      toolCalls: [
        { id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } },
        { id: 'call_2', name: 'get_time', arguments: '{bad' },
      ],
      usage: { input: 30, output: 12, cached: 16, reasoning: 7 },
    });
    const response = await model.generate(toolRequest());
    expect(response).toMatchObject({
      text: 'Let me check.',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_1', name: 'get_weather', args: { city: 'Oslo', unit: 'c' } },
        { id: 'call_2', name: 'get_time', args: undefined, invalidArgs: '{bad' },
      ],
      usage: {
        inputTokens: 30,
        outputTokens: 12,
        totalTokens: 42,
        cachedInputTokens: 16,
        reasoningTokens: 7,
      },
    });
  });

  it('maps an incomplete response (max_output_tokens) to length', async () => {
    server.reply({ text: 'partial', finishReason: 'length' });
    expect(await model.generate({ messages: [{ role: 'user', content: 'x' }] })).toMatchObject({
      text: 'partial',
      finishReason: 'length',
    });
  });
});

describe('Responses stream', () => {
  it('streams typed events into text deltas, usage and finish', async () => {
    server.reply({
      text: 'Streaming via Responses',
      chunkSize: 6,
      usage: { input: 5, output: 4, reasoning: 1 },
    });
    const events = await collect(model.stream({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(server.lastRequest!.body.stream).toBe(true);
    expect(server.lastRequest!.body.stream_options).toBeUndefined();
    expect(events.filter((e) => e.type === 'text-delta')).toHaveLength(4);
    expect(textOf(events)).toBe('Streaming via Responses');
    const usage = { inputTokens: 5, outputTokens: 4, totalTokens: 9, reasoningTokens: 1 };
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage },
      {
        type: 'finish',
        finishReason: 'stop',
        usage,
        providerData: { openai: { responseId: expect.stringMatching(/^resp_/) } },
      },
    ]);
  });

  it('assembles parallel function calls from argument deltas', async () => {
    server.reply({
      chunkSize: 4,
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Rome', unit: 'f' } },
        { id: 'call_b', name: 'get_time', arguments: { tz: 'Europe/Rome' } },
      ],
    });
    const events = await collect(model.stream(toolRequest()));
    const calls = events.filter((e) => e.type.startsWith('tool-call'));
    expect(calls[0]).toEqual({ type: 'tool-call-start', id: 'call_a', name: 'get_weather' });
    const argsA = calls
      .filter((e) => e.type === 'tool-call-delta' && e.id === 'call_a')
      .map((e) => (e.type === 'tool-call-delta' ? e.argsText : ''));
    expect(argsA.length).toBeGreaterThan(3);
    expect(argsA.join('')).toBe('{"city":"Rome","unit":"f"}');
    expect(events.flatMap((e) => (e.type === 'tool-call-end' ? [e.toolCall] : []))).toEqual([
      { id: 'call_a', name: 'get_weather', args: { city: 'Rome', unit: 'f' } },
      { id: 'call_b', name: 'get_time', args: { tz: 'Europe/Rome' } },
    ]);
    // Each call ends before the next starts, and usage and finish come last.
    const order = events.map((e) =>
      e.type.startsWith('tool-call') ? `${e.type}:${'id' in e ? e.id : ''}` : e.type,
    );
    expect(order.indexOf('tool-call-end:')).toBeLessThan(order.indexOf('tool-call-start:call_b'));
    expect(order.slice(-2)).toEqual(['usage', 'finish']);
    expect(events.at(-1)).toMatchObject({ finishReason: 'tool_calls' });
  });

  it('throws a typed error for a response.failed or error event, after the deltas that came', async () => {
    server.reply({
      text: 'Some text here',
      chunkSize: 4,
      streamError: { after: 6, message: 'The server had an error', code: 'server_error' },
    });
    const { events, error } = await collectUntilError(
      model.stream({ messages: [{ role: 'user', content: 'x' }] }),
    );
    // created, in_progress, item added, part added, then two deltas.
    expect(textOf(events)).toBe('Some tex');
    expect(error).toMatchObject({
      code: 'model_error',
      retryable: true,
      message: expect.stringContaining('The server had an error'),
    });
  });

  it('throws stream_interrupted when the stream ends before response.completed', async () => {
    server.reply({ text: 'abcdefghij', chunkSize: 2, endAfter: 7 });
    const { events, error } = await collectUntilError(
      model.stream({ messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(textOf(events)).toBe('abcdef');
    expect(error).toMatchObject({ code: 'stream_interrupted', retryable: true });
  });
});
