/**
 * No credential appears in anything a user can print: the model itself (`util.inspect`,
 * `JSON.stringify`, keys, spreads, `model.options`) and a failed run's error (message, JSON,
 * inspection, cause chain, the `run-error` event), when the server echoes the key in its error
 * body. The key has a gateway shape core's patterns do not know: only its registration with core
 * (or the package's own scrubbing) hides it.
 */
import { inspect } from 'node:util';
import { Agent, type AgentEvent, redactSecrets } from '@agno/core';
import { describe, expect, test, vi } from 'vitest';
import { type GoogleModel, google } from './index.js';
import { FakeGoogleServer } from './testing/index.js';

const GATEWAY_KEY = 'gw_live_5f2c9a7e1b3d4c6f8a0b';

/** Every common way of printing or copying `value`, and each link of its cause chain. */
function printed(value: unknown): string {
  const out: string[] = [];
  let current: unknown = value;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    out.push(inspect(current, { depth: 10, showHidden: true }), String(current));
    try {
      out.push(JSON.stringify(current) ?? '');
    } catch {}
    if (typeof current === 'object') {
      for (const key of Reflect.ownKeys(current))
        out.push(inspect((current as Record<PropertyKey, unknown>)[key], { depth: 10 }));
    }
    current = (current as { cause?: unknown }).cause;
  }
  return out.join('\n');
}

function printedModel(model: GoogleModel): string {
  return [
    printed(model),
    inspect({ ...model }),
    JSON.stringify(Object.keys(model)),
    printed(model.options),
  ].join('\n');
}

describe('credentials', () => {
  test('the key, credential headers and a password in the base URL are registered with core', () => {
    const key = 'gk_1a2b3c4d5e6f7a8b9c0d';
    const header = 'hdr_9f8e7d6c5b4a3f2e';
    const password = 'pw_a2b3c4d5e6f7';
    google('gemini-2.5-flash', {
      apiKey: key,
      baseURL: `https://user:${password}@gateway.example`,
      headers: { 'x-gateway-key': header },
    });
    expect(redactSecrets(`saw ${key}, ${header} and ${password}`)).toBe(
      'saw [redacted], [redacted] and [redacted]',
    );
  });

  test('GOOGLE_API_KEY and GEMINI_API_KEY when no option sets the key', () => {
    vi.stubEnv('GOOGLE_API_KEY', 'envg_8b7a6f5e4d3c2b1a');
    vi.stubEnv('GEMINI_API_KEY', 'envm_1f2e3d4c5b6a7f8e');
    try {
      google('gemini-2.5-flash');
      expect(redactSecrets('envg_8b7a6f5e4d3c2b1a envm_1f2e3d4c5b6a7f8e')).toBe('[redacted] [redacted]');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test('a model prints its settings, never its key, headers or client', async () => {
    const server = await FakeGoogleServer.start({ apiKey: GATEWAY_KEY });
    try {
      const model = google('gemini-2.5-flash', {
        apiKey: GATEWAY_KEY,
        baseURL: server.url,
        headers: { 'x-gateway-key': 'hdr_2b3c4d5e6f7a8b9c' },
        maxRetries: 0,
        maxTokens: 512,
      });
      const before = printedModel(model);
      server.reply({ text: 'ok' });
      await model.generate({ messages: [{ role: 'user', content: 'x' }] });
      expect(server.requests[0]!.headers['x-goog-api-key']).toBe(GATEWAY_KEY);
      for (const shown of [before, printedModel(model)]) {
        expect(shown).toContain('gemini-2.5-flash');
        expect(shown).not.toContain(GATEWAY_KEY);
        expect(shown).not.toContain('hdr_2b3c4d5e6f7a8b9c');
      }
      expect(inspect(model, { breakLength: Number.POSITIVE_INFINITY })).toBe(
        `GoogleModel { provider: 'google', modelId: 'gemini-2.5-flash', api: 'gemini', baseURL: '${server.url}/', maxTokens: 512, maxRetries: 0 }`,
      );
      expect(Object.keys(model)).toEqual(['provider', 'modelId', 'endpoint']);
      expect(model.endpoint).toBe(`${server.url}/`);
      expect(model.options).toEqual({
        modelId: 'gemini-2.5-flash',
        baseURL: server.url,
        maxRetries: 0,
        maxTokens: 512,
      });
    } finally {
      await server.close();
    }
  });

  test('a failed run whose error body echoes the key shows it nowhere', async () => {
    const server = await FakeGoogleServer.start();
    try {
      const reply = {
        status: 401,
        error: { message: `Request had invalid authentication credentials: ${GATEWAY_KEY}` },
      };
      server.reply(reply, reply);
      const agent = new Agent({
        model: google('gemini-2.5-flash', { apiKey: GATEWAY_KEY, baseURL: server.url, maxRetries: 0 }),
      });
      const events: AgentEvent[] = [];
      agent.events.on('run-error', (e) => events.push(e));
      const errors = [await agent.run('hello').catch((e: unknown) => e)];
      const stream = agent.stream('hello');
      for await (const _ of stream) {
      }
      errors.push(await stream.result.catch((e: unknown) => e));
      expect(server.requests.map((r) => r.headers['x-goog-api-key'])).toEqual([GATEWAY_KEY, GATEWAY_KEY]);
      expect(events).toHaveLength(2);
      for (const error of errors) {
        expect(error).toMatchObject({ code: 'auth_error', status: 401 });
        expect((error as Error).message).toContain('[redacted]');
        expect(printed(error)).not.toContain(GATEWAY_KEY);
      }
      for (const event of events) expect(printed(event)).not.toContain(GATEWAY_KEY);
    } finally {
      await server.close();
    }
  });
});
