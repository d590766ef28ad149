import { inspect } from 'node:util';
import { Agent, type ModelRequest } from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, HISTORY, TEST_KEY, TIME, textOf, toolRequest, WEATHER } from './fixtures/helpers.js';
import { OpenAIModel, openai } from './index.js';
import { FakeOpenAIServer } from './testing/index.js';

let server: FakeOpenAIServer;
let model: OpenAIModel;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
  model = openai('gpt-4o-mini', { baseURL: server.baseURL, apiKey: TEST_KEY, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('Chat Completions request', () => {
  it('sends the conversation, tools and ids as the API expects', async () => {
    server.reply({ text: 'Paris is 21°C; Tokyo 09:30.' });
    await model.generate(
      toolRequest({ toolChoice: 'auto', maxTokens: 100, temperature: 0.2, stop: ['END'] }),
    );
    const received = server.lastRequest!;
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(received.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Paris and the time in Tokyo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_w',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' },
            },
            {
              id: 'call_t',
              type: 'function',
              function: { name: 'get_time', arguments: '{"tz":"Asia/Tokyo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_w', content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_t', content: '09:30' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: WEATHER.description,
            parameters: WEATHER.parameters,
            strict: true,
          },
        },
        {
          type: 'function',
          function: { name: 'get_time', description: TIME.description, parameters: TIME.parameters },
        },
      ],
      tool_choice: 'auto',
      max_tokens: 100,
      temperature: 0.2,
      stop: ['END'],
    });
  });

  it('maps each tool choice', async () => {
    const sent: unknown[] = [];
    for (const toolChoice of ['none', 'required', { name: 'get_weather' }] as const) {
      server.reply({ text: 'ok' });
      await model.generate({ messages: [{ role: 'user', content: 'hi' }], tools: [WEATHER], toolChoice });
      sent.push(server.lastRequest!.body.tool_choice);
    }
    expect(sent).toEqual(['none', 'required', { type: 'function', function: { name: 'get_weather' } }]);
  });

  it('sends no tool fields without tools, and parallel_tool_calls only with tools', async () => {
    const m = openai('gpt-4o-mini', { baseURL: server.baseURL, apiKey: TEST_KEY, parallelToolCalls: false });
    server.reply({ text: 'a' }, { text: 'b' });
    await m.generate({ messages: [{ role: 'user', content: 'hi' }], toolChoice: 'required' });
    expect(server.lastRequest!.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await m.generate({ messages: [{ role: 'user', content: 'hi' }], tools: [WEATHER] });
    expect(server.lastRequest!.body.parallel_tool_calls).toBe(false);
  });

  it('uses the developer role and max_completion_tokens when asked', async () => {
    const m = openai('o4-mini', {
      baseURL: server.baseURL,
      apiKey: TEST_KEY,
      systemRole: 'developer',
      maxTokensField: 'max_completion_tokens',
    });
    server.reply({ text: 'ok' });
    await m.generate({ messages: HISTORY.slice(0, 2), maxTokens: 50 });
    const body = server.lastRequest!.body;
    expect(body.messages[0]).toEqual({ role: 'developer', content: 'You are terse.' });
    expect(body.max_completion_tokens).toBe(50);
    expect(body.max_tokens).toBeUndefined();
  });

  it('defaults to max_completion_tokens for api.openai.com and max_tokens elsewhere', () => {
    const official = openai('gpt-4o', { apiKey: TEST_KEY });
    expect(official.settings.maxTokensField).toBe('max_completion_tokens');
    expect(model.settings.maxTokensField).toBe('max_tokens');
  });

  it('sends user images and files as content parts', async () => {
    server.reply({ text: 'a cat' });
    await model.generate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', url: 'https://example.com/cat.png' },
            { type: 'image', data: 'aGVsbG8=', mediaType: 'image/jpeg' },
            { type: 'file', data: 'JVBERi0=', mediaType: 'application/pdf', name: 'a.pdf' },
          ],
        },
      ],
    });
    expect(server.lastRequest!.body.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,aGVsbG8=' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
    ]);
  });

  it('follows tool results that carry images with one user message holding them', async () => {
    server.reply({ text: 'a chart' });
    await model.generate({
      messages: [
        HISTORY[1]!,
        HISTORY[2]!,
        {
          role: 'tool',
          toolCallId: 'call_w',
          toolName: 'get_weather',
          content: 'see chart',
          attachments: [{ type: 'image', url: 'https://example.com/chart.png' }],
        },
        { role: 'tool', toolCallId: 'call_t', toolName: 'get_time', content: '09:30' },
      ],
    });
    const roles = server.lastRequest!.body.messages.map((m: { role: string }) => m.role);
    expect(roles).toEqual(['user', 'assistant', 'tool', 'tool', 'user']);
    expect(server.lastRequest!.body.messages[4].content[1]).toEqual({
      type: 'image_url',
      image_url: { url: 'https://example.com/chart.png' },
    });
  });

  it('refuses a file given by URL with a clear bad_request error, before any request', async () => {
    await expect(
      model.generate({
        messages: [{ role: 'user', content: [{ type: 'file', url: 'https://x.test/a.pdf' }] }],
      }),
    ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('file') });
    expect(server.requests).toHaveLength(0);
  });
});

describe('Chat Completions response', () => {
  it('maps text, finish reason and usage with cached and reasoning tokens', async () => {
    server.reply({ text: 'Hello there', usage: { input: 12, output: 5, cached: 8, reasoning: 3 } });
    const response = await model.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(response).toMatchObject({
      text: 'Hello there',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17, cachedInputTokens: 8, reasoningTokens: 3 },
    });
  });

  it('maps parallel tool calls, keeping malformed arguments as invalidArgs', async () => {
    server.reply({
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } },
        { id: 'call_b', name: 'get_time', arguments: '{"tz": "Asia/Tok' },
        { id: 'call_c', name: 'get_time', arguments: '' },
      ],
    });
    const response = await model.generate(toolRequest());
    expect(response.finishReason).toBe('tool_calls');
    expect(response.toolCalls).toEqual([
      { id: 'call_a', name: 'get_weather', args: { city: 'Paris', unit: 'c' } },
      { id: 'call_b', name: 'get_time', args: undefined, invalidArgs: '{"tz": "Asia/Tok' },
      { id: 'call_c', name: 'get_time', args: {} },
    ]);
  });

  it('maps length and content_filter finish reasons, and a refusal to text', async () => {
    server.reply({ text: 'cut', finishReason: 'length' }, { refusal: 'I cannot help with that.' });
    expect((await model.generate({ messages: [{ role: 'user', content: 'a' }] })).finishReason).toBe(
      'length',
    );
    const refused = await model.generate({ messages: [{ role: 'user', content: 'b' }] });
    expect(refused).toMatchObject({ text: 'I cannot help with that.', finishReason: 'content_filter' });
  });
});

describe('Chat Completions stream', () => {
  it('streams text deltas, then usage, then finish, asking for the usage chunk', async () => {
    server.reply({ text: 'Hello, streaming world', chunkSize: 5, usage: { input: 9, output: 4, cached: 2 } });
    const events = await collect(model.stream({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(server.lastRequest!.body.stream).toBe(true);
    expect(server.lastRequest!.body.stream_options).toEqual({ include_usage: true });
    expect(events.filter((e) => e.type === 'text-delta').length).toBe(5);
    expect(textOf(events)).toBe('Hello, streaming world');
    const usage = { inputTokens: 9, outputTokens: 4, totalTokens: 13, cachedInputTokens: 2 };
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage },
      { type: 'finish', finishReason: 'stop', usage },
    ]);
  });

  it('assembles parallel tool calls from deltas spread over chunks', async () => {
    server.reply({
      text: 'Checking.',
      chunkSize: 3,
      toolCalls: [
        { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } },
        { id: 'call_2', name: 'get_time', arguments: { tz: 'Asia/Tokyo' } },
      ],
    });
    const events = await collect(model.stream(toolRequest()));
    const types = events.map((e) => e.type);
    // Core's documented order: deltas and call events, then usage, then finish last.
    expect(types.indexOf('tool-call-start')).toBeGreaterThan(types.lastIndexOf('text-delta'));
    expect(types.slice(-4)).toEqual(['tool-call-end', 'tool-call-end', 'usage', 'finish']);
    const starts = events.filter((e) => e.type === 'tool-call-start');
    expect(starts).toEqual([
      { type: 'tool-call-start', id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-start', id: 'call_2', name: 'get_time' },
    ]);
    const deltas = events.filter((e) => e.type === 'tool-call-delta' && e.id === 'call_1');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((e) => (e.type === 'tool-call-delta' ? e.argsText : '')).join('')).toBe(
      '{"city":"Paris","unit":"c"}',
    );
    const ends = events.flatMap((e) => (e.type === 'tool-call-end' ? [e.toolCall] : []));
    expect(ends).toEqual([
      { id: 'call_1', name: 'get_weather', args: { city: 'Paris', unit: 'c' } },
      { id: 'call_2', name: 'get_time', args: { tz: 'Asia/Tokyo' } },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('gives a streamed call with malformed arguments invalidArgs instead of throwing', async () => {
    server.reply({ toolCalls: [{ id: 'call_x', name: 'get_weather', arguments: '{"city":"Par' }] });
    const events = await collect(model.stream(toolRequest()));
    const end = events.find((e) => e.type === 'tool-call-end');
    expect(end).toEqual({
      type: 'tool-call-end',
      toolCall: { id: 'call_x', name: 'get_weather', args: undefined, invalidArgs: '{"city":"Par' },
    });
  });

  it('ends with finish and no usage event when the server sends no usage', async () => {
    server.reply({ text: 'hi', usage: false });
    const events = await collect(model.stream({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'finish']);
  });

  it('yields deltas as they arrive (the server is still mid-reply), and stops on abort', async () => {
    // The server sends the role chunk and two text chunks, then holds the connection open.
    server.reply({ text: 'abcdefgh', chunkSize: 2, hangAfter: 3 });
    const controller = new AbortController();
    const texts: string[] = [];
    let caught: unknown;
    try {
      for await (const event of model.stream({
        messages: [{ role: 'user', content: 'hi' }],
        signal: controller.signal,
      })) {
        if (event.type === 'text-delta') texts.push(event.text);
        if (texts.length === 2) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(texts).toEqual(['ab', 'cd']);
    expect(caught).toMatchObject({ code: 'aborted' });
  });
});

describe('the client', () => {
  it('is created on the first call, not at construction, and reused after', async () => {
    let fetches = 0;
    const counting: typeof fetch = (input, init) => {
      fetches++;
      return fetch(input, init);
    };
    const m = new OpenAIModel({
      modelId: 'gpt-4o-mini',
      baseURL: server.baseURL,
      apiKey: TEST_KEY,
      fetch: counting,
    });
    expect(m.connected).toBe(false);
    server.reply({ text: 'a' }, { text: 'b' });
    await m.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(m.connected).toBe(true);
    const first = m.client;
    await collect(m.stream({ messages: [{ role: 'user', content: 'y' }] }));
    expect(m.client).toBe(first);
    expect(fetches).toBe(2);
  });

  it('keeps the key out of console.log and JSON of the model and of an agent using it', async () => {
    const m = openai('gpt-4o-mini', { baseURL: server.baseURL, apiKey: TEST_KEY });
    server.reply({ text: 'ok' });
    await m.generate({ messages: [{ role: 'user', content: 'x' }] });
    const agent = new Agent({ model: m });
    for (const shown of [inspect(m, { depth: 10 }), JSON.stringify(m), inspect(agent, { depth: 10 })]) {
      expect(shown).toContain('gpt-4o-mini');
      expect(shown).not.toContain(TEST_KEY);
    }
  });

  it('serves concurrent calls on one instance', async () => {
    server.respond = (req) => ({ text: `echo:${req.body.messages[0].content}` });
    try {
      const requests: ModelRequest[] = Array.from({ length: 8 }, (_, i) => ({
        messages: [{ role: 'user', content: `m${i}` }],
      }));
      const results = await Promise.all(
        requests.map((r, i) => (i % 2 ? model.generate(r).then((x) => x.text) : collectText(r))),
      );
      expect(results).toEqual(requests.map((_, i) => `echo:m${i}`));
    } finally {
      server.respond = undefined;
    }
  });

  it('sends custom headers, organization and project', async () => {
    const m = openai('gpt-4o-mini', {
      baseURL: server.baseURL,
      apiKey: TEST_KEY,
      defaultHeaders: { 'x-gateway-route': 'blue' },
      organization: 'org-123',
      project: 'proj-456',
    });
    server.reply({ text: 'ok' });
    await m.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(server.lastRequest!.headers).toMatchObject({
      'x-gateway-route': 'blue',
      'openai-organization': 'org-123',
      'openai-project': 'proj-456',
    });
  });
});

async function collectText(request: ModelRequest): Promise<unknown> {
  return textOf(await collect(model.stream(request)));
}
