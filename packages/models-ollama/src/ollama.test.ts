import { inspect } from 'node:util';
import { Agent, type AgentEvent, AgnoError } from '@agno/core';
import { FakeOpenAIServer } from '@agno/models-openai/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OLLAMA_BASE_URL, ollama, ollamaBaseURL } from './index.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('ollama()', () => {
  it('talks to the local server with no key of its own, as provider ollama', async () => {
    vi.stubEnv('OLLAMA_HOST', server.baseURL.replace(/\/v1$/, ''));
    vi.stubEnv('OPENAI_API_KEY', '');
    try {
      const model = ollama('llama3.2');
      expect(model.provider).toBe('ollama');
      expect(model.modelId).toBe('llama3.2');
      server.reply({ text: 'hi' });
      const result = await new Agent({ model }).run('hello');
      expect(result.text).toBe('hi');
      expect(server.lastRequest!.path).toBe('/v1/chat/completions');
      expect(server.lastRequest!.body.model).toBe('llama3.2');
      expect(server.lastRequest!.headers.authorization).toBe('Bearer ollama-local-no-key');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('sends keep_alive, reasoning_effort, max_tokens and passes other options through; a run’s own options win', async () => {
    const model = ollama('qwen3', {
      baseURL: server.baseURL,
      keepAlive: '10m',
      reasoningEffort: 'low',
      providerOptions: { seed: 7 },
    });
    server.reply({ text: 'a' }, { text: 'b' });
    await model.generate({ messages: [{ role: 'user', content: 'x' }], maxTokens: 32 });
    expect(server.lastRequest!.body).toMatchObject({
      model: 'qwen3',
      keep_alive: '10m',
      reasoning_effort: 'low',
      seed: 7,
      max_tokens: 32,
    });
    expect(server.lastRequest!.body.max_completion_tokens).toBeUndefined();
    await model.generate({
      messages: [{ role: 'user', content: 'x' }],
      providerOptions: { ollama: { keep_alive: 0 }, openai: { seed: 99, store: true } },
    });
    // A run's options under `ollama` win; another provider's key never reaches the server.
    expect(server.lastRequest!.body.keep_alive).toBe(0);
    expect(server.lastRequest!.body.seed).toBe(7);
    expect(server.lastRequest!.body).not.toHaveProperty('store');
    expect(server.lastRequest!.body).not.toHaveProperty('openai');
  });

  it('reports the server it talks to as its endpoint', () => {
    vi.stubEnv('OLLAMA_HOST', 'gpu-box:11500');
    try {
      expect(ollama('llama3.2').endpoint).toBe('http://gpu-box:11500/v1');
      expect(ollama('llama3.2', { baseURL: server.baseURL }).endpoint).toBe(server.baseURL);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('leaves out what was not asked for', async () => {
    server.reply({ text: 'a' });
    await ollama('mistral', { baseURL: server.baseURL }).generate({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(server.lastRequest!.body.keep_alive).toBeUndefined();
    expect(server.lastRequest!.body.reasoning_effort).toBeUndefined();
  });

  it('reads the server address like the Ollama CLI does', () => {
    expect(ollamaBaseURL(undefined)).toBe(OLLAMA_BASE_URL);
    expect(ollamaBaseURL('')).toBe(OLLAMA_BASE_URL);
    expect(ollamaBaseURL('0.0.0.0:11435')).toBe('http://0.0.0.0:11435/v1');
    expect(ollamaBaseURL('https://gpu-box.lan:443/')).toBe('https://gpu-box.lan:443/v1');
  });

  it('a server that is not running is a typed connection error, not a hang', async () => {
    const closed = await FakeOpenAIServer.start();
    const url = closed.baseURL;
    await closed.close();
    const model = ollama('llama3.2', { baseURL: url, maxRetries: 0 });
    await expect(model.generate({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      code: 'model_error',
      retryable: true,
      message: expect.stringContaining('could not reach ollama'),
    });
  });
});

describe('ollama() behind an authenticating proxy', () => {
  it('keeps the proxy key and token out of the model, a failed run’s errors and its run-error events', async () => {
    const key = 'gw_live_5f2c9a7e1b3d4c6f8a0b';
    const token = 'pxy_71c0ffee2b4d6f8a';
    const echoed = {
      status: 401,
      error: { message: `proxy refused key ${key} with token ${token}`, type: 'invalid_request_error' },
      headers: { 'x-request-id': token, 'www-authenticate': `Bearer realm="${key}"` },
    };
    server.reply(echoed, echoed);
    const model = ollama('llama3.2', {
      baseURL: server.baseURL,
      apiKey: key,
      defaultHeaders: { 'x-proxy-token': token },
      maxRetries: 0,
    });
    const agent = new Agent({ model });
    const events: AgentEvent[] = [];
    agent.events.on('run-error', (event) => events.push(event));
    const errors = [await agent.run('hello').catch((e: unknown) => e)];
    const stream = agent.stream('hello');
    for await (const event of stream) if (event.type === 'run-error') events.push(event);
    errors.push(await stream.result.catch((e: unknown) => e));
    expect(server.lastRequest!.headers).toMatchObject({
      authorization: `Bearer ${key}`,
      'x-proxy-token': token,
    });
    expect(events).toHaveLength(3);
    const shown: string[] = [inspect(model, { depth: 10 }), JSON.stringify(model), inspect({ ...model })];
    for (const error of errors) {
      expect(error).toBeInstanceOf(AgnoError);
      expect(error).toMatchObject({ code: 'auth_error', status: 401 });
      shown.push(inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error));
      // Every message and property along the cause chain.
      for (
        let link: unknown = error;
        typeof link === 'object' && link !== null;
        link = (link as Error).cause
      ) {
        for (const k of Reflect.ownKeys(link)) shown.push(inspect((link as Record<PropertyKey, unknown>)[k]));
      }
    }
    for (const event of events) shown.push(inspect(event, { depth: 10 }), JSON.stringify(event));
    expect(shown.join('\n')).toContain('llama3.2');
    for (const secret of [key, token]) expect(shown.join('\n')).not.toContain(secret);
  });
});
