/**
 * Runs the README's examples as written against a local server speaking the OpenAI wire format
 * (`__CONST___BASE_URL` points them at it, as it would point them at the real API).
 */
import { FakeOpenAIServer } from '@agno/models-openai/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runReadmeExample } from './run-readme-example.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  vi.stubEnv('__CONST___BASE_URL', server.baseURL);
  vi.stubEnv('__CONST___API_KEY', 'readme-key');
  return () => vi.unstubAllEnvs();
});

describe('README examples', () => {
  it('quick start', async () => {
    server.reply({ text: 'Bonjour !' });
    expect(await runReadmeExample('quick-start')).toEqual([['Bonjour !']]);
    expect(server.lastRequest!.body).toMatchObject({ model: 'model-id' });
    expect(server.lastRequest!.headers.authorization).toBe('Bearer readme-key');
  });
});
