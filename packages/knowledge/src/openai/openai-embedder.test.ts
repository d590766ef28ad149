import { inspect } from 'node:util';
import { FakeOpenAIServer, hashedBagOfWords } from '@agno/models-openai/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DimensionMismatchError, EmbeddingError } from '../errors.js';
import { openaiEmbedder } from './openai-embedder.js';

const KEY = 'sk-test-embedder-secret-0123456789';
let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const embedder = (options: Parameters<typeof openaiEmbedder>[0] = {}) =>
  openaiEmbedder({ dimensions: 64, apiKey: KEY, baseURL: server.baseURL, maxRetries: 0, ...options });
const requests = () => server.requests.filter((r) => r.path === '/v1/embeddings');
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('openaiEmbedder', () => {
  it('embeds through the official client, as base64 decoded into Float32Arrays, in order', async () => {
    const texts = [
      'the warranty lasts 27 months',
      'how long does the warranty last',
      'Zephyr ships on 12 March',
    ];
    const vectors = await embedder().embed(texts);
    expect(vectors).toHaveLength(3);
    for (const [i, v] of vectors.entries()) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toEqual(hashedBagOfWords(texts[i]!, 64));
    }
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
    const [request] = requests();
    expect(request!.body).toEqual({
      model: 'text-embedding-3-small',
      input: texts,
      encoding_format: 'base64',
      dimensions: 64,
    });
    expect(request!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('asks for floats when told, with the same vectors', async () => {
    const [v] = await embedder({ encoding: 'float' }).embed(['plain floats']);
    expect(requests()[0]!.body.encoding_format).toBe('float');
    expect(v).toEqual(hashedBagOfWords('plain floats', 64));
  });

  it('sends batches of batchSize, at most `concurrency` at once, and keeps the order', async () => {
    let active = 0;
    let most = 0;
    server.embeddings.reply(
      ...Array.from({ length: 4 }, () => () => {
        active++;
        most = Math.max(most, active);
        setTimeout(() => active--, 40);
        return { delayMs: 40 };
      }),
    );
    const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
    const e = embedder({ batchSize: 3, concurrency: 2 });
    expect(e.maxBatchSize).toBe(3);
    const vectors = await e.embed(texts);
    expect(requests().map((r) => r.body.input.length)).toEqual([3, 3, 3, 1]);
    expect(vectors.map((v) => v[0])).toEqual(texts.map((t) => hashedBagOfWords(t, 64)[0]));
    expect(most).toBe(2);
  });

  it('talks to an OpenAI-compatible server by baseURL without sending dimensions', async () => {
    const e = openaiEmbedder({
      model: 'nomic-embed-text',
      dimensions: 768,
      baseURL: server.baseURL,
      apiKey: 'ollama',
    });
    const [v] = await e.embed(['local model']);
    expect(v).toHaveLength(768);
    expect(requests()[0]!.body).toEqual({
      model: 'nomic-embed-text',
      input: ['local model'],
      encoding_format: 'base64',
    });
    expect(requests()[0]!.headers.authorization).toBe('Bearer ollama');
  });

  it("retries a 429 after the server's retry-after, through the client", async () => {
    server.embeddings.reply({
      status: 429,
      headers: { 'retry-after-ms': '150' },
      error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
    });
    const vectors = await embedder({ maxRetries: 2 }).embed(['retry me']);
    expect(vectors[0]).toEqual(hashedBagOfWords('retry me', 64));
    const [first, second] = requests();
    expect(second).toBeDefined();
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(140);
  });

  it('maps failures to EmbeddingErrors that say whether to retry and how long to wait', async () => {
    server.embeddings.reply({
      status: 429,
      headers: { 'retry-after': '7' },
      error: { message: 'slow down', code: 'rate_limit_exceeded' },
    });
    await expect(embedder().embed(['a'])).rejects.toMatchObject({
      code: 'embedding_error',
      status: 429,
      retryable: true,
      details: { retryAfterMs: 7000, providerCode: 'rate_limit_exceeded' },
    });
    server.embeddings.reply({
      status: 429,
      error: { message: 'You exceeded your quota', code: 'insufficient_quota' },
    });
    await expect(embedder().embed(['a'])).rejects.toMatchObject({ status: 429, retryable: false });
    server.embeddings.reply({ status: 500, error: { message: 'boom', type: 'server_error' } });
    await expect(embedder().embed(['a'])).rejects.toMatchObject({ status: 500, retryable: true });
    await expect(
      embedder({ model: 'text-embedding-ada-002', sendDimensions: true }).embed(['a']),
    ).rejects.toThrow(
      /^127\.0\.0\.1:\d+ rejected the embedding request \(400\): This model does not support specifying dimensions\.$/,
    );
  });

  it('never shows the API key: not in errors, causes, inspect or JSON', async () => {
    server.embeddings.reply({
      status: 401,
      error: { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' },
    });
    const e = embedder();
    const error = (await e.embed(['a']).catch((err: unknown) => err)) as EmbeddingError;
    expect(error).toBeInstanceOf(EmbeddingError);
    expect(error.retryable).toBe(false);
    for (const shown of [
      error.message,
      inspect(error, { depth: 5 }),
      JSON.stringify(error),
      inspect(e),
      JSON.stringify(e),
    ]) {
      expect(shown).not.toContain(KEY);
    }
    expect(inspect(e)).toContain("modelId: 'text-embedding-3-small'");
  });

  it('rejects a reply with vectors of the wrong length or too few of them', async () => {
    server.embeddings.reply({ dimensions: 32 });
    const wrong = await embedder()
      .embed(['a', 'b'])
      .catch((err: unknown) => err);
    expect(wrong).toBeInstanceOf(DimensionMismatchError);
    expect(wrong).toMatchObject({ code: 'dimension_mismatch', expected: 64, received: 32 });
    server.embeddings.reply({ count: 2 });
    await expect(embedder().embed(['a', 'b', 'c'])).rejects.toThrow('returned 2 embeddings for 3 texts');
  });

  it('fails the whole call when one batch fails mid-way (all or nothing)', async () => {
    server.embeddings.reply({}, { status: 500, error: { message: 'worker crashed' } });
    const e = embedder({ batchSize: 2, concurrency: 1 });
    await expect(e.embed(['a', 'b', 'c', 'd', 'e'])).rejects.toMatchObject({
      code: 'embedding_error',
      status: 500,
    });
    expect(requests()).toHaveLength(2); // the third batch was never sent
  });

  it('treats a body cut mid-way as a retryable failure', async () => {
    server.embeddings.reply({ cutBodyAfterBytes: 40 });
    await expect(embedder().embed(['cut'])).rejects.toMatchObject({
      code: 'embedding_error',
      retryable: true,
    });
  });

  it('stops when the caller aborts, even while waiting on the server', async () => {
    server.embeddings.reply({ delayMs: 5000 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = embedder().embed(['slow'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses empty texts before sending anything, and embeds nothing for no texts', async () => {
    await expect(embedder().embed(['ok', ''])).rejects.toThrow('text 1 is empty or not a string');
    expect(await embedder().embed([])).toEqual([]);
    expect(requests()).toHaveLength(0);
  });

  it('uses a client it is given', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: server.baseURL, maxRetries: 0 });
    const [v] = await openaiEmbedder({ client, dimensions: 16 }).embed(['given client']);
    expect(v).toEqual(hashedBagOfWords('given client', 16));
  });

  it('refuses bad options with ConfigErrors', () => {
    expect(() => openaiEmbedder({ model: 'mystery-model' })).toThrow(
      /give the vector length of "mystery-model"/,
    );
    expect(() => embedder({ batchSize: 5000 })).toThrow('batchSize must be an integer from 1 to 2048');
    expect(() => embedder({ concurrency: 0 })).toThrow('concurrency must be a positive integer');
    expect(openaiEmbedder({ apiKey: KEY }).dimensions).toBe(1536);
  });
});
