/**
 * No credential appears in anything a user can print: the model itself (`console.log`,
 * `util.inspect`, `JSON.stringify`, keys and spreads), and a failed run's error (its message,
 * JSON, inspection, every property along its `cause` chain, the `run-error` event), when the
 * server echoes the key in its error body and response headers. Keys have gateway shapes that
 * core's patterns do not recognise: only their registration with core hides them.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { Agent, type AgentEvent, AgnoError, redactSecrets } from '@agno/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type OpenAIApi, type OpenAIModel, openai } from './index.js';
import { FakeOpenAIServer } from './testing/index.js';

/** A gateway key with no known prefix (core's patterns do not match it). */
const GATEWAY_KEY = 'gw_live_5f2c9a7e1b3d4c6f8a0b';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
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
function printedModel(model: object): string {
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
  ].join('\n');
}

/** The messages, stacks and every own property (enumerable or not) of each link of `error`'s cause chain. */
function causeChain(error: unknown): { texts: string[]; links: number } {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  let links = 0;
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    links++;
    for (const key of Reflect.ownKeys(current)) {
      const value = (current as Record<PropertyKey, unknown>)[key];
      texts.push(typeof value === 'string' ? value : inspect(value, { depth: 10, showHidden: true }));
    }
    if (current instanceof Error) texts.push(current.message, current.stack ?? '', String(current));
    current = (current as { cause?: unknown }).cause;
  }
  if (current !== undefined) texts.push(String(current));
  return { texts, links };
}

/** Everything a user can print of a failed run's error. */
function printedError(error: unknown): string {
  return [
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    logged(error),
    ...causeChain(error).texts,
  ].join('\n');
}

/**
 * Fails two agent runs (`run` and `stream`) and returns their errors and the `run-error` events
 * (from a listener on the bus, and from the stream).
 */
async function failRun(model: OpenAIModel): Promise<{ errors: unknown[]; events: AgentEvent[] }> {
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

function expectHidden(secret: string, shown: string): void {
  expect(shown.length).toBeGreaterThan(0);
  expect(shown).not.toContain(secret);
}

describe('credentials are registered with core when the model is created', () => {
  it('the key, credential headers and query parameters, and a password in the base URL', () => {
    const key = 'gwk_9d8c7b6a5f4e3d2c1b0a';
    const header = 'hdr_0a1b2c3d4e5f6a7b';
    const query = 'qry_a1b2c3d4e5f6';
    const password = 'pw_7f6e5d4c3b2a';
    const inHeaders = 'hdr_headers_obj_5a6b7c';
    const model = openai('gpt-4o-mini', {
      apiKey: key,
      baseURL: `https://user:${password}@gateway.example/v1`,
      defaultHeaders: { 'x-gateway-key': header, 'openai-beta': 'assistants=v2' },
      defaultQuery: { api_key: query, 'api-version': '2024-10-21' },
      clientOptions: { defaultHeaders: new Headers({ 'x-portkey-api-key': inHeaders }) },
    });
    expect(model.connected).toBe(false);
    const text = `saw ${key}, ${header}, ${query}, ${inHeaders} and ${password}; api-version 2024-10-21, assistants=v2`;
    expect(redactSecrets(text)).toBe(
      'saw [redacted], [redacted], [redacted], [redacted] and [redacted]; api-version 2024-10-21, assistants=v2',
    );
  });

  it('the key from OPENAI_API_KEY when no option sets one', () => {
    const key = 'envk_3c2b1a0f9e8d7c6b';
    vi.stubEnv('OPENAI_API_KEY', key);
    try {
      openai('gpt-4o-mini');
      expect(redactSecrets(`key ${key}`)).toBe('key [redacted]');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('not a short placeholder key of a local server (it is no secret, and would blank words out)', () => {
    openai('llama3.2', { apiKey: 'lm-studio' });
    expect(redactSecrets('could not reach lm-studio at localhost')).toBe(
      'could not reach lm-studio at localhost',
    );
  });
});

describe('printing a model', () => {
  it('shows provider, model id and settings, never the key, headers or client', async () => {
    const header = 'hdr_5e4d3c2b1a09f8e7';
    const m = openai('gpt-4o-mini', {
      apiKey: GATEWAY_KEY,
      baseURL: server.baseURL,
      defaultHeaders: { 'x-gateway-key': header },
      clientOptions: { defaultHeaders: { 'x-other-credential': header } },
      maxRetries: 0,
    });
    const before = printedModel(m);
    server.reply({ text: 'ok' });
    await m.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(m.connected).toBe(true);
    const after = printedModel(m);
    for (const shown of [before, after]) {
      for (const secret of [GATEWAY_KEY, header]) expectHidden(secret, shown);
      expect(shown).toContain('gpt-4o-mini');
    }
    expect(JSON.parse(JSON.stringify(m))).toEqual({
      provider: 'openai',
      modelId: 'gpt-4o-mini',
      api: 'chat',
      baseURL: server.baseURL,
      maxRetries: 0,
    });
    expect(inspect(m, { breakLength: Number.POSITIVE_INFINITY })).toBe(
      `OpenAIModel { provider: 'openai', modelId: 'gpt-4o-mini', api: 'chat', baseURL: '${server.baseURL}', maxRetries: 0 }`,
    );
    expect(Object.keys(m)).toEqual(['provider', 'modelId', 'api', 'endpoint']);
  });
});

describe.each<OpenAIApi>(['chat', 'responses'])('a failed agent run shows no credential (%s)', (api) => {
  it('401 echoing a gateway key in the body and the response headers', async () => {
    const body = {
      message: `Incorrect API key provided: ${GATEWAY_KEY}.`,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    };
    const headers = { 'x-request-id': GATEWAY_KEY, 'www-authenticate': `Bearer realm="${GATEWAY_KEY}"` };
    server.respond = { status: 401, error: body, headers };
    try {
      const model = openai('gpt-4o-mini', {
        api,
        baseURL: server.baseURL,
        apiKey: GATEWAY_KEY,
        maxRetries: 0,
      });
      const { errors, events } = await failRun(model);
      // The key was really in play: sent by the client, echoed by the server.
      expect(server.lastRequest!.headers.authorization).toBe(`Bearer ${GATEWAY_KEY}`);
      expect(errors).toHaveLength(2);
      // The bus saw both runs' errors, the stream its own.
      expect(events).toHaveLength(3);
      for (const error of errors) {
        expect(error).toBeInstanceOf(AgnoError);
        expect(error).toMatchObject({ code: 'auth_error', status: 401 });
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
    } finally {
      server.respond = undefined;
    }
  });

  it('500 echoing a credential header (the key is only in a header the gateway reads)', async () => {
    const gatewayToken = 'gwt_c0ffee15deadbeef42';
    server.respond = {
      status: 500,
      error: {
        message: `upstream failed for token ${gatewayToken}`,
        type: 'server_error',
        code: gatewayToken,
      },
      headers: { 'x-request-id': gatewayToken, 'x-echo-gateway-key': gatewayToken },
    };
    try {
      const model = openai('gpt-4o-mini', {
        api,
        baseURL: server.baseURL,
        apiKey: 'unused-by-the-gateway',
        defaultHeaders: { 'x-gateway-key': gatewayToken },
        maxRetries: 0,
      });
      const { errors, events } = await failRun(model);
      expect(server.lastRequest!.headers['x-gateway-key']).toBe(gatewayToken);
      expect(events).toHaveLength(3);
      for (const error of errors) {
        expect(error).toMatchObject({ code: 'model_error', status: 500, retryable: true });
        expect((error as AgnoError).details).toMatchObject({
          requestId: '[redacted]',
          providerCode: '[redacted]',
        });
        expectHidden(gatewayToken, printedError(error));
      }
      for (const event of events) expectHidden(gatewayToken, inspect(event, { depth: 10 }));
      expectHidden(gatewayToken, printedModel(model));
    } finally {
      server.respond = undefined;
    }
  });
});
