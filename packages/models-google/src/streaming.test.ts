/**
 * `model.stream` and `model.generate` on the wire format: text, thoughts and calls as core
 * events, usage, finish reasons, filtered and blocked replies as typed errors, and streams that
 * break in every way the network allows.
 */
import { ModelError, type ModelStreamEvent } from '@agno/core';
import { describe, expect, test } from 'vitest';
import { drain, failure, modelOn, textOf, useFakeServer } from './fixtures/helpers.js';
import { ContentFilteredError, RecitationError } from './index.js';

const fake = useFakeServer();
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const finishOf = (events: ModelStreamEvent[]) =>
  events.at(-1) as Extract<ModelStreamEvent, { type: 'finish' }>;

describe('events', () => {
  test('text arrives in pieces; thoughts as reasoning-delta; usage then finish last', async () => {
    fake.server.reply({
      parts: [{ text: 'Let me think about greetings.', thought: true }, { text: 'Hello there, friend!' }],
      chunkSize: 5,
      usage: {
        promptTokenCount: 7,
        candidatesTokenCount: 5,
        thoughtsTokenCount: 12,
        cachedContentTokenCount: 4,
      },
    });
    const { events, error } = await drain(modelOn(fake.server).stream(ask));
    expect(error).toBeUndefined();
    expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(3);
    expect(textOf(events)).toBe('Hello there, friend!');
    expect(events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('')).toBe(
      'Let me think about greetings.',
    );
    const usage = {
      inputTokens: 7,
      outputTokens: 17,
      totalTokens: 24,
      cachedInputTokens: 4,
      reasoningTokens: 12,
    };
    expect(events.at(-2)).toEqual({ type: 'usage', usage });
    expect(finishOf(events)).toEqual({ type: 'finish', finishReason: 'stop', usage });
    expect(fake.server.lastRequest!.query.alt).toBe('sse');
  });

  test('function calls: start and end per call, ids distinct, finish tool_calls', async () => {
    fake.server.reply({
      parts: [
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
        { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
      ],
    });
    const { events } = await drain(modelOn(fake.server).stream(ask));
    const types = events.map((e) => e.type);
    expect(types).toEqual([
      'tool-call-start',
      'tool-call-end',
      'tool-call-start',
      'tool-call-end',
      'usage',
      'finish',
    ]);
    const calls = events.flatMap((e) => (e.type === 'tool-call-end' ? [e.toolCall] : []));
    expect(calls.map((c) => c.args)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    expect(finishOf(events).finishReason).toBe('tool_calls');
  });

  test('stream and generate give the same ids and providerData for the same reply', async () => {
    const reply = {
      responseId: 'resp-fixed',
      parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'sig-1' }],
    };
    fake.server.reply(reply, reply);
    const model = modelOn(fake.server);
    const whole = await model.generate(ask);
    const { events } = await drain(model.stream(ask));
    const streamed = events.flatMap((e) => (e.type === 'tool-call-end' ? [e.toolCall] : []));
    expect(streamed).toEqual(whole.toolCalls);
    expect(finishOf(events).providerData).toEqual(whole.providerData);
    expect(whole.providerData).toEqual({
      google: { callSignatures: { [whole.toolCalls![0]!.id]: 'sig-1' } },
    });
  });

  test('events split across TCP writes parse the same', async () => {
    fake.server.reply({ text: 'Sliced into tiny byte pieces.', chunkSize: 3, sliceBytes: 7 });
    const { events, error } = await drain(modelOn(fake.server).stream(ask));
    expect(error).toBeUndefined();
    expect(textOf(events)).toBe('Sliced into tiny byte pieces.');
  });

  test('a consumer that stops early cuts the response', async () => {
    fake.server.reply({ text: 'x'.repeat(400), chunkSize: 4, eventDelayMs: 5 });
    let seen = 0;
    for await (const e of modelOn(fake.server).stream(ask))
      if (e.type === 'text-delta' && ++seen === 3) break;
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.server.clientAborts).toBe(1);
  });
});

describe('finish reasons', () => {
  test.each([
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['OTHER', 'other'],
  ])('%s with text → %s, streaming and not', async (reason, expected) => {
    fake.server.reply(
      { text: 'Partial answer', finishReason: reason },
      { text: 'Partial answer', finishReason: reason },
    );
    const model = modelOn(fake.server);
    const res = await model.generate(ask);
    expect(res).toMatchObject({ text: 'Partial answer', finishReason: expected });
    const { events } = await drain(model.stream(ask));
    expect(finishOf(events).finishReason).toBe(expected);
  });

  test.each([
    ['SAFETY', 'ContentFilteredError', 'content_filtered', ContentFilteredError],
    ['PROHIBITED_CONTENT', 'ContentFilteredError', 'content_filtered', ContentFilteredError],
    ['BLOCKLIST', 'ContentFilteredError', 'content_filtered', ContentFilteredError],
    ['SPII', 'ContentFilteredError', 'content_filtered', ContentFilteredError],
    ['RECITATION', 'RecitationError', 'recitation', RecitationError],
  ])('%s with no output is a %s (%s)', async (reason, _name, code, type) => {
    fake.server.reply({ finishReason: reason }, { finishReason: reason });
    const model = modelOn(fake.server);
    const error = await failure(model.generate(ask));
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code, retryable: false, reason });
    const { error: streamed } = await drain(model.stream(ask));
    expect(streamed).toBeInstanceOf(type);
  });

  test('a blocked prompt (promptFeedback.blockReason) is content_filtered on the prompt', async () => {
    fake.server.reply({ blockReason: 'PROHIBITED_CONTENT' }, { blockReason: 'SAFETY' });
    const model = modelOn(fake.server);
    const error = await failure(model.generate(ask));
    expect(error).toMatchObject({ code: 'content_filtered', reason: 'PROHIBITED_CONTENT', part: 'prompt' });
    expect(error.message).toMatch(/prompt was blocked/);
    const { events, error: streamed } = await drain(model.stream(ask));
    expect(events).toEqual([]);
    expect(streamed).toMatchObject({ code: 'content_filtered', reason: 'SAFETY', part: 'prompt' });
  });

  test('a malformed function call with nothing else is a retryable model_error', async () => {
    fake.server.reply({ finishReason: 'MALFORMED_FUNCTION_CALL' });
    expect(await failure(modelOn(fake.server).generate(ask))).toMatchObject({
      code: 'model_error',
      retryable: true,
    });
  });
});

describe('broken streams', () => {
  test('a cut connection: the text that arrived, then stream_interrupted', async () => {
    fake.server.reply({ text: 'Hello there, friend!', chunkSize: 4, cutAfterChunks: 2 });
    const { events, error } = await drain(modelOn(fake.server).stream(ask));
    expect(textOf(events)).toBe('Hello th');
    expect(error).toMatchObject({ code: 'stream_interrupted', retryable: true });
  });

  test('a clean end without a finish reason is stream_interrupted too', async () => {
    fake.server.reply({ text: 'Hello there, friend!', chunkSize: 4, endAfterChunks: 2 });
    const { events, error } = await drain(modelOn(fake.server).stream(ask));
    expect(textOf(events)).toBe('Hello th');
    expect(error).toMatchObject({ code: 'stream_interrupted' });
  });

  test('a chunk that is not JSON: stream_interrupted, without quoting the chunk', async () => {
    fake.server.reply({ text: 'Hello there, friend!', chunkSize: 4, malformedAfterChunks: 1 });
    const { error } = await drain(modelOn(fake.server).stream(ask));
    expect(error).toMatchObject({ code: 'stream_interrupted' });
    expect(String((error as Error).message)).not.toContain('secret user text');
  });

  test('an error payload mid-stream is typed by its code', async () => {
    fake.server.reply({
      text: 'Hello there, friend!',
      chunkSize: 4,
      errorChunk: { afterChunks: 2, code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' },
    });
    const { events, error } = await drain(modelOn(fake.server).stream(ask));
    expect(textOf(events)).toBe('Hello th');
    expect(error).toMatchObject({ code: 'overloaded', status: 503 });
    expect((error as Error).message).toContain('The model is overloaded.');
  });

  test('an abort mid-stream ends it with aborted', async () => {
    fake.server.reply({ text: 'x'.repeat(200), chunkSize: 4, eventDelayMs: 10 });
    const controller = new AbortController();
    let seen = 0;
    const error = await (async () => {
      for await (const e of modelOn(fake.server).stream({ ...ask, signal: controller.signal }))
        if (e.type === 'text-delta' && ++seen === 2) controller.abort();
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted' });
  });
});
