/**
 * The edges of one call a caller or a queue relies on: `retryAfterMs` in the details, a
 * non-streamed body cut mid-way, the client's logging kept quiet, per-call signals (a long-lived
 * signal keeps no listeners, an abort during a retry wait ends the call at once), `endpoint`,
 * and `providerOptions` of another provider never reaching the wire.
 */
import { getEventListeners } from 'node:events';
import { Agent, type AgnoError } from '@agno/core';
import { describe, expect, test, vi } from 'vitest';
import { drain, failure, TEST_KEY, textOf, useFakeServer } from './fixtures/helpers.js';
import { type AnthropicModelOptions, anthropic } from './index.js';

const fake = useFakeServer();

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

function model(options: Partial<AnthropicModelOptions> = {}) {
  return anthropic('claude-test-1', {
    apiKey: TEST_KEY,
    baseURL: fake.server.url,
    maxRetries: 0,
    ...options,
  });
}

describe('retryAfterMs', () => {
  test('is in the details when the API sent retry-after or retry-after-ms, streaming or not', async () => {
    fake.server.reply(
      { status: 429, headers: { 'retry-after': '12' } },
      { status: 529, headers: { 'retry-after-ms': '250' } },
      { status: 500 },
    );
    const limited = await failure(model().generate(ask));
    expect(limited).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      details: { retryAfterMs: 12_000 },
    });
    const { error } = await drain(model().stream(ask));
    expect(error).toMatchObject({ code: 'overloaded', details: { retryAfterMs: 250 } });
    expect((await failure(model().generate(ask))).details).not.toHaveProperty('retryAfterMs');
  });

  test('is the last answer’s once the client spent its retries', async () => {
    fake.server.reply(
      { status: 429, headers: { 'retry-after-ms': '10' } },
      { status: 429, headers: { 'retry-after-ms': '30' } },
    );
    const error = await failure(model({ maxRetries: 1 }).generate(ask));
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 30 } });
    expect(fake.server.requests).toHaveLength(2);
  });
});

describe('a non-streamed body cut mid-way', () => {
  test('is a retryable stream_interrupted error that says so', async () => {
    fake.server.reply({
      text: 'a reply long enough to be cut in the middle of its JSON',
      cutBodyAfterBytes: 50,
    });
    const error = await failure(model().generate(ask));
    expect(error).toMatchObject({ code: 'stream_interrupted', retryable: true });
    expect(error.message).toContain('broke off before it was complete');
    expect(error.message).not.toMatch(/Unexpected|SyntaxError|position/);
  });
});

describe('the client’s own logging', () => {
  test('prints nothing of a broken chunk to the console by default; logLevel turns it on', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      fake.server.reply({ text: 'hello there', malformedAfterEvents: 3 });
      const { error } = await drain(model().stream(ask));
      expect(error).toMatchObject({ code: 'stream_interrupted' });
      expect(spy).not.toHaveBeenCalled();
      // Nor does the error quote it (a parse error's message would).
      expect(String(error)).not.toContain('secret');
      fake.server.reply({ text: 'hello there', malformedAfterEvents: 3 });
      await drain(model({ logLevel: 'error' }).stream(ask));
      expect(String(spy.mock.calls.flat())).toContain('secret user text');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('signals', () => {
  test('a long-lived signal shared by many calls keeps no listeners from them', async () => {
    const shutdown = new AbortController();
    const m = model();
    for (let i = 0; i < 20; i++) fake.server.reply({ text: `r${i}` });
    for (let i = 0; i < 10; i++) await m.generate({ ...ask, signal: shutdown.signal });
    for (let i = 0; i < 10; i++) {
      const { events } = await drain(m.stream({ ...ask, signal: shutdown.signal }));
      expect(textOf(events)).toBe(`r${10 + i}`);
    }
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });

  test('an abort during a retry-after wait ends the call at once, without another attempt', async () => {
    for (const call of ['generate', 'stream'] as const) {
      fake.server.reset();
      fake.server.reply({ status: 429, headers: { 'retry-after': '30' } }, { text: 'too late' });
      const controller = new AbortController();
      const m = model({ maxRetries: 2 });
      const pending =
        call === 'generate'
          ? failure(m.generate({ ...ask, signal: controller.signal }))
          : drain(m.stream({ ...ask, signal: controller.signal })).then((r) => r.error as AgnoError);
      await fake.server.waitForRequests(1);
      controller.abort();
      // Without racing the signal this would wait the full 30 s (past the test timeout).
      expect(await pending).toMatchObject({ code: 'aborted' });
      expect(fake.server.count).toBe(1);
    }
  });
});

describe('endpoint and providerOptions', () => {
  test('endpoint is the base URL without credentials; the public API’s when none is set', () => {
    vi.stubEnv('ANTHROPIC_BASE_URL', '');
    try {
      expect(anthropic('claude-test-1', { apiKey: TEST_KEY }).endpoint).toBe('https://api.anthropic.com/');
      expect(model({ baseURL: 'https://u:pw@gw.example/anthropic?token=x' }).endpoint).toBe(
        'https://gw.example/anthropic',
      );
      expect(model().endpoint).toBe(`${fake.server.url}/`);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test('an agent run’s `openai` options never reach the Messages API', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' });
    const agent = new Agent({ model: model() });
    const providerOptions = {
      openai: { seed: 7, store: false, reasoning_effort: 'high' },
      anthropic: { metadata: { user_id: 'u-9' } },
    };
    await agent.run('hi', { providerOptions });
    const stream = agent.stream('hi', { providerOptions });
    for await (const _ of stream);
    await stream.result;
    for (const { body } of fake.server.requests) {
      expect(body.metadata).toEqual({ user_id: 'u-9' });
      for (const key of ['seed', 'store', 'reasoning_effort', 'openai', 'anthropic']) {
        expect(body).not.toHaveProperty(key);
      }
    }
  });

  test('providerOptions: only the `anthropic` key is read, over the model params', async () => {
    const withParams = anthropic('claude-test-1', {
      apiKey: TEST_KEY,
      baseURL: fake.server.url,
      params: { service_tier: 'standard_only', metadata: { user_id: 'model' } },
    });
    fake.server.reply({ text: 'a' }, { text: 'b' });
    await withParams.generate({
      messages: [{ role: 'user', content: 'x' }],
      providerOptions: { anthropic: { metadata: { user_id: 'u-1' } } },
    });
    expect(fake.server.requests.at(-1)!.body.metadata).toEqual({ user_id: 'u-1' });
    expect(fake.server.requests.at(-1)!.body.service_tier).toBe('standard_only');
    await withParams.generate({
      messages: [{ role: 'user', content: 'x' }],
      providerOptions: {
        anthropic: { thinking: { type: 'adaptive' } },
        openai: { store: true, seed: 7, reasoning_effort: 'high' },
      },
    });
    expect(fake.server.requests.at(-1)!.body.thinking).toEqual({ type: 'adaptive' });
    for (const key of ['openai', 'anthropic', 'store', 'seed', 'reasoning_effort']) {
      expect(fake.server.requests.at(-1)!.body).not.toHaveProperty(key);
    }
  });
});
