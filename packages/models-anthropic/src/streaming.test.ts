import { AbortedError, isAgnoError, ModelError, type ModelStreamEvent, type ToolSpec } from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { drain, TEST_KEY, textOf } from './fixtures/helpers.js';
import { type AnthropicModel, anthropic } from './index.js';
import { FakeAnthropicServer } from './testing/index.js';

let server: FakeAnthropicServer;
let model: AnthropicModel;

beforeAll(async () => {
  server = await FakeAnthropicServer.start({ apiKey: TEST_KEY });
  model = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const lookup: ToolSpec = {
  name: 'lookup',
  description: 'Looks a thing up',
  parameters: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'number' } } },
};
const ask = { messages: [{ role: 'user' as const, content: 'go' }] };

function types(events: readonly ModelStreamEvent[]): string[] {
  return events.map((e) => e.type);
}

describe('stream', () => {
  test('text arrives as deltas (pings ignored), then usage, then finish last; the request asks for a stream', async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    server.reply({ text, chunkSize: 5, pings: 3, usage: { input_tokens: 11, output_tokens: 9 } });
    const { events, error } = await drain(model.stream(ask));
    expect(error).toBeUndefined();
    expect(server.requests[0]!.body.stream).toBe(true);
    const deltas = events.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBe(Math.ceil(text.length / 5));
    expect(textOf(events)).toBe(text);
    expect(types(events).slice(-2)).toEqual(['usage', 'finish']);
    const usage = { inputTokens: 11, outputTokens: 9, totalTokens: 20 };
    expect(events.at(-2)).toEqual({ type: 'usage', usage });
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage });
  });

  test('input_json_delta fragments are assembled into each call of parallel tool_use blocks', async () => {
    server.reply({
      content: [
        { type: 'text', text: 'Two lookups.' },
        { type: 'tool_use', id: 'toolu_P1', name: 'lookup', input: { q: 'alpha beta gamma', n: 1 } },
        { type: 'tool_use', id: 'toolu_P2', name: 'lookup', input: { q: 'delta', n: 22 } },
      ],
      chunkSize: 4,
    });
    const { events, error } = await drain(model.stream({ ...ask, tools: [lookup] }));
    expect(error).toBeUndefined();
    const p1 = events.filter((e) => e.type === 'tool-call-delta' && e.id === 'toolu_P1');
    expect(p1.length).toBeGreaterThan(3);
    expect(p1.map((e) => (e as { argsText: string }).argsText).join('')).toBe(
      '{"q":"alpha beta gamma","n":1}',
    );
    const calls = events.filter((e) => e.type === 'tool-call-end').map((e) => e.toolCall);
    expect(calls).toEqual([
      { id: 'toolu_P1', name: 'lookup', args: { q: 'alpha beta gamma', n: 1 } },
      { id: 'toolu_P2', name: 'lookup', args: { q: 'delta', n: 22 } },
    ]);
    // Each call: start, its deltas, end; the text came first; finish is last.
    const seq = events
      .filter((e) => e.type !== 'tool-call-delta')
      .map((e) =>
        e.type.startsWith('tool-call')
          ? `${e.type}:${'id' in e ? e.id : e.type === 'tool-call-end' ? e.toolCall.id : ''}`
          : e.type,
      );
    expect(seq).toEqual([
      'text-delta',
      'text-delta',
      'text-delta',
      'tool-call-start:toolu_P1',
      'tool-call-end:toolu_P1',
      'tool-call-start:toolu_P2',
      'tool-call-end:toolu_P2',
      'usage',
      'finish',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls' });
  });

  test('events split across TCP writes parse the same', async () => {
    server.reply({
      content: [
        { type: 'text', text: 'héllo wörld ✓' },
        { type: 'tool_use', id: 'toolu_S', name: 'lookup', input: { q: 'ünïcode' } },
      ],
      sliceBytes: 7,
    });
    const { events, error } = await drain(model.stream({ ...ask, tools: [lookup] }));
    expect(error).toBeUndefined();
    expect(textOf(events)).toBe('héllo wörld ✓');
    expect(events.find((e) => e.type === 'tool-call-end')).toEqual({
      type: 'tool-call-end',
      toolCall: { id: 'toolu_S', name: 'lookup', args: { q: 'ünïcode' } },
    });
  });

  test('malformed tool JSON becomes invalidArgs with the raw text, never a throw', async () => {
    server.reply({
      content: [{ type: 'tool_use', id: 'toolu_bad', name: 'lookup', rawInput: '{"q": "unterminated' }],
    });
    const { events, error } = await drain(model.stream({ ...ask, tools: [lookup] }));
    expect(error).toBeUndefined();
    const end = events.find((e) => e.type === 'tool-call-end');
    expect(end).toEqual({
      type: 'tool-call-end',
      toolCall: { id: 'toolu_bad', name: 'lookup', args: undefined, invalidArgs: '{"q": "unterminated' },
    });
  });

  test('a tool with no arguments (only the empty fragment) gets {}', async () => {
    server.reply({ content: [{ type: 'tool_use', id: 'toolu_E', name: 'lookup', input: {} }] });
    const { events } = await drain(model.stream({ ...ask, tools: [lookup] }));
    expect(events.find((e) => e.type === 'tool-call-end')).toEqual({
      type: 'tool-call-end',
      toolCall: { id: 'toolu_E', name: 'lookup', args: {} },
    });
  });

  test('cache read and creation tokens come through in usage', async () => {
    server.reply({
      text: 'cached',
      usage: {
        input_tokens: 5,
        output_tokens: 2,
        cache_read_input_tokens: 4000,
        cache_creation_input_tokens: 300,
      },
    });
    const { events } = await drain(model.stream(ask));
    expect(events.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: {
        inputTokens: 4305,
        outputTokens: 2,
        totalTokens: 4307,
        cachedInputTokens: 4000,
        cacheCreationInputTokens: 300,
      },
    });
  });

  test.each([
    ['max_tokens', 'length'],
    ['refusal', 'content_filter'],
    ['stop_sequence', 'stop'],
  ])('stop_reason %s streams as finish reason %s', async (stopReason, finish) => {
    server.reply({ text: 'partial', stopReason });
    const { events } = await drain(model.stream(ask));
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: finish });
  });
});

describe('a stream that breaks', () => {
  test('a cut connection: what arrived is yielded, then a stream_interrupted ModelError', async () => {
    // message_start, ping, block start, 3 text deltas, then the socket is destroyed.
    server.reply({ text: 'abcdefghijklmnop', chunkSize: 2, cutAfterEvents: 6 });
    const { events, error } = await drain(model.stream(ask));
    expect(textOf(events)).toBe('abcdef');
    expect(types(events)).not.toContain('finish');
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: 'stream_interrupted', retryable: true });
  });

  test('a response that ends without message_stop is interrupted too', async () => {
    server.reply({ text: 'abcdefgh', chunkSize: 4, endAfterEvents: 4 });
    const { events, error } = await drain(model.stream(ask));
    expect(textOf(events)).toBe('abcd');
    expect(isAgnoError(error, 'stream_interrupted')).toBe(true);
  });

  test('an error event mid-stream: the text before it, then the typed error (overloaded, retryable)', async () => {
    server.reply({
      text: 'abcdefgh',
      chunkSize: 4,
      errorEvent: { afterEvents: 4, type: 'overloaded_error', message: 'Overloaded' },
    });
    const { events, error } = await drain(model.stream(ask));
    expect(textOf(events)).toBe('abcd');
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({
      code: 'overloaded',
      retryable: true,
      details: { type: 'overloaded_error' },
    });
    expect((error as Error).message).toContain('Overloaded');
  });

  test('aborting through the signal mid-stream ends it with an AbortedError', async () => {
    server.reply({ text: 'one two three four five six', chunkSize: 4, eventDelayMs: 30 });
    const controller = new AbortController();
    const events: ModelStreamEvent[] = [];
    let error: unknown;
    try {
      for await (const e of model.stream({ ...ask, signal: controller.signal })) {
        events.push(e);
        if (e.type === 'text-delta') controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(textOf(events)).toBe('one ');
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ code: 'aborted' });
  });

  test('a consumer that stops reading closes the HTTP response', async () => {
    server.reply({ text: 'one two three four five six seven', chunkSize: 4, eventDelayMs: 25 });
    const before = server.clientAborts;
    let first = '';
    for await (const e of model.stream(ask)) {
      if (e.type === 'text-delta') {
        first = e.text;
        break;
      }
    }
    expect(first).toBe('one ');
    await vi.waitFor(() => expect(server.clientAborts).toBe(before + 1));
  });

  test('content the API cannot take fails the stream on its first step, with nothing sent', async () => {
    const { events, error } = await drain(
      model.stream({
        messages: [{ role: 'user', content: [{ type: 'file', data: 'AAAA', mediaType: 'application/zip' }] }],
      }),
    );
    expect(events).toEqual([]);
    expect(isAgnoError(error, 'bad_request')).toBe(true);
    expect(server.count).toBe(0);
  });

  test('a signal aborted before the call: aborted, nothing sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const { error } = await drain(model.stream({ ...ask, signal: controller.signal }));
    expect(isAgnoError(error, 'aborted')).toBe(true);
    expect(server.count).toBe(0);
  });
});
