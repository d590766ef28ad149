/**
 * Provider errors a caller or a queue acts on: errors sent inside a stream classified by their
 * type when they have no code, `retryAfterMs` from the server's headers, a non-streamed body cut
 * mid-way, messages that read as sentences, and the client's own logging kept quiet.
 */
import type { AgnoError, ModelRequest } from '@agno/core';
import { describe, expect, it, vi } from 'vitest';
import { collectUntilError, failure, TEST_KEY, textOf, useFakeServer } from './fixtures/helpers.js';
import { type OpenAIApi, type OpenAIModelOptions, openai } from './index.js';

const fake = useFakeServer();

const HI: ModelRequest = { messages: [{ role: 'user', content: 'hi' }] };
const APIS: OpenAIApi[] = ['chat', 'responses'];

function model(options: Partial<OpenAIModelOptions> = {}) {
  return openai('gpt-4o-mini', { baseURL: fake.server.baseURL, apiKey: TEST_KEY, maxRetries: 0, ...options });
}

describe('an error event inside a Chat stream', () => {
  it('with code null and type server_error is retryable like an HTTP 500, and names the type', async () => {
    fake.server.reply(
      {
        text: 'partial',
        chunkSize: 7,
        streamError: { after: 2, message: 'The server had an error', code: null },
      },
      { status: 500, error: { message: 'The server had an error', type: 'server_error' } },
    );
    const { events, error } = await collectUntilError(model().stream(HI));
    expect(textOf(events)).toBe('partial');
    const http = (await collectUntilError(model().stream(HI))).error as AgnoError;
    expect(http).toMatchObject({ code: 'model_error', retryable: true });
    expect(error).toMatchObject({
      code: 'model_error',
      retryable: true,
      details: { providerType: 'server_error' },
    });
    expect((error as Error).message).toContain('(server_error)');
    expect((error as Error).message).toContain('The server had an error');
  });

  it('with a rate-limit code is rate_limited; with an unknown type it is not retryable', async () => {
    fake.server.reply(
      { text: 'ab', streamError: { after: 1, message: 'slow', code: 'rate_limit_exceeded', type: 'tokens' } },
      { text: 'ab', streamError: { after: 1, message: 'no', code: null, type: 'invalid_request_error' } },
    );
    const limited = (await collectUntilError(model().stream(HI))).error;
    expect(limited).toMatchObject({ code: 'rate_limited', retryable: true });
    expect((limited as Error).message).toContain('(rate_limit_exceeded, tokens)');
    const refused = (await collectUntilError(model().stream(HI))).error;
    expect(refused).toMatchObject({ code: 'model_error', retryable: false });
  });
});

describe.each(APIS)('retryAfterMs (%s)', (api) => {
  it('is in the details when the server sent retry-after or retry-after-ms, streaming or not', async () => {
    fake.server.reply(
      { status: 429, headers: { 'retry-after': '7' }, error: { message: 'slow down', type: 'requests' } },
      { status: 503, headers: { 'retry-after-ms': '1500' }, error: { message: 'busy' } },
      { status: 500, error: { message: 'boom' } },
    );
    const m = model({ api });
    const limited = await failure(m.generate(HI));
    expect(limited).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 7000 } });
    const busy = (await collectUntilError(m.stream(HI))).error as AgnoError;
    expect(busy).toMatchObject({ code: 'overloaded', details: { retryAfterMs: 1500 } });
    const plain = await failure(m.generate(HI));
    expect(plain.details).not.toHaveProperty('retryAfterMs');
  });

  it('is the last answer’s once the client spent its retries', async () => {
    fake.server.reply(
      { status: 429, headers: { 'retry-after-ms': '10' }, error: { message: 'slow' } },
      { status: 429, headers: { 'retry-after-ms': '20' }, error: { message: 'slow' } },
    );
    const error = await failure(model({ api, maxRetries: 1 }).generate(HI));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, details: { retryAfterMs: 20 } });
    expect(fake.server.requests).toHaveLength(2);
  });

  it('reads an HTTP date as the time left until it', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    fake.server.reply({ status: 429, headers: { 'retry-after': at }, error: { message: 'later' } });
    const wait = (await failure(model({ api }).generate(HI))).details?.retryAfterMs as number;
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });
});

describe.each(APIS)('a non-streamed body cut mid-way (%s)', (api) => {
  it('is a retryable stream_interrupted error that says so, not a parse error', async () => {
    fake.server.reply({
      text: 'a reply long enough to be cut in the middle of its JSON',
      cutBodyAfterBytes: 60,
    });
    const error = await failure(model({ api }).generate(HI));
    expect(error).toMatchObject({ code: 'stream_interrupted', retryable: true });
    expect(error.message).toContain('broke off before it was complete');
    expect(error.message).not.toMatch(/Unexpected|SyntaxError|position/);
  });
});

describe('messages', () => {
  it('end with one full stop where the package adds advice (401, 404)', async () => {
    fake.server.reply(
      { status: 401, error: { message: 'Incorrect API key provided.', code: 'invalid_api_key' } },
      { status: 404, error: { message: 'The model `gpt-9` does not exist.', code: 'model_not_found' } },
      { status: 401, error: { message: 'no key' } },
    );
    const auth = await failure(model().generate(HI));
    const missing = await failure(model({ modelId: 'gpt-9' }).generate(HI));
    const bare = await failure(model().generate(HI));
    for (const error of [auth, missing, bare]) expect(error.message).not.toContain('..');
    expect(auth.message).toContain('Incorrect API key provided. Check the apiKey option');
    expect(missing.message).toContain('does not exist. Check the model id');
    expect(bare.message).toContain('no key. Check the apiKey option');
  });
});

describe.each(APIS)('the client’s own logging (%s)', (api) => {
  it('prints nothing of a broken chunk to the console by default; logLevel turns it on', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      fake.server.reply({ text: 'hello there', chunkSize: 2, malformedAfter: api === 'chat' ? 2 : 5 });
      const { error } = await collectUntilError(model({ api }).stream(HI));
      expect(error).toMatchObject({ code: 'stream_interrupted' });
      expect(spy).not.toHaveBeenCalled();
      // Nor does the error quote it (a parse error's message would).
      expect(String(error)).not.toContain('secret');
      fake.server.reply({ text: 'hello there', chunkSize: 2, malformedAfter: api === 'chat' ? 2 : 5 });
      await collectUntilError(model({ api, logLevel: 'error' }).stream(HI));
      expect(String(spy.mock.calls.flat())).toContain('secret user text');
    } finally {
      spy.mockRestore();
    }
  });
});
