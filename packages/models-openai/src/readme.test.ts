/**
 * Runs every ```ts example=… block of README.md against the local wire-format server, and
 * checks what each printed and what the server received. The examples read OPENAI_API_KEY and
 * OPENAI_BASE_URL like a user's program would; fixed base URLs (Ollama, vLLM…) are pointed at
 * the local server.
 */

import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_KEY } from './fixtures/helpers.js';
import { FakeOpenAIServer, type FakeReply } from './testing/index.js';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

let server: FakeOpenAIServer;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  vi.stubEnv('OPENAI_API_KEY', TEST_KEY);
  vi.stubEnv('OPENAI_BASE_URL', server.baseURL);
  return () => vi.unstubAllEnvs();
});

/** Runs one example with the server playing `replies`; returns what it printed (console.log lines and stdout writes). */
async function run(name: string, replies: FakeReply[]): Promise<string> {
  server.reply(...replies);
  const { out } = await runReadmeExample({
    block: findBlock(blocks, name),
    transform: (code) => code.replace(/baseURL: '[^']+'/g, `baseURL: '${server.baseURL}'`),
  });
  return out;
}

describe('README examples', () => {
  it('has the examples this test runs', () => {
    expect(blocks.map((b) => b.attributes.example).sort()).toEqual(
      [
        'compatible',
        'errors',
        'provider-options',
        'quick-start',
        'reasoning',
        'responses',
        'streaming',
        'structured',
        'testing',
        'tools',
      ].sort(),
    );
  });

  it('quick start', async () => {
    const out = await run('quick-start', [{ text: 'Bonjour !', usage: { input: 20, output: 3 } }]);
    expect(out).toContain('Bonjour !');
    expect(out).toContain('"inputTokens":20');
    expect(server.lastRequest!.body.messages[0]).toEqual({ role: 'system', content: 'You are concise.' });
    expect(server.lastRequest!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('responses', async () => {
    const out = await run('responses', [{ text: 'Red, yellow, blue.' }]);
    expect(out).toContain('Red, yellow, blue.');
    expect(server.lastRequest!.path).toBe('/v1/responses');
  });

  it('reasoning', async () => {
    const out = await run('reasoning', [
      {
        reasoning: { summary: 'Try small primes: 97 × 103.', encryptedContent: 'gAAAA-enc' },
        text: 'No: 9,991 = 97 × 103.',
        usage: { output: 80, reasoning: 64 },
        chunkSize: 16,
      },
    ]);
    expect(out).toBe('[Try small primes][: 97 × 103.]No: 9,991 = 97 × 103.\n64 reasoning tokens\n');
    expect(server.lastRequest!.body).toMatchObject({
      reasoning: { effort: 'low', summary: 'auto' },
      store: false,
      include: ['reasoning.encrypted_content'],
    });
  });

  it('streaming', async () => {
    const out = await run('streaming', [
      { text: 'Waves fold on the shore', chunkSize: 4, usage: { output: 7 } },
    ]);
    expect(out).toBe('Waves fold on the shore\n7 output tokens\n');
    expect(server.lastRequest!.body.stream_options).toEqual({ include_usage: true });
  });

  it('tools', async () => {
    const out = await run('tools', [
      { toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { text: 'It is 21°C in Paris.' },
    ]);
    expect(out).toContain('It is 21°C in Paris.');
    expect(out).toContain('get_weather({\\"city\\":\\"Paris\\"}) -> {\\"city\\":\\"Paris\\",\\"tempC\\":21}');
    const [first, second] = server.requests;
    expect(first!.body.parallel_tool_calls).toBe(true);
    expect(first!.body.tools[0].function.strict).toBe(true);
    expect(second!.body.messages.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: '{"city":"Paris","tempC":21}',
    });
  });

  it('structured', async () => {
    const out = await run('structured', [{ text: '{"city":"Paris","country":"France"}' }]);
    expect(out).toBe('Paris France\n');
    expect(server.lastRequest!.body.response_format.json_schema).toMatchObject({
      name: 'place',
      strict: true,
    });
  });

  it('errors', async () => {
    const limited: FakeReply = {
      status: 429,
      headers: { 'retry-after-ms': '1' },
      error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' },
    };
    const out = await run('errors', [limited, limited]);
    expect(out).toBe('rate_limited 429 true\n\n');
    expect(server.requests).toHaveLength(2);
  });

  it('compatible servers', async () => {
    const out = await run('compatible', [
      { text: 'hi 1' },
      { text: 'hi 2' },
      { text: 'hi 3' },
      { text: 'hi 4' },
    ]);
    expect(out).toBe('hi 1\nhi 2\nhi 3\nhi 4\n');
    expect(server.requests.map((r) => [r.body.model, r.headers.authorization])).toEqual([
      ['llama3.2', 'Bearer ollama'],
      ['Qwen/Qwen2.5-7B-Instruct', 'Bearer none'],
      ['qwen2.5-7b-instruct', 'Bearer lm-studio'],
      ['openai/gpt-4o-mini', 'Bearer gateway-key'],
    ]);
    expect(server.lastRequest!.headers['x-team']).toBe('search');
  });

  it('provider options', async () => {
    const out = await run('provider-options', [{ text: '4' }]);
    expect(out).toBe('4\n');
    const body = server.lastRequest!.body;
    expect(body).toMatchObject({ seed: 7, user: 'user-42' });
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('anthropic');
  });

  it('testing', async () => {
    const out = await run('testing', []);
    expect(out).toContain('Hello from the fake server.');
    expect(out).toContain('"role":"user","content":"Hi"');
  });
});
