/**
 * Runs every ```ts example=… block of README.md against the local wire-format server, and checks
 * what each printed and what the server received. The examples read GEMINI_API_KEY and
 * GOOGLE_GEMINI_BASE_URL (GOOGLE_VERTEX_BASE_URL for Vertex AI) like a user's program would.
 */
import { findBlock, readReadmeBlocks, runReadmeExample } from '@agno/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_KEY } from './fixtures/helpers.js';
import { FakeGoogleServer, type FakeReply } from './testing/index.js';

const blocks = readReadmeBlocks(new URL('../README.md', import.meta.url));

let server: FakeGoogleServer;
beforeAll(async () => {
  server = await FakeGoogleServer.start({ apiKey: TEST_KEY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  vi.stubEnv('GOOGLE_API_KEY', '');
  vi.stubEnv('GEMINI_API_KEY', TEST_KEY);
  vi.stubEnv('GOOGLE_CLOUD_API_KEY', TEST_KEY);
  vi.stubEnv('GOOGLE_GEMINI_BASE_URL', server.url);
  vi.stubEnv('GOOGLE_VERTEX_BASE_URL', server.url);
  return () => vi.unstubAllEnvs();
});

/** Runs the example named `name` with the server playing `replies`; returns what it printed. */
async function run(name: string, replies: FakeReply[]): Promise<{ out: string; err: string }> {
  server.reply(...replies);
  const { out, err } = await runReadmeExample({ block: findBlock(blocks, name) });
  return { out, err };
}

describe('README examples', () => {
  it('has the examples this test runs', () => {
    expect(blocks.map((b) => b.attributes.example).sort()).toEqual(
      ['errors', 'images', 'quick-start', 'reasoning', 'streaming', 'structured', 'testing', 'vertex'].sort(),
    );
  });

  it('quick start: the tool runs and its result goes back', async () => {
    const { out } = await run('quick-start', [
      { parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
      { text: 'Sunny, 21 °C in Paris.', usage: { promptTokenCount: 30, candidatesTokenCount: 8 } },
    ]);
    expect(out).toContain('Sunny, 21 °C in Paris.');
    expect(out).toContain('"inputTokens":');
    const second = server.requests[1]!;
    expect(second.headers['x-goog-api-key']).toBe(TEST_KEY);
    expect(second.body.systemInstruction).toEqual({ parts: [{ text: 'You are concise.' }] });
    expect(second.body.contents[2].parts[0].functionResponse).toEqual({
      name: 'get_weather',
      response: { output: { city: 'Paris', sky: 'sunny', celsius: 21 } },
    });
  });

  it('streaming', async () => {
    const { out } = await run('streaming', [{ text: 'Salt wind on the swell', chunkSize: 4 }]);
    expect(out).toBe('Salt wind on the swell\n');
    expect(server.lastRequest!.stream).toBe(true);
  });

  it('reasoning', async () => {
    const { out } = await run('reasoning', [
      {
        parts: [{ text: 'Count the letters one by one.', thought: true }, { text: 'Three.' }],
        usage: { thoughtsTokenCount: 42 },
      },
    ]);
    expect(out).toBe('Three.\nthought: Count the letters one by one.\n42 thinking tokens\n');
    expect(server.lastRequest!.body.generationConfig.thinkingConfig).toEqual({
      thinkingBudget: 1024,
      includeThoughts: true,
    });
  });

  it('structured output', async () => {
    const { out } = await run('structured', [{ text: '{"name":"Tokyo","country":"Japan"}' }]);
    expect(out.trim()).toBe('Tokyo Japan');
    expect(server.lastRequest!.body.generationConfig.responseMimeType).toBe('application/json');
  });

  it('images and files', async () => {
    const { out } = await run('images', [{ text: 'A cat; the report says sales grew.' }]);
    expect(out.trim()).toBe('A cat; the report says sales grew.');
    expect(server.lastRequest!.body.contents[0].parts.slice(1)).toEqual([
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/photos/cat.jpg' } },
      { fileData: { mimeType: 'application/pdf', fileUri: 'gs://my-bucket/report.pdf' } },
    ]);
  });

  it('vertex (express mode)', async () => {
    const { out } = await run('vertex', [{ text: 'Hello from Vertex.' }]);
    expect(out.trim()).toBe('Hello from Vertex.');
    expect(server.lastRequest!.path).toMatch(
      /\/publishers\/google\/models\/gemini-2\.5-flash:generateContent$/,
    );
  });

  it('errors: a rate limit caught by code, with the wait the server asked for', async () => {
    const { err } = await run('errors', [
      {
        status: 429,
        error: {
          message: 'Resource has been exhausted.',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }],
        },
      },
    ]);
    expect(err.trim()).toBe('rate limited; retry in 7000 ms');
  });

  it('testing: the fake server answers and records', async () => {
    const { out } = await run('testing', []);
    expect(out).toBe('Hello from the local server.\n[{"parts":[{"text":"Hi"}],"role":"user"}]\n');
  });
});
