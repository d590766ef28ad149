/**
 * Runs every ```ts example=… block of README.md against the local wire-format server
 * (OLLAMA_HOST points the examples at it, as it would point them at a real Ollama).
 */
import { FakeOpenAIServer, type FakeReply } from '@agno/models-openai/testing';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  vi.stubEnv('OLLAMA_HOST', server.baseURL.replace(/\/v1$/, ''));
  return () => vi.unstubAllEnvs();
});

/** Runs the example named `name` with the server playing `replies`; returns what it printed. */
async function run(name: string, replies: FakeReply[]): Promise<string> {
  server.reply(...replies);
  return (await runReadmeExample({ block: findBlock(blocks, name) })).out;
}

describe('README examples', () => {
  it('has the examples this test runs', () => {
    expect(blocks.map((b) => b.attributes.example).sort()).toEqual(['quick-start', 'streaming']);
  });

  it('quick start', async () => {
    expect(await run('quick-start', [{ text: 'Bonjour !' }])).toBe('Bonjour !\n');
    const request = server.lastRequest!;
    expect(request.body).toMatchObject({ model: 'llama3.2', keep_alive: '10m' });
    expect(request.body.messages[0]).toEqual({ role: 'system', content: 'You are concise.' });
    expect(request.headers.authorization).toBe('Bearer ollama-local-no-key');
  });

  it('streaming', async () => {
    const out = await run('streaming', [{ text: 'Waves fold on the shore', chunkSize: 4 }]);
    expect(out).toBe('Waves fold on the shore\n');
    expect(server.lastRequest!.body.stream).toBe(true);
  });
});
