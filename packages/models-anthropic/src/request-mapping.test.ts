import { isAgnoError, type Message, type ModelRequest, type ToolSpec } from '@agno/core';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { TEST_KEY } from './fixtures/helpers.js';
import { AnthropicModel, anthropic, DEFAULT_MAX_TOKENS } from './index.js';
import { FakeAnthropicServer } from './testing/index.js';

let server: FakeAnthropicServer;
let model: AnthropicModel;

beforeAll(async () => {
  server = await FakeAnthropicServer.start({ apiKey: TEST_KEY });
  model = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const weather: ToolSpec = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const time: ToolSpec = {
  name: 'get_time',
  description: 'Local time of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function lastBody(): any {
  return server.requests[server.requests.length - 1]!.body;
}

describe('the request the API receives', () => {
  test('a plain call: model, default max_tokens, system apart, Bearer key and the API version', async () => {
    server.reply({ text: 'Hello!' });
    const res = await model.generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(res.text).toBe('Hello!');
    expect(res.finishReason).toBe('stop');
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/messages');
    expect(req.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(req.headers['anthropic-version']).toBe('2026-10-21');
    expect(req.body).toEqual({
      model: 'claude-test-1',
      max_tokens: DEFAULT_MAX_TOKENS,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(DEFAULT_MAX_TOKENS).toBe(4096);
  });

  test('max_tokens: the request wins over the model option, which wins over the default', async () => {
    const capped = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, maxTokens: 1000 });
    server.reply({ text: 'a' }, { text: 'b' });
    await capped.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(lastBody().max_tokens).toBe(1000);
    await capped.generate({ messages: [{ role: 'user', content: 'x' }], maxTokens: 50 });
    expect(lastBody().max_tokens).toBe(50);
  });

  test('a max_tokens the client only allows when streaming: generate() streams and gathers the reply', async () => {
    server.reply({
      content: [
        { type: 'text', text: 'A long essay, then a call.' },
        { type: 'tool_use', id: 'toolu_L', name: 'get_weather', input: { city: 'Rome' } },
      ],
      usage: { input_tokens: 10, output_tokens: 40 },
    });
    const res = await model.generate({
      messages: [{ role: 'user', content: 'essay' }],
      maxTokens: 32_000,
      tools: [weather],
    });
    expect(lastBody().stream).toBe(true);
    expect(lastBody().max_tokens).toBe(32_000);
    expect(res).toEqual({
      text: 'A long essay, then a call.',
      toolCalls: [{ id: 'toolu_L', name: 'get_weather', args: { city: 'Rome' } }],
      finishReason: 'tool_calls',
      usage: { inputTokens: 10, outputTokens: 40, totalTokens: 50 },
    });
  });

  test('a tool exchange: tool_use blocks, then ONE user turn with every tool_result (ids matched, errors flagged)', async () => {
    server.reply({ text: 'Sunny in Paris, 14:00 in Tokyo.' });
    const messages: Message[] = [
      { role: 'system', content: 'You are a travel helper.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'user', content: 'And the time in Tokyo?' },
      {
        role: 'assistant',
        content: 'Let me check.',
        toolCalls: [
          { id: 'toolu_A', name: 'get_weather', args: { city: 'Paris' } },
          { id: 'toolu_B', name: 'get_time', args: { city: 'Tokyo' } },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_A', toolName: 'get_weather', content: '{"sky":"sunny"}' },
      { role: 'tool', toolCallId: 'toolu_B', toolName: 'get_time', content: 'clock broken', isError: true },
      { role: 'user', content: 'Thanks!' },
    ];
    await model.generate({ messages, tools: [weather, time] });
    const body = lastBody();
    expect(body.system).toBe('You are a travel helper.');
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris?' },
          { type: 'text', text: 'And the time in Tokyo?' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_A', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_B', name: 'get_time', input: { city: 'Tokyo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_A', content: '{"sky":"sunny"}' },
          { type: 'tool_result', tool_use_id: 'toolu_B', content: 'clock broken', is_error: true },
          { type: 'text', text: 'Thanks!' },
        ],
      },
    ]);
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather for a city', input_schema: weather.parameters },
      { name: 'get_time', description: 'Local time of a city', input_schema: time.parameters },
    ]);
    expect(body.tool_choice).toBeUndefined();
  });

  test('several system messages become system blocks; an empty assistant turn is dropped', async () => {
    server.reply({ text: 'ok' });
    await model.generate({
      messages: [
        { role: 'system', content: 'Rule one.' },
        { role: 'system', content: 'Rule two.' },
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'b' },
      ],
    });
    expect(lastBody().system).toEqual([
      { type: 'text', text: 'Rule one.' },
      { type: 'text', text: 'Rule two.' },
    ]);
    expect(lastBody().messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
    ]);
  });

  test('a tool result whose call is not in the conversation (history cut) goes as text, not as an orphan tool_result', async () => {
    server.reply({ text: 'ok' });
    await model.generate({
      messages: [
        { role: 'tool', toolCallId: 'toolu_gone', toolName: 'get_weather', content: 'rain' },
        { role: 'user', content: 'and now?' },
      ],
    });
    expect(lastBody().messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Result of tool "get_weather" (toolu_gone): rain' },
          { type: 'text', text: 'and now?' },
        ],
      },
    ]);
  });

  test.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ name: 'get_time' }, { type: 'tool', name: 'get_time' }],
  ] as const)('tool choice %j is sent as %j', async (choice, wire) => {
    server.reply({ text: 'ok' });
    await model.generate({
      messages: [{ role: 'user', content: 'x' }],
      tools: [weather, time],
      toolChoice: choice,
    });
    expect(lastBody().tool_choice).toEqual(wire);
  });

  test('no tool_choice without tools; disableParallelToolUse rides on the choice', async () => {
    server.reply({ text: 'a' }, { text: 'b' });
    await model.generate({ messages: [{ role: 'user', content: 'x' }], toolChoice: 'required' });
    expect(lastBody().tool_choice).toBeUndefined();
    expect(lastBody().tools).toBeUndefined();
    const serial = anthropic('claude-test-1', {
      apiKey: TEST_KEY,
      baseURL: server.url,
      disableParallelToolUse: true,
    });
    await serial.generate({ messages: [{ role: 'user', content: 'x' }], tools: [weather] });
    expect(lastBody().tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
  });

  test('strict tools only when asked for', async () => {
    const strictSpec: ToolSpec = { ...weather, strict: true };
    server.reply({ text: 'a' }, { text: 'b' });
    await model.generate({ messages: [{ role: 'user', content: 'x' }], tools: [strictSpec] });
    expect(lastBody().tools[0].strict).toBeUndefined();
    const strict = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, strictTools: true });
    await strict.generate({ messages: [{ role: 'user', content: 'x' }], tools: [strictSpec] });
    expect(lastBody().tools[0].strict).toBe(true);
  });

  test('stop becomes stop_sequences; a stop-sequence stop is a normal stop', async () => {
    server.reply({ text: 'one two', stopReason: 'stop_sequence' });
    const res = await model.generate({
      messages: [{ role: 'user', content: 'count' }],
      stop: ['three', 'END'],
    });
    expect(lastBody().stop_sequences).toEqual(['three', 'END']);
    expect(res.finishReason).toBe('stop');
  });

  test('temperature: refused with a clear bad_request before anything is sent on the default API version', async () => {
    const error = await model
      .generate({ messages: [{ role: 'user', content: 'x' }], temperature: 0.2 })
      .catch((e: unknown) => e);
    expect(isAgnoError(error, 'bad_request')).toBe(true);
    expect((error as Error).message).toMatch(/2026-10-21.*temperature.*apiVersion: '2023-06-01'/);
    expect(server.count).toBe(0);
  });

  test("temperature: sent on apiVersion '2023-06-01', with that version's header", async () => {
    const older = anthropic('claude-test-1', {
      apiKey: TEST_KEY,
      baseURL: server.url,
      apiVersion: '2023-06-01',
    });
    server.reply({ text: 'ok' });
    await older.generate({ messages: [{ role: 'user', content: 'x' }], temperature: 0.2 });
    expect(server.requests[0]!.headers['anthropic-version']).toBe('2023-06-01');
    expect(lastBody().temperature).toBe(0.2);
  });
});

describe('prompt caching', () => {
  test('cache: true marks the system prompt, the last tool and the last message block', async () => {
    const cached = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, cache: true });
    server.reply({
      text: 'ok',
      usage: {
        input_tokens: 12,
        output_tokens: 3,
        cache_read_input_tokens: 900,
        cache_creation_input_tokens: 100,
      },
    });
    const res = await cached.generate({
      messages: [
        { role: 'system', content: 'Long stable instructions.' },
        { role: 'user', content: 'question' },
      ],
      tools: [weather, time],
    });
    const body = lastBody();
    expect(body.system).toEqual([
      { type: 'text', text: 'Long stable instructions.', cache_control: { type: 'ephemeral' } },
    ]);
    expect(body.tools[0].cache_control).toBeUndefined();
    expect(body.tools[1].cache_control).toEqual({ type: 'ephemeral' });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'question', cache_control: { type: 'ephemeral' } }] },
    ]);
    expect(res.usage).toEqual({
      inputTokens: 1012,
      outputTokens: 3,
      totalTokens: 1015,
      cachedInputTokens: 900,
      cacheCreationInputTokens: 100,
    });
  });

  test('places and ttl can be chosen; without `cache` nothing is marked', async () => {
    const some = anthropic('claude-test-1', {
      apiKey: TEST_KEY,
      baseURL: server.url,
      cache: { system: true, tools: false, messages: false, ttl: '1h' },
    });
    server.reply({ text: 'a' }, { text: 'b' });
    const request: ModelRequest = {
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'q' },
      ],
      tools: [weather],
    };
    await some.generate(request);
    expect(lastBody().system).toEqual([
      { type: 'text', text: 'S', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
    expect(lastBody().tools[0].cache_control).toBeUndefined();
    expect(lastBody().messages[0].content).toBe('q');
    await model.generate(request);
    expect(JSON.stringify(lastBody())).not.toContain('cache_control');
  });
});

describe('the reply', () => {
  test('tool_use blocks become tool calls with the API ids; usage is mapped', async () => {
    server.reply({
      content: [
        { type: 'text', text: 'Checking both.' },
        { type: 'tool_use', id: 'toolu_X1', name: 'get_weather', input: { city: 'Oslo' } },
        { type: 'tool_use', id: 'toolu_X2', name: 'get_time', input: { city: 'Lima' } },
      ],
      usage: { input_tokens: 20, output_tokens: 7 },
    });
    const res = await model.generate({ messages: [{ role: 'user', content: 'x' }], tools: [weather, time] });
    expect(res.text).toBe('Checking both.');
    expect(res.toolCalls).toEqual([
      { id: 'toolu_X1', name: 'get_weather', args: { city: 'Oslo' } },
      { id: 'toolu_X2', name: 'get_time', args: { city: 'Lima' } },
    ]);
    expect(res.finishReason).toBe('tool_calls');
    expect(res.usage).toEqual({ inputTokens: 20, outputTokens: 7, totalTokens: 27 });
    expect((res.raw as { id: string }).id).toMatch(/^msg_/);
  });

  test.each([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'other'],
  ])('stop_reason %s is finish reason %s', async (stopReason, finish) => {
    server.reply({ text: 'x', stopReason });
    const res = await model.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(res.finishReason).toBe(finish);
  });
});

describe('the client', () => {
  test('is built on the first call, not at construction, and then shared by every call', async () => {
    const factory = vi.fn(() => new Anthropic({ apiKey: TEST_KEY, baseURL: server.url }));
    const lazy = new AnthropicModel({ modelId: 'claude-test-1', client: factory });
    expect(factory).not.toHaveBeenCalled();
    for (let i = 0; i < 6; i++) server.reply({ text: `r${i}` });
    const texts = await Promise.all(
      Array.from({ length: 6 }, () => lazy.generate({ messages: [{ role: 'user', content: 'x' }] })),
    );
    expect(texts.map((t) => t.text).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(lazy.client).toBe(factory.mock.results[0]!.value);
  });

  test('keeps connections alive across calls', async () => {
    const fresh = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url });
    const before = server.connections;
    for (let i = 0; i < 4; i++) {
      server.reply({ text: 'k' });
      await fresh.generate({ messages: [{ role: 'user', content: 'x' }] });
    }
    expect(server.connections - before).toBeLessThanOrEqual(1);
  });
});
