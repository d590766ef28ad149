/**
 * Runs every ```ts example=… block of README.md, as written, against the local wire-format
 * server: `fetch` sends what the examples address to the services' hosts to the server instead,
 * and the key variables hold test keys.
 */
import type { FakeReply } from '@agno/models-openai/testing';
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useServer } from './fixtures/server.js';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));
const realFetch = globalThis.fetch;
/** The services' base URLs, as the presets (and the README's own preset) address them. */
const HOSTED =
  /^https:\/\/(?:api\.groq\.com\/openai|openrouter\.ai\/api|api\.deepseek\.com|api\.fireworks\.ai\/inference)\/v1/;

const fake = useServer();
beforeEach(() => {
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) =>
    realFetch(String(input).replace(HOSTED, fake.server.baseURL), init),
  );
  for (const name of ['GROQ_API_KEY', 'OPENROUTER_API_KEY', 'DEEPSEEK_API_KEY', 'FIREWORKS_API_KEY']) {
    vi.stubEnv(name, `test-key-for-${name.toLowerCase()}`);
  }
  vi.stubEnv('VLLM_BASE_URL', fake.server.baseURL);
  return () => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  };
});

/** Runs the example named `name` with the server playing `replies`; returns what it printed. */
async function run(name: string, replies: FakeReply[]): Promise<string> {
  fake.server.reply(...replies);
  return (await runReadmeExample({ block: findBlock(blocks, name) })).out;
}

describe('README examples', () => {
  it('has the examples this test runs', () => {
    expect(blocks.map((b) => b.attributes.example).sort()).toEqual([
      'custom-service',
      'local',
      'openrouter',
      'quick-start',
      'reasoning',
    ]);
  });

  it('quick start', async () => {
    expect(await run('quick-start', [{ text: 'Bonjour !' }])).toBe('Bonjour !\n');
    const request = fake.server.lastRequest!;
    expect(request.headers.authorization).toBe('Bearer test-key-for-groq_api_key');
    expect(request.body.messages[0]).toEqual({ role: 'system', content: 'You are concise.' });
  });

  it('reasoning', async () => {
    fake.server.chatQuirks = { reasoningReplay: 'tool-loop' };
    const out = await run('reasoning', [
      {
        reasoning: { text: '1001 = 7 × 143.' },
        text: 'No: 7 × 11 × 13.',
        chunkSize: 8,
        usage: { input: 10, output: 30, reasoning: 21 },
      },
    ]);
    expect(out).toBe('(1001 = 7)( × 143.)No: 7 × 11 × 13.\nthought for 21 tokens\n');
    expect(fake.server.lastRequest!.body).toMatchObject({
      model: 'deepseek-reasoner',
      thinking: { type: 'enabled' },
      reasoning_effort: 'high',
    });
  });

  it('local', async () => {
    expect(await run('local', [{ text: 'Waves fold on the shore', chunkSize: 5 }])).toBe(
      'Waves fold on the shore\n',
    );
    expect(fake.server.lastRequest!.headers.authorization).toBe('Bearer vllm-local-no-key');
  });

  it('openrouter', async () => {
    expect(await run('openrouter', [{ text: 'Bliss.' }])).toBe('Bliss.\n');
    const request = fake.server.lastRequest!;
    expect(request.headers['x-title']).toBe('My App');
    expect(request.body).toMatchObject({
      provider: { sort: 'throughput' },
      models: ['mistralai/mistral-small-3.2-24b-instruct'],
    });
  });

  it('custom service', async () => {
    expect(await run('custom-service', [{ text: 'Hello!' }])).toBe('Hello!\n');
    expect(fake.server.lastRequest!.headers.authorization).toBe('Bearer test-key-for-fireworks_api_key');
  });
});
