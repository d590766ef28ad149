/**
 * Every preset against the local wire-format server: where it sends requests, which key it
 * sends (never `OPENAI_API_KEY`), what a missing key says, and how options override it.
 */
import { inspect } from 'node:util';
import { Agent, ConfigError } from '@agno/core';
import type { OpenAIModel } from '@agno/models-openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useServer } from './fixtures/server.js';
import {
  type CompatibleModelOptions,
  DEEPSEEK,
  deepseek,
  GROQ,
  groq,
  LM_STUDIO,
  lmStudio,
  OPENROUTER,
  openrouter,
  type ServicePreset,
  TOGETHER,
  together,
  VLLM,
  vllm,
} from './index.js';

const fake = useServer();
beforeEach(() => {
  vi.stubEnv('OPENAI_API_KEY', 'sk-openai-must-never-leave-4c1d');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

type Factory = (id: string, options?: CompatibleModelOptions) => OpenAIModel;
const cloud: Array<[Factory, ServicePreset]> = [
  [groq, GROQ],
  [openrouter, OPENROUTER],
  [deepseek, DEEPSEEK],
  [together, TOGETHER],
];
const local: Array<[Factory, ServicePreset]> = [
  [vllm, VLLM],
  [lmStudio, LM_STUDIO],
];

describe.each(cloud.map(([factory, preset]) => ({ name: preset.provider, factory, preset })))(
  '$name (hosted)',
  ({ factory, preset }) => {
    it('talks to the service as its provider, with the key from its own variable', () => {
      vi.stubEnv(preset.apiKeyEnv!, 'svc-key-from-env-91b2');
      const model = factory('some-model');
      expect(model.provider).toBe(preset.provider);
      expect(model.modelId).toBe('some-model');
      expect(model.endpoint).toBe(preset.baseURL);
      expect(model.client.baseURL).toBe(preset.baseURL);
      expect(model.client.apiKey).toBe('svc-key-from-env-91b2');
    });

    it('never sends OPENAI_API_KEY: without its own key, the first call is a config error naming the variable', async () => {
      vi.stubEnv(preset.apiKeyEnv!, '');
      const model = factory('some-model', { baseURL: fake.server.baseURL });
      const error = await model.generate({ messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toContain(preset.apiKeyEnv);
      expect(fake.server.requests).toHaveLength(0);
      expect(`${error.message} ${inspect(error)}`).not.toContain('sk-openai-must-never-leave');
    });

    it('sends the key, max tokens and its own provider options; a run’s options under its name win', async () => {
      vi.stubEnv(preset.apiKeyEnv!, 'svc-key-from-env-91b2');
      const model = factory('some-model', {
        baseURL: fake.server.baseURL,
        providerOptions: { seed: 1, top_k: 5 },
      });
      fake.server.reply({ text: 'hi' });
      const result = await new Agent({ model }).run('hello', {
        maxTokens: 64,
        providerOptions: { [preset.provider]: { seed: 2 }, openai: { store: true } },
      });
      expect(result.text).toBe('hi');
      const request = fake.server.lastRequest!;
      expect(request.headers.authorization).toBe('Bearer svc-key-from-env-91b2');
      expect(request.body).toMatchObject({
        model: 'some-model',
        seed: 2,
        top_k: 5,
        [preset.maxTokensField]: 64,
      });
      expect(request.body).not.toHaveProperty('store');
    });
  },
);

describe.each(local.map(([factory, preset]) => ({ name: preset.provider, factory, preset })))(
  '$name (local)',
  ({ factory, preset }) => {
    it('talks to the local server with a placeholder key that is not the provider name', () => {
      if (preset.apiKeyEnv !== undefined) vi.stubEnv(preset.apiKeyEnv, '');
      const model = factory('local-model');
      expect(model.provider).toBe(preset.provider);
      expect(model.endpoint).toBe(preset.baseURL);
      expect(model.client.apiKey).toBe(preset.placeholderKey);
      expect(model.client.apiKey).not.toBe(preset.provider);
    });

    it('reads the server address from its variable; an explicit baseURL wins', async () => {
      vi.stubEnv(preset.baseURLEnv!, fake.server.baseURL);
      const model = factory('local-model');
      expect(model.endpoint).toBe(fake.server.baseURL);
      fake.server.reply({ text: 'from the local server' });
      expect((await model.generate({ messages: [{ role: 'user', content: 'x' }] })).text).toBe(
        'from the local server',
      );
      expect(factory('m', { baseURL: 'http://gpu-box:9000/v1' }).endpoint).toBe('http://gpu-box:9000/v1');
    });
  },
);

describe('options', () => {
  it('vllm takes VLLM_API_KEY when the server was started with --api-key', () => {
    vi.stubEnv('VLLM_API_KEY', 'vllm-secret-key-7d1e');
    expect(vllm('m').client.apiKey).toBe('vllm-secret-key-7d1e');
  });

  it('an explicit apiKey wins over the variable, and the key never shows in the model', () => {
    vi.stubEnv('GROQ_API_KEY', 'env-key-aaaaaaaaaaaa');
    const model = groq('m', { apiKey: 'gsk_explicit_5e8b0c' });
    expect(model.client.apiKey).toBe('gsk_explicit_5e8b0c');
    const shown = `${inspect(model, { depth: 5 })} ${JSON.stringify(model)}`;
    expect(shown).toContain('groq');
    expect(shown).not.toContain('gsk_explicit_5e8b0c');
  });

  it('compat given by the caller overrides the preset’s field by field', async () => {
    fake.server.chatQuirks = { streamOptions: 'rejected' };
    const model = deepseek('deepseek-chat', {
      baseURL: fake.server.baseURL,
      apiKey: 'k-123456789',
      compat: { streamOptions: false },
    });
    fake.server.reply({ text: 'streamed' });
    let text = '';
    for await (const e of model.stream({
      messages: [{ role: 'user', content: 'x' }],
      reasoning: { effort: 'none' },
    }))
      if (e.type === 'text-delta') text += e.text;
    expect(text).toBe('streamed');
    // The preset's own quirks still apply (DeepSeek's thinking toggle).
    expect(fake.server.lastRequest!.body.thinking).toEqual({ type: 'disabled' });
  });

  it('openrouter sends the app attribution headers', async () => {
    const model = openrouter('openai/gpt-4o-mini', {
      baseURL: fake.server.baseURL,
      apiKey: 'sk-or-v1-abcdef123',
      appName: 'My App',
      appURL: 'https://example.com',
    });
    fake.server.reply({ text: 'ok' });
    await model.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(fake.server.lastRequest!.headers).toMatchObject({
      'x-title': 'My App',
      'http-referer': 'https://example.com',
    });
  });

  it('the presets cannot be changed behind other models’ backs', () => {
    expect(Object.isFrozen(GROQ) && Object.isFrozen(GROQ.compat)).toBe(true);
  });
});
