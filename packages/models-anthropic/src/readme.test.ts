/**
 * The README's examples are the files in examples/, verbatim; each one runs here against the
 * local API (through ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, as a user's environment would).
 */

import { captureOutput, exampleFiles, readReadmeBlocks } from '@agno/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_KEY } from './fixtures/helpers.js';
import { FakeAnthropicServer, type FakeReply, type ReceivedRequest } from './testing/index.js';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url)).map((b) => b.code.trim());
const examples = exampleFiles(new URL('../examples/', import.meta.url));

let server: FakeAnthropicServer;
let cacheCalls = 0;
const saved = { url: process.env.ANTHROPIC_BASE_URL, key: process.env.ANTHROPIC_API_KEY };

function lastUserText(req: ReceivedRequest): string {
  const last = req.body.messages.at(-1);
  if (typeof last.content === 'string') return last.content;
  return last.content
    .filter((b: any) => b.type === 'text')
    .map((b: any) => b.text)
    .join('');
}

/** Plays Claude for the examples. */
function respond(req: ReceivedRequest): FakeReply {
  const body = req.body;
  const last = body.messages.at(-1);
  const toolResult = Array.isArray(last.content)
    ? last.content.find((b: any) => b.type === 'tool_result')
    : undefined;
  if (body.thinking?.type === 'enabled') {
    if (toolResult !== undefined) return { text: 'Yes, take one.', chunkSize: 5 };
    return {
      content: [
        { type: 'thinking', thinking: 'Rain is likely; check the forecast.', signature: 'sig-readme' },
        { type: 'tool_use', name: 'get_forecast', input: { city: 'Paris' } },
      ],
      usage: { input_tokens: 30, output_tokens: 24, thinking_tokens: 9 },
      chunkSize: 12,
    };
  }
  if (toolResult !== undefined) {
    const w = JSON.parse(toolResult.content);
    return { text: `It is ${w.sky} and ${w.celsius} °C in ${w.city}.` };
  }
  const tools: string[] = (body.tools ?? []).map((t: any) => t.name);
  if (tools.includes('get_weather'))
    return { content: [{ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } }] };
  if (tools.includes('city')) {
    return {
      content: [
        { type: 'tool_use', name: 'city', input: { name: 'Tokyo', country: 'Japan', population: 14000000 } },
      ],
    };
  }
  const text = lastUserText(req);
  if (text === 'Hello!')
    return { status: 401, error: { type: 'authentication_error', message: 'invalid x-api-key' } };
  if (Array.isArray(body.system) && body.system.at(-1).cache_control !== undefined) {
    cacheCalls++;
    return {
      text: 'Per the handbook: 25.',
      usage:
        cacheCalls === 1
          ? { input_tokens: 10, cache_creation_input_tokens: 1800, output_tokens: 8 }
          : { input_tokens: 9, cache_read_input_tokens: 1800, output_tokens: 6 },
    };
  }
  if (text.includes('haiku about the sea'))
    return {
      text: 'Salt wind on the swell / gulls stitch the grey horizon / the tide keeps its time',
      chunkSize: 6,
    };
  return {
    text: 'Stone shoulders the sky / snow keeps the old silence / a hawk draws circles',
    chunkSize: 6,
  };
}

beforeAll(async () => {
  server = await FakeAnthropicServer.start({ apiKey: TEST_KEY, respond });
  process.env.ANTHROPIC_BASE_URL = server.url;
  process.env.ANTHROPIC_API_KEY = TEST_KEY;
});
afterAll(async () => {
  if (saved.url === undefined) delete process.env.ANTHROPIC_BASE_URL;
  else process.env.ANTHROPIC_BASE_URL = saved.url;
  if (saved.key === undefined) delete process.env.ANTHROPIC_API_KEY;
  else process.env.ANTHROPIC_API_KEY = saved.key;
  await server.close();
});

/** Runs an example file, returning what it printed. */
async function run(name: string): Promise<{ out: string; err: string }> {
  return captureOutput(() => import(`../examples/${name}.ts`));
}

describe('README examples', () => {
  test('every example file appears in the README verbatim', () => {
    expect(Object.keys(examples)).toEqual([
      'errors.ts',
      'prompt-caching.ts',
      'quickstart.ts',
      'reasoning.ts',
      'streaming.ts',
      'structured-output.ts',
    ]);
    for (const [file, code] of Object.entries(examples)) expect(blocks, file).toContain(code);
  });

  test('quickstart: the tool is called and the answer printed', async () => {
    const { out } = await run('quickstart');
    expect(out).toContain('It is sunny and 21 °C in Paris.');
    expect(out).toContain('"totalTokens"');
  });

  test('streaming: text arrives in pieces, then the events example', async () => {
    const { out } = await run('streaming');
    expect(out).toContain(
      'Salt wind on the swell / gulls stitch the grey horizon / the tide keeps its time\n',
    );
    expect(out).toContain('done in 1 call(s)');
    expect(out).toContain('a hawk draws circles');
  });

  test('structured output: the parsed object', async () => {
    const { out } = await run('structured-output');
    expect(out.trim()).toBe('Tokyo 14000000');
  });

  test('prompt caching: a cache write, then a cache read', async () => {
    const { out } = await run('prompt-caching');
    expect(out.trim()).toBe('1800 1800');
  });

  test('reasoning: thinking streams first, goes back with its tool turn, and is counted once', async () => {
    const before = server.requests.length;
    const { out } = await run('reasoning');
    expect(out).toContain('[Rain is like][ly; check th][e forecast.]Yes, take one.');
    expect(out).toContain('thought: Rain is likely; check the forecast.');
    expect(out).toContain('9 of ');
    const [first, second] = server.requests.slice(before);
    expect(first!.body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 4096 },
      max_tokens: 8192,
    });
    expect(second!.body.messages[1].content[0]).toEqual({
      type: 'thinking',
      thinking: 'Rain is likely; check the forecast.',
      signature: 'sig-readme',
    });
  });

  test('errors: an auth error is caught by code, without the key', async () => {
    const { err } = await run('errors');
    expect(err).toMatch(/authentication failed/);
    expect(err).not.toContain(TEST_KEY);
  });
});
