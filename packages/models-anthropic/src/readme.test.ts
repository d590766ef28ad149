/**
 * The README's examples are the files in examples/, verbatim; each one runs here against the
 * local API (through ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, as a user's environment would).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { TEST_KEY } from './fixtures/helpers.js';
import { FakeAnthropicServer, type FakeReply, type ReceivedRequest } from './testing/index.js';

const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const examples = readdirSync(new URL('examples/', root)).filter((f) => f.endsWith('.ts'));

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
  let out = '';
  let err = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out += `${a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err += `${a.join(' ')}\n`;
  });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await import(`../examples/${name}.ts`);
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
  return { out, err };
}

describe('README examples', () => {
  test('every example file appears in the README verbatim', () => {
    expect(examples.sort()).toEqual([
      'errors.ts',
      'prompt-caching.ts',
      'quickstart.ts',
      'streaming.ts',
      'structured-output.ts',
    ]);
    for (const file of examples) {
      const code = readFileSync(new URL(`examples/${file}`, root), 'utf8').trim();
      expect(readme, file).toContain(`\`\`\`ts\n${code}\n\`\`\``);
    }
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

  test('errors: an auth error is caught by code, without the key', async () => {
    const { err } = await run('errors');
    expect(err).toMatch(/authentication failed/);
    expect(err).not.toContain(TEST_KEY);
  });
});
