/**
 * HTTP errors, network failures and cut responses as typed errors, and the package's bounded
 * retries honouring the wait the server asked for (`retry-after`, or the body's `RetryInfo`).
 */
import { httpErrorKind } from '@agno/core/utils';
import { describe, expect, test } from 'vitest';
import { drain, failure, modelOn, TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { google } from './index.js';

const fake = useFakeServer();
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

const retryInfo = (delay: string) => ({
  '@type': 'type.googleapis.com/google.rpc.RetryInfo',
  retryDelay: delay,
});

describe('HTTP statuses map to the codes every provider uses', () => {
  // Core's httpErrorKind is the one classification; this provider's errors must agree with it.
  test.each([400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529])(
    "%i → core's code and retryability, generate and stream",
    async (status) => {
      const { code, retryable } = httpErrorKind(status);
      const { server } = fake;
      server.reply(
        { status, error: { message: `status ${status} says hello` } },
        { status, error: { message: 'again' } },
      );
      const model = modelOn(server);
      const error = await failure(model.generate(ask));
      expect(error).toMatchObject({ code, status, retryable });
      expect(error.message).toContain(`status ${status} says hello`);
      const { error: streamed } = await drain(model.stream(ask));
      expect(streamed).toMatchObject({ code, status, retryable });
    },
  );

  test('an invalid key (the API answers 400 API_KEY_INVALID) is an auth_error without the key', async () => {
    const bad = 'wrong-key-that-is-long-enough-123';
    const error = await failure(
      google('gemini-2.5-flash', { apiKey: bad, baseURL: fake.server.url, maxRetries: 0 }).generate(ask),
    );
    expect(error).toMatchObject({ code: 'auth_error', status: 400, details: { reason: 'API_KEY_INVALID' } });
    expect(error.message).toMatch(/API key not valid/);
    expect(JSON.stringify(error)).not.toContain(bad);
  });

  test('an unknown model path is not_found, naming the model', async () => {
    const error = await failure(
      google('gemini-2.5-flash', {
        apiKey: TEST_KEY,
        baseURL: `${fake.server.url}/nowhere`,
        maxRetries: 0,
      }).generate(ask),
    );
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.message).toContain('gemini-2.5-flash');
  });

  test('a daily quota is rate_limited but not retryable; RetryInfo gives retryAfterMs', async () => {
    const { server } = fake;
    server.reply(
      {
        status: 429,
        error: {
          message: 'You exceeded your current quota.',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }],
            },
            retryInfo('13s'),
          ],
        },
      },
      { status: 429, error: { message: 'slow down', details: [retryInfo('0.25s')] } },
    );
    const model = modelOn(server);
    expect(await failure(model.generate(ask))).toMatchObject({
      code: 'rate_limited',
      retryable: false,
      details: { retryAfterMs: 13_000 },
    });
    expect(await failure(model.generate(ask))).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      details: { retryAfterMs: 250 },
    });
  });
});

describe('retries', () => {
  test('a 503 then an answer: the call succeeds after one retry', async () => {
    const { server } = fake;
    server.reply({ status: 503, error: { message: 'The model is overloaded.' } }, { text: 'ok' });
    const res = await modelOn(server, 'gemini-2.5-flash', { maxRetries: 2 }).generate(ask);
    expect(res.text).toBe('ok');
    expect(server.count).toBe(2);
  });

  test('the retry waits what retry-after asks, and a stream retries its opening the same way', async () => {
    const { server } = fake;
    server.reply({ status: 429, headers: { 'retry-after': '1' } }, { text: 'ok' });
    const model = modelOn(server, 'gemini-2.5-flash', { maxRetries: 1 });
    expect((await model.generate(ask)).text).toBe('ok');
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);

    server.reset();
    server.reply(
      { status: 429, error: { message: 'wait', details: [retryInfo('0.3s')] } },
      { text: 'streamed' },
    );
    const { events, error } = await drain(model.stream(ask));
    expect(error).toBeUndefined();
    expect(
      events
        .filter((e) => e.type === 'text-delta')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('streamed');
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(280);
  });

  test('a wait longer than maxRetryDelayMs is not waited: the error comes back at once', async () => {
    const { server } = fake;
    server.reply({ status: 429, headers: { 'retry-after': '120' } }, { text: 'never' });
    const started = Date.now();
    const error = await failure(
      modelOn(server, 'gemini-2.5-flash', { maxRetries: 3, maxRetryDelayMs: 5_000 }).generate(ask),
    );
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 120_000 } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.count).toBe(1);
  });

  test('an abort during the wait ends the call at once', async () => {
    const { server } = fake;
    server.reply({ status: 503, headers: { 'retry-after': '30' } }, { text: 'never' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(
      modelOn(server, 'gemini-2.5-flash', { maxRetries: 2 }).generate({ ...ask, signal: controller.signal }),
    );
    expect(error.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('a 400 is never retried', async () => {
    const { server } = fake;
    server.reply({ status: 400, error: { message: 'bad' } }, { text: 'never' });
    await failure(modelOn(server, 'gemini-2.5-flash', { maxRetries: 3 }).generate(ask));
    expect(server.count).toBe(1);
  });
});

describe('connections and broken bodies', () => {
  test('nothing listening: a retryable model_error saying the API could not be reached', async () => {
    const error = await failure(
      google('gemini-2.5-flash', { apiKey: TEST_KEY, baseURL: 'http://127.0.0.1:9', maxRetries: 0 }).generate(
        ask,
      ),
    );
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect(error.message).toMatch(/could not reach the API/);
  });

  test('a JSON body cut mid-way is stream_interrupted, retryable', async () => {
    fake.server.reply({ text: 'a long enough answer to cut', cutBodyAfterBytes: 30 });
    expect(await failure(modelOn(fake.server).generate(ask))).toMatchObject({
      code: 'stream_interrupted',
      retryable: true,
    });
  });

  test('the timeout option ends a slow attempt with a timeout error', async () => {
    fake.server.reply({ text: 'late', delayMs: 2_000 });
    const error = await failure(modelOn(fake.server, 'gemini-2.5-flash', { timeout: 100 }).generate(ask));
    expect(error.code).toBe('timeout');
  });
});
