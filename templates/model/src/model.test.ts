import { Agent } from '@agno/core';
import { FakeOpenAIServer } from '@agno/models-openai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { __fn__ } from './index.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());

describe('__fn__()', () => {
  it('runs an agent and sends the model id, the key and the options', async () => {
    server.reply({ text: 'Bonjour !' });
    const model = __fn__('test-model', {
      apiKey: 'test-key',
      baseURL: server.baseURL,
      providerOptions: { seed: 1 },
    });
    expect(model.provider).toBe('__name__');
    const result = await new Agent({ model }).run('Say hello in French.');
    expect(result.text).toBe('Bonjour !');
    expect(server.lastRequest!.body).toMatchObject({ model: 'test-model', seed: 1 });
    expect(server.lastRequest!.headers.authorization).toBe('Bearer test-key');
  });
});
