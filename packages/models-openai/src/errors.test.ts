import { getEventListeners } from 'node:events';
import type { AgnoError, ModelRequest } from '@agno/core';
import { httpErrorKind } from '@agno/core/utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { collect, collectUntilError, failure, TEST_KEY, textOf } from './fixtures/helpers.js';
import { type OpenAIApi, type OpenAIModelOptions, openai } from './index.js';
import { FakeOpenAIServer } from './testing/index.js';

let server: FakeOpenAIServer;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const HI: ModelRequest = { messages: [{ role: 'user', content: 'hi' }] };
const APIS: OpenAIApi[] = ['chat', 'responses'];

function model(options: Partial<OpenAIModelOptions> = {}) {
  return openai('gpt-4o-mini', { baseURL: server.baseURL, apiKey: TEST_KEY, maxRetries: 0, ...options });
}

/** Every text an error exposes: message, JSON, details, and its cause chain. */
function everything(error: AgnoError): string {
  let out = `${String(error)} ${JSON.stringify(error)} ${JSON.stringify(error.details ?? {})} ${error.stack ?? ''}`;
  let cause: unknown = error.cause;
  for (let i = 0; cause !== undefined && i < 5; i++) {
    out += ` ${String(cause)} ${cause instanceof Error ? (cause.stack ?? '') : ''}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}

describe.each(APIS)('HTTP errors (%s)', (api) => {
  it('401: auth_error with a clear message and the key nowhere, streaming or not', async () => {
    const body = {
      message: `Incorrect API key provided: ${TEST_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    };
    server.reply({ status: 401, error: body }, { status: 401, error: body });
    const m = model({ api });
    const errors = [
      await failure(m.generate(HI)),
      (await collectUntilError(m.stream(HI))).error as AgnoError,
    ];
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'auth_error', status: 401, retryable: false });
      expect(error.message).toContain('rejected the API key');
      expect(error.message).toContain('OPENAI_API_KEY');
      expect(everything(error)).not.toContain(TEST_KEY);
      expect(everything(error)).not.toContain('PRIVATE');
    }
    // The key did reach the server, in the header.
    expect(server.lastRequest!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('removes a key that does not look like one when the server echoes it', async () => {
    const key = 'gatewaykey42zz';
    server.reply({
      status: 403,
      error: { message: `key ${key} may not use this model`, type: 'permission_error' },
    });
    const error = await failure(model({ api, apiKey: key }).generate(HI));
    expect(error).toMatchObject({ code: 'auth_error', status: 403 });
    expect(everything(error)).not.toContain(key);
  });

  it('leaves a short placeholder key of a local server in messages (it is no secret)', async () => {
    server.reply({
      status: 404,
      error: { message: 'model "llama3" not found in ollama', type: 'not_found' },
    });
    const error = await failure(model({ api, apiKey: 'ollama' }).generate(HI));
    expect(error.message).toContain('not found in ollama');
  });

  it('400: bad_request with the server message and the offending param', async () => {
    server.reply({
      status: 400,
      error: {
        message: "Invalid type for 'temperature'",
        type: 'invalid_request_error',
        param: 'temperature',
        code: 'invalid_type',
      },
    });
    const error = await failure(model({ api }).generate(HI));
    expect(error).toMatchObject({
      code: 'bad_request',
      status: 400,
      retryable: false,
      details: { provider: 'openai', param: 'temperature', providerCode: 'invalid_type' },
    });
    expect(error.message).toContain("Invalid type for 'temperature'");
  });

  it('404: not_found naming the model', async () => {
    server.reply({
      status: 404,
      error: {
        message: 'The model `gpt-9` does not exist or you do not have access to it.',
        code: 'model_not_found',
      },
    });
    const error = await failure(
      openai('gpt-9', { api, baseURL: server.baseURL, apiKey: TEST_KEY }).generate(HI),
    );
    expect(error).toMatchObject({ code: 'not_found', status: 404, retryable: false });
    expect(error.message).toContain('"gpt-9" was not found');
  });

  it('429: rate_limited and retryable once retries are spent; a spent quota is not retryable', async () => {
    server.reply(
      {
        status: 429,
        error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
      },
      {
        status: 429,
        error: {
          message: 'You exceeded your current quota',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
    );
    expect(await failure(model({ api }).generate(HI))).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryable: true,
    });
    expect(await failure(model({ api }).generate(HI))).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryable: false,
    });
  });

  it('503: overloaded; 500: model_error; both retryable', async () => {
    server.reply(
      { status: 503, error: { message: 'The engine is currently overloaded', type: 'server_error' } },
      { status: 500, error: { message: 'The server had an error', type: 'server_error' } },
    );
    expect(await failure(model({ api }).generate(HI))).toMatchObject({
      code: 'overloaded',
      status: 503,
      retryable: true,
    });
    expect(await failure(model({ api }).generate(HI))).toMatchObject({
      code: 'model_error',
      status: 500,
      retryable: true,
    });
  });
});

describe('one code per status, the same as every provider', () => {
  // Core's httpErrorKind is the one classification; this provider's errors must agree with it.
  it.each([400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529])(
    "%i gives core's code and retryability",
    async (status) => {
      server.reply({ status, error: { message: `status ${status}`, type: 'server_error' } });
      const error = await failure(model().generate(HI));
      expect({ code: error.code, retryable: error.retryable, status: error.status }).toEqual({
        ...httpErrorKind(status),
        status,
      });
    },
  );
});

describe('retries (the client retry support)', () => {
  it('waits as long as retry-after says, then succeeds', async () => {
    server.reply(
      {
        status: 429,
        headers: { 'retry-after': '1' },
        error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' },
      },
      { text: 'made it' },
    );
    const response = await model({ maxRetries: 2 }).generate(HI);
    expect(response.text).toBe('made it');
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    expect(second!.headers['x-stainless-retry-count']).toBe('1');
    // The default first backoff is at most 0.5 s: a gap of ~1 s means retry-after was honoured.
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it('honours retry-after-ms, retries 5xx, and retries before a stream starts', async () => {
    server.reply(
      { status: 500, headers: { 'retry-after-ms': '20' }, error: { message: 'boom', type: 'server_error' } },
      { status: 503, headers: { 'retry-after-ms': '20' }, error: { message: 'busy', type: 'server_error' } },
      { text: 'streamed after retries' },
    );
    const events = await collect(model({ maxRetries: 2 }).stream(HI));
    expect(textOf(events)).toBe('streamed after retries');
    expect(server.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('gives up after maxRetries with the last error', async () => {
    const limited = { status: 429, headers: { 'retry-after-ms': '10' }, error: { message: 'slow down' } };
    server.reply(limited, limited, limited);
    const error = await failure(model({ maxRetries: 1 }).generate(HI));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry 400s', async () => {
    server.reply({ status: 400, error: { message: 'bad' } }, { text: 'never' });
    await failure(model({ maxRetries: 2 }).generate(HI));
    expect(server.requests).toHaveLength(1);
  });
});

describe('timeouts and aborts', () => {
  it('a response slower than timeoutMs is a retryable timeout (retried by the client first)', async () => {
    server.reply({ delayMs: 1000, text: 'late' }, { delayMs: 1000, text: 'late' });
    const error = await failure(model({ timeoutMs: 100, maxRetries: 1 }).generate(HI));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(server.requests).toHaveLength(2);
  });

  it('an AbortSignal that fires while waiting for the response gives aborted', async () => {
    server.reply({ delayMs: 2000, text: 'late' });
    const controller = new AbortController();
    const pending = model().generate({ ...HI, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    expect(await failure(pending)).toMatchObject({ code: 'aborted' });
  });

  it('an abort during a retry-after wait ends the call at once, without another attempt', async () => {
    server.reply(
      { status: 429, headers: { 'retry-after': '30' }, error: { message: 'wait' } },
      { text: 'too late' },
    );
    const controller = new AbortController();
    const pending = model({ maxRetries: 2 }).generate({ ...HI, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    // Without racing the signal this would wait the full 30 s (past the test timeout).
    expect(await failure(pending)).toMatchObject({ code: 'aborted' });
    expect(server.requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing; AbortSignal.timeout gives timeout', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await failure(model().generate({ ...HI, signal: controller.signal }))).toMatchObject({
      code: 'aborted',
    });
    expect(
      (await collectUntilError(model().stream({ ...HI, signal: controller.signal }))).error,
    ).toMatchObject({
      code: 'aborted',
    });
    expect(server.requests).toHaveLength(0);
    server.reply({ delayMs: 2000, text: 'late' });
    const error = await failure(model().generate({ ...HI, signal: AbortSignal.timeout(50) }));
    expect(error).toMatchObject({ code: 'timeout' });
  });

  it('a long-lived signal shared by many calls keeps no listeners from them', async () => {
    // The openai client never removes the listener it adds to a request's signal; the model
    // gives it a per-call signal instead.
    const shutdown = new AbortController().signal;
    server.respond = { text: 'ok' };
    try {
      for (const api of APIS) {
        const m = model({ api });
        for (let i = 0; i < 6; i++) {
          await m.generate({ ...HI, signal: shutdown });
          await collect(m.stream({ ...HI, signal: shutdown }));
        }
        // A consumer that stops early releases it too.
        for await (const _ of m.stream({ ...HI, signal: shutdown })) break;
      }
    } finally {
      server.respond = undefined;
    }
    expect(server.requests).toHaveLength(26);
    expect(getEventListeners(shutdown, 'abort')).toHaveLength(0);
  });

  it.each(APIS)('aborting mid-stream (%s) ends the iteration with aborted', async (api) => {
    server.reply({ text: 'abcdefghijkl', chunkSize: 2, hangAfter: api === 'chat' ? 3 : 6 });
    const controller = new AbortController();
    const texts: string[] = [];
    const { error } = await collectUntilError(
      (async function* () {
        for await (const e of model({ api }).stream({ ...HI, signal: controller.signal })) {
          if (e.type === 'text-delta') texts.push(e.text);
          if (texts.length === 2) controller.abort();
          yield e;
        }
      })(),
    );
    expect(texts).toEqual(['ab', 'cd']);
    expect(error).toMatchObject({ code: 'aborted' });
  });
});

describe.each(APIS)('broken streams (%s)', (api) => {
  it('a connection cut mid-stream yields the deltas that came, then stream_interrupted', async () => {
    const skip = api === 'chat' ? 1 : 4; // events before the first text delta
    server.reply({ text: 'The quick brown fox', chunkSize: 4, cutAfter: skip + 3 });
    const { events, error } = await collectUntilError(model({ api }).stream(HI));
    expect(textOf(events)).toBe('The quick br');
    expect(events.some((e) => e.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ code: 'stream_interrupted', retryable: true });
    expect((error as Error).message).toContain('before the model finished');
  });

  it('a stream cut inside a tool call gives no tool-call-end for it', async () => {
    server.reply({
      toolCalls: [{ id: 'call_z', name: 'get_weather', arguments: { city: 'Lima', unit: 'c' } }],
      chunkSize: 3,
      cutAfter: api === 'chat' ? 4 : 5,
    });
    const { events, error } = await collectUntilError(model({ api }).stream(HI));
    expect(events[0]).toEqual({ type: 'tool-call-start', id: 'call_z', name: 'get_weather' });
    expect(events.some((e) => e.type === 'tool-call-end')).toBe(false);
    expect(error).toMatchObject({ code: 'stream_interrupted' });
  });
});

describe('other failures', () => {
  it('an error payload inside a Chat stream is a model_error with its message', async () => {
    server.reply({
      text: 'partial answer',
      chunkSize: 7,
      streamError: { after: 3, message: 'upstream failed', code: 'server_error' },
    });
    const { events, error } = await collectUntilError(model().stream(HI));
    expect(textOf(events)).toBe('partial answer');
    expect(error).toMatchObject({ code: 'model_error', message: expect.stringContaining('upstream failed') });
  });

  it('a Chat stream that ends without a finish reason is interrupted', async () => {
    server.reply({ text: 'abcdef', chunkSize: 2, endAfter: 3 });
    const { events, error } = await collectUntilError(model().stream(HI));
    expect(textOf(events)).toBe('abcd');
    expect(error).toMatchObject({ code: 'stream_interrupted' });
  });

  it('an unreachable server is a retryable model_error', async () => {
    const closed = await FakeOpenAIServer.start();
    const url = closed.baseURL;
    await closed.close();
    const error = await failure(openai('m', { baseURL: url, apiKey: TEST_KEY, maxRetries: 0 }).generate(HI));
    expect(error).toMatchObject({
      code: 'model_error',
      retryable: true,
      message: expect.stringContaining('could not reach'),
    });
  });

  it('no API key anywhere is a config_error on first use, not at construction', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    try {
      const m = openai('gpt-4o-mini', { baseURL: server.baseURL });
      const error = await failure(m.generate(HI));
      expect(error).toMatchObject({ code: 'config_error', message: expect.stringContaining('apiKey') });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
