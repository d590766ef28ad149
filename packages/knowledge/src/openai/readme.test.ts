/** Runs the README's embedder example (`example=embedders`) against the local OpenAI wire-format server. */
import { FakeOpenAIServer } from '@agno/models-openai/testing';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const blocks = readReadmeBlocks(new URL('../../README.md', import.meta.url));
const KEY = 'sk-readme-embedder-key-0123456789';
let server: FakeOpenAIServer;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());

describe('README: embedders', () => {
  it('embeds with OpenAI and with a compatible local server', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEY);
    vi.stubEnv('OPENAI_BASE_URL', server.baseURL);
    try {
      const { out } = await runReadmeExample({
        block: findBlock(blocks, 'embedders'),
        transform: (code) => code.replace(/baseURL: '[^']+'/g, `baseURL: '${server.baseURL}'`),
      });
      expect(out.trim().split('\n')).toEqual(['512', '768']);
    } finally {
      vi.unstubAllEnvs();
    }
    const [openai, local] = server.requests;
    expect(openai!.body).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 512,
      encoding_format: 'base64',
    });
    expect(openai!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(local!.body).toEqual({ model: 'nomic-embed-text', input: ['hello'], encoding_format: 'base64' });
    expect(local!.headers.authorization).toBe('Bearer ollama');
  });
});
