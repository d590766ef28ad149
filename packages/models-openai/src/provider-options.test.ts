/**
 * What reaches the wire from options: `providerOptions` keyed by provider (only this model's key
 * is read), the model's own extra fields, and `endpoint` (where the model is served, no secret).
 */
import { Agent } from '@agno/core';
import { AzureOpenAI } from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { collect, TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { type OpenAIApi, openai } from './index.js';

const fake = useFakeServer();

const BOTH = {
  openai: { seed: 7, user: 'run-level' },
  anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 }, top_k: 5, service_tier: 'standard_only' },
};

describe.each(['chat', 'responses'] as OpenAIApi[])('providerOptions (%s)', (api) => {
  it('sends its own key’s fields and never another provider’s, through an agent', async () => {
    fake.server.reply({ text: 'ok' }, { text: 'ok' });
    const agent = new Agent({
      model: openai('gpt-4o-mini', { api, baseURL: fake.server.baseURL, apiKey: TEST_KEY }),
    });
    await agent.run('hi', { providerOptions: BOTH });
    const stream = agent.stream('hi', { providerOptions: BOTH });
    for await (const _ of stream);
    await stream.result;
    for (const { body } of fake.server.requests) {
      expect(body).toMatchObject({ seed: 7, user: 'run-level' });
      for (const key of ['thinking', 'top_k', 'service_tier', 'anthropic', 'openai']) {
        expect(body).not.toHaveProperty(key);
      }
    }
  });
});

describe('providerOptions (chat)', () => {
  it('puts the run’s fields over the model’s, without losing stream settings', async () => {
    const m = openai('gpt-4o-mini', {
      baseURL: fake.server.baseURL,
      apiKey: TEST_KEY,
      providerOptions: { seed: 7, user: 'model-level' },
    });
    fake.server.reply({ text: 'ok' });
    await collect(
      m.stream({
        messages: [{ role: 'user', content: 'hi' }],
        providerOptions: {
          openai: { user: 'run-level', reasoning_effort: 'low', stream: false, model: 'x' },
        },
      }),
    );
    expect(fake.server.lastRequest!.body).toMatchObject({
      model: 'gpt-4o-mini',
      seed: 7,
      user: 'run-level',
      reasoning_effort: 'low',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('a model named after another provider reads that provider’s key only', async () => {
    const m = openai('llama3.2', { baseURL: fake.server.baseURL, apiKey: TEST_KEY, provider: 'groq' });
    fake.server.reply({ text: 'ok' });
    await m.generate({
      messages: [{ role: 'user', content: 'hi' }],
      providerOptions: { openai: { seed: 1 }, groq: { seed: 2 } },
    });
    expect(fake.server.lastRequest!.body.seed).toBe(2);
  });
});

describe('endpoint', () => {
  it('is the base URL without credentials or query; OpenAI’s when none is set', () => {
    vi.stubEnv('OPENAI_BASE_URL', '');
    try {
      expect(openai('gpt-4o-mini', { apiKey: TEST_KEY }).endpoint).toBe('https://api.openai.com/v1');
      const proxied = openai('m', { apiKey: TEST_KEY, baseURL: 'https://user:pw@gw.example/v1?key=abc' });
      expect(proxied.endpoint).toBe('https://gw.example/v1');
      expect(openai('m', { baseURL: fake.server.baseURL, apiKey: TEST_KEY }).endpoint).toBe(
        fake.server.baseURL,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('tells two Azure deployments apart, and never holds the key', () => {
    const azure = (deployment: string) =>
      openai('gpt-4o', {
        client: new AzureOpenAI({
          endpoint: 'https://acme.openai.azure.com',
          deployment,
          apiVersion: '2024-10-21',
          apiKey: TEST_KEY,
        }),
      });
    const a = azure('prod-eu');
    const b = azure('prod-us');
    expect(a.endpoint).toContain('prod-eu');
    expect(b.endpoint).toContain('prod-us');
    expect(a.endpoint).not.toBe(b.endpoint);
    expect(`${a.endpoint}${b.endpoint}`).not.toContain(TEST_KEY);
  });
});
