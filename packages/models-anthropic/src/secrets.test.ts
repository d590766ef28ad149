/**
 * No credential appears in anything a user can print: the model itself (`console.log`,
 * `util.inspect`, `JSON.stringify`, keys and spreads, `model.options`), and a failed run's error
 * (its message, JSON, inspection, every property along its `cause` chain, the `run-error`
 * event), when the server echoes the key in its error body and response headers. Keys have
 * gateway shapes that core's patterns do not recognise: only their registration with core (or
 * the provider's own scrubbing) hides them.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { Agent, type AgentEvent, AgnoError, redactSecrets } from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { type AnthropicModel, anthropic } from './index.js';
import { FakeAnthropicServer, type FakeReply, type ReceivedRequest } from './testing/index.js';

/** A gateway key with no known prefix (core's patterns do not match it). */
const GATEWAY_KEY = 'gw_live_5f2c9a7e1b3d4c6f8a0b';

let server: FakeAnthropicServer;
beforeAll(async () => {
  server = await FakeAnthropicServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** What `console.log(...values)` prints. */
function logged(...values: unknown[]): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink }).log(...values);
  return out;
}

/** Every way a model is commonly printed or copied. */
function printedModel(model: AnthropicModel): string {
  return [
    inspect(model, { depth: 10 }),
    inspect(model, { depth: 10, showHidden: true }),
    JSON.stringify(model),
    logged(model),
    logged({ model }),
    String(model),
    JSON.stringify(Object.keys(model)),
    inspect(Object.values(model), { depth: 10 }),
    inspect({ ...model }, { depth: 10 }),
    JSON.stringify({ ...model }),
    inspect(model.options, { depth: 10 }),
    JSON.stringify(model.options),
  ].join('\n');
}

/** The messages, stacks and every own property (enumerable or not) of each link of `error`'s cause chain. */
function causeChain(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    for (const key of Reflect.ownKeys(current)) {
      const value = (current as Record<PropertyKey, unknown>)[key];
      texts.push(typeof value === 'string' ? value : inspect(value, { depth: 10, showHidden: true }));
    }
    if (current instanceof Error) texts.push(current.message, current.stack ?? '', String(current));
    current = (current as { cause?: unknown }).cause;
  }
  if (current !== undefined) texts.push(String(current));
  return texts;
}

/** Everything a user can print of a failed run's error. */
function printedError(error: unknown): string {
  return [
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    logged(error),
    ...causeChain(error),
  ].join('\n');
}

/**
 * Fails two agent runs (`run` and `stream`) and returns their errors and the `run-error` events
 * (from a listener on the bus, and from the stream).
 */
async function failRun(model: AnthropicModel): Promise<{ errors: unknown[]; events: AgentEvent[] }> {
  const agent = new Agent({ model });
  const events: AgentEvent[] = [];
  const off = agent.events.on('run-error', (event) => events.push(event));
  const errors: unknown[] = [];
  errors.push(await agent.run('hello').catch((e: unknown) => e));
  const stream = agent.stream('hello');
  for await (const event of stream) if (event.type === 'run-error') events.push(event);
  errors.push(await stream.result.catch((e: unknown) => e));
  off();
  return { errors, events };
}

/** The key a request carried (`Authorization: Bearer` or `x-api-key`). */
function sentKey(request: ReceivedRequest): unknown {
  const auth = request.headers.authorization;
  return typeof auth === 'string' ? auth.replace(/^Bearer /, '') : request.headers['x-api-key'];
}

function expectHidden(secret: string, shown: string): void {
  expect(shown.length).toBeGreaterThan(0);
  expect(shown).not.toContain(secret);
}

describe('credentials are registered with core when the model is created', () => {
  test('the key, credential headers and query parameters, and a password in the base URL', () => {
    const key = 'gwk_1a2b3c4d5e6f7a8b9c0d';
    const header = 'hdr_9f8e7d6c5b4a3f2e';
    const query = 'qry_f6e5d4c3b2a1';
    const password = 'pw_a2b3c4d5e6f7';
    const model = anthropic('claude-test-1', {
      apiKey: key,
      baseURL: `https://user:${password}@gateway.example`,
      defaultHeaders: { 'x-gateway-key': header, 'anthropic-beta': 'prompt-caching-2024-07-31' },
      clientOptions: { defaultQuery: { key: query } },
    });
    expect(model.modelId).toBe('claude-test-1');
    const text = `saw ${key}, ${header}, ${query} and ${password}; beta prompt-caching-2024-07-31`;
    expect(redactSecrets(text)).toBe(
      'saw [redacted], [redacted], [redacted] and [redacted]; beta prompt-caching-2024-07-31',
    );
  });

  test('the key and token from ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN when no option sets them', () => {
    const key = 'envk_8b7a6f5e4d3c2b1a';
    const token = 'envt_1f2e3d4c5b6a7f8e';
    vi.stubEnv('ANTHROPIC_API_KEY', key);
    vi.stubEnv('ANTHROPIC_AUTH_TOKEN', token);
    try {
      anthropic('claude-test-1');
      expect(redactSecrets(`${key} ${token}`)).toBe('[redacted] [redacted]');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('printing a model', () => {
  test('shows provider, model id and settings, never the key, headers or client', async () => {
    const header = 'hdr_2b3c4d5e6f7a8b9c';
    const m = anthropic('claude-test-1', {
      apiKey: GATEWAY_KEY,
      baseURL: server.url,
      defaultHeaders: { 'x-gateway-key': header },
      clientOptions: { defaultHeaders: { 'x-other-credential': header } },
      maxRetries: 0,
      maxTokens: 512,
    });
    const before = printedModel(m);
    server.reply({ text: 'ok' });
    await m.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(sentKey(server.requests[0]!)).toBe(GATEWAY_KEY);
    const after = printedModel(m);
    for (const shown of [before, after]) {
      for (const secret of [GATEWAY_KEY, header]) expectHidden(secret, shown);
      expect(shown).toContain('claude-test-1');
    }
    expect(JSON.parse(JSON.stringify(m))).toEqual({
      provider: 'anthropic',
      modelId: 'claude-test-1',
      baseURL: `${server.url}/`,
      maxRetries: 0,
      maxTokens: 512,
    });
    expect(inspect(m, { breakLength: Number.POSITIVE_INFINITY })).toBe(
      `AnthropicModel { provider: 'anthropic', modelId: 'claude-test-1', baseURL: '${server.url}/', maxTokens: 512, maxRetries: 0 }`,
    );
    expect(Object.keys(m)).toEqual(['provider', 'modelId', 'endpoint']);
    // The non-secret options stay readable.
    expect(m.options).toEqual({
      modelId: 'claude-test-1',
      baseURL: server.url,
      maxRetries: 0,
      maxTokens: 512,
    });
  });
});

describe('a failed agent run shows no credential', () => {
  test('401 echoing a gateway key in the body and the response headers', async () => {
    const reply: FakeReply = {
      status: 401,
      error: { type: 'authentication_error', message: `invalid x-api-key: ${GATEWAY_KEY}` },
      headers: { 'request-id': GATEWAY_KEY, 'www-authenticate': `Bearer realm="${GATEWAY_KEY}"` },
    };
    server.reply(reply, reply);
    const model = anthropic('claude-test-1', { apiKey: GATEWAY_KEY, baseURL: server.url, maxRetries: 0 });
    const { errors, events } = await failRun(model);
    // The key was really in play: sent by the client, echoed by the server.
    expect(server.requests.map(sentKey)).toEqual([GATEWAY_KEY, GATEWAY_KEY]);
    expect(errors).toHaveLength(2);
    // The bus saw both runs' errors, the stream its own.
    expect(events).toHaveLength(3);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AgnoError);
      expect(error).toMatchObject({ code: 'auth_error', status: 401, details: { requestId: '[redacted]' } });
      expect((error as AgnoError).message).toContain('[redacted]');
      expectHidden(GATEWAY_KEY, printedError(error));
    }
    for (const event of events) {
      expect(event.type).toBe('run-error');
      expectHidden(GATEWAY_KEY, inspect(event, { depth: 10 }));
      expectHidden(GATEWAY_KEY, JSON.stringify(event));
      if (event.type === 'run-error') expectHidden(GATEWAY_KEY, printedError(event.error));
    }
    expectHidden(GATEWAY_KEY, printedModel(model));
  });

  test('500 echoing a credential header (the key is only in a header the gateway reads)', async () => {
    const gatewayToken = 'gwt_5eed5eed0ddba11a';
    const reply: FakeReply = {
      status: 500,
      error: { type: 'api_error', message: `upstream failed for token ${gatewayToken}` },
      headers: { 'request-id': gatewayToken, 'x-echo-gateway-key': gatewayToken },
    };
    server.reply(reply, reply);
    const model = anthropic('claude-test-1', {
      apiKey: 'unused-by-the-gateway',
      baseURL: server.url,
      defaultHeaders: { 'x-gateway-key': gatewayToken },
      maxRetries: 0,
    });
    const { errors, events } = await failRun(model);
    expect(server.requests.map((r) => r.headers['x-gateway-key'])).toEqual([gatewayToken, gatewayToken]);
    expect(events).toHaveLength(3);
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'model_error', status: 500, retryable: true });
      expect((error as AgnoError).details).toMatchObject({ requestId: '[redacted]' });
      expectHidden(gatewayToken, printedError(error));
    }
    for (const event of events) expectHidden(gatewayToken, inspect(event, { depth: 10 }));
    expectHidden(gatewayToken, printedModel(model));
  });
});
