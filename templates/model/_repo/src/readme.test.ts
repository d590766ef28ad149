/**
 * Runs the README's examples as written against a local server speaking the OpenAI wire format
 * (`__CONST___BASE_URL` points them at it, as it would point them at the real API).
 */
import { fileURLToPath } from 'node:url';
import { FakeOpenAIServer } from '@agno/models-openai/testing';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));
/** The example imports this package by name: point it at the sources. */
const self = (code: string) =>
  code.replaceAll("'__pkg__'", JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url))));

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
    const { out } = await runReadmeExample({ block: findBlock(blocks, 'quick-start'), transform: self });
    expect(out).toBe('Bonjour !\n');
    expect(server.lastRequest!.body).toMatchObject({ model: 'model-id' });
    expect(server.lastRequest!.headers.authorization).toBe('Bearer readme-key');
  });
});
