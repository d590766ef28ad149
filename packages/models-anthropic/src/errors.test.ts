import { AbortedError, type AgnoError, ModelError, TimeoutError } from '@agno/core';
import { httpErrorKind } from '@agno/core/utils';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { drain, failure, TEST_KEY } from './fixtures/helpers.js';
import { anthropic } from './index.js';
import { FakeAnthropicServer } from './testing/index.js';

let server: FakeAnthropicServer;

beforeAll(async () => {
  server = await FakeAnthropicServer.start({ apiKey: TEST_KEY });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

function noRetry(key = TEST_KEY) {
  return anthropic('claude-test-1', { apiKey: key, baseURL: server.url, maxRetries: 0 });
}

/** Everything a log or a trace could show of an error. */
function everything(error: AgnoError): string {
  return [
    error.message,
    error.stack,
    JSON.stringify(error),
    JSON.stringify(error.details),
    String(error.cause),
  ].join('\n');
}

describe('HTTP errors become typed errors', () => {
  test('401 with a wrong key: auth_error, clear message, and the key appears nowhere (even when echoed)', async () => {
    const wrong = 'wrong-key-Zx81Qv3Rt5';
    const error = await failure(noRetry(wrong).generate(ask));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: 'auth_error', status: 401, retryable: false });
    expect(error.message).toMatch(/authentication failed.*ANTHROPIC_API_KEY/);
    expect(everything(error)).not.toContain(wrong);

    server.reply({
      status: 401,
      error: { type: 'authentication_error', message: `invalid x-api-key: ${TEST_KEY}` },
    });
    const echoed = await failure(noRetry().generate(ask));
    expect(echoed.code).toBe('auth_error');
    expect(everything(echoed)).not.toContain(TEST_KEY);
    expect(echoed.message).toContain('[redacted]');
  });

  test('the key stays hidden in streamed calls too', async () => {
    server.reply({
      status: 403,
      error: { type: 'permission_error', message: `key ${TEST_KEY} may not use this model` },
    });
    const { error } = await drain(noRetry().stream(ask));
    expect(error).toMatchObject({ code: 'auth_error', status: 403 });
    expect(everything(error as AgnoError)).not.toContain(TEST_KEY);
  });

  test.each([
    [400, 'invalid_request_error', 'bad_request', false],
    [404, 'not_found_error', 'not_found', false],
    [413, 'request_too_large', 'bad_request', false],
    [429, 'rate_limit_error', 'rate_limited', true],
    [500, 'api_error', 'model_error', true],
    [503, 'api_error', 'overloaded', true],
    [529, 'overloaded_error', 'overloaded', true],
  ] as const)('%i %s → %s (retryable: %s)', async (status, type, code, retryable) => {
    server.reply({ status, error: { type, message: `the ${type} message` } });
    const error = await failure(noRetry().generate(ask));
    expect(error).toMatchObject({ code, status, retryable, details: { type } });
    expect(error.message).toContain(`the ${type} message`);
    expect(error.details?.requestId).toMatch(/^req_err_/);
  });

  // Core's httpErrorKind is the one classification; this provider's errors must agree with it.
  test.each([400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529])(
    "%i gives core's code and retryability",
    async (status) => {
      server.reply({ status, error: { type: 'api_error', message: `status ${status}` } });
      const error = await failure(noRetry().generate(ask));
      expect({ code: error.code, retryable: error.retryable, status: error.status }).toEqual({
        ...httpErrorKind(status),
        status,
      });
    },
  );

  test('404 names the model', async () => {
    server.reply({ status: 404, error: { type: 'not_found_error', message: 'model: claude-nope' } });
    const error = await failure(
      anthropic('claude-nope', { apiKey: TEST_KEY, baseURL: server.url }).generate(ask),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('"claude-nope"');
  });

  test('a 400 from the API carries its explanation (here: a broken request the server rejected)', async () => {
    const error = await failure(
      noRetry().generate({ ...ask, providerOptions: { anthropic: { max_tokens: 'many' } } }),
    );
    // The fake API checks requests like the real one: max_tokens must be a number.
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect(error.message).toContain('max_tokens');
  });

  test('504 timeout_error is a TimeoutError', async () => {
    server.reply({ status: 504, error: { type: 'timeout_error', message: 'upstream timed out' } });
    const error = await failure(noRetry().generate(ask));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'timeout', status: 504, retryable: true });
  });
});

describe('retries, through the client', () => {
  test('429 with retry-after: the client waits as told, then succeeds', async () => {
    server.reply(
      {
        status: 429,
        error: { type: 'rate_limit_error', message: 'slow down' },
        headers: { 'retry-after': '1' },
      },
      { text: 'finally' },
    );
    const model = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url });
    const res = await model.generate(ask);
    expect(res.text).toBe('finally');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers['x-stainless-retry-count']).toBe('1');
    // retry-after is 1 s; the client's own backoff for a first retry is at most 0.5 s.
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(900);
  });

  test('529 overloaded is retried (default maxRetries 2), then succeeds; the stream too', async () => {
    const overloaded = {
      status: 529,
      error: { type: 'overloaded_error', message: 'Overloaded' },
      headers: { 'retry-after-ms': '10' },
    };
    const model = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url });
    server.reply(overloaded, overloaded, { text: 'third time' });
    expect((await model.generate(ask)).text).toBe('third time');
    expect(server.count).toBe(3);
    server.reset();
    server.reply(overloaded, { text: 'streamed' });
    const { events, error } = await drain(model.stream(ask));
    expect(error).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(server.count).toBe(2);
  });

  test('when retries run out, the last error is typed and marked retryable', async () => {
    const busy = {
      status: 429,
      error: { type: 'rate_limit_error', message: 'busy' },
      headers: { 'retry-after-ms': '5' },
    };
    server.reply(busy, busy);
    const model = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url, maxRetries: 1 });
    const error = await failure(model.generate(ask));
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryable: true });
    expect(server.count).toBe(2);
  });

  test('400 is not retried', async () => {
    server.reply(
      { status: 400, error: { type: 'invalid_request_error', message: 'bad' } },
      { text: 'never' },
    );
    const model = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: server.url });
    await failure(model.generate(ask));
    expect(server.count).toBe(1);
  });
});

describe('timeouts, aborts and unreachable servers', () => {
  test('no reply within `timeout`: TimeoutError', async () => {
    server.reply({ text: 'late', delayMs: 3_000 });
    const model = anthropic('claude-test-1', {
      apiKey: TEST_KEY,
      baseURL: server.url,
      timeout: 150,
      maxRetries: 0,
    });
    const error = await failure(model.generate(ask));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  test('aborting while waiting for the reply: AbortedError', async () => {
    server.reply({ text: 'late', delayMs: 3_000 });
    const controller = new AbortController();
    const pending = noRetry().generate({ ...ask, signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    const error = await failure(pending);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.code).toBe('aborted');
  });

  test('nothing listening: a retryable model_error that says it could not reach the API', async () => {
    const gone = await FakeAnthropicServer.start();
    const url = gone.url;
    await gone.close();
    const model = anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: url, maxRetries: 0 });
    const error = await failure(model.generate(ask));
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect(error.message).toMatch(/could not reach the API/);
  });
});
