import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashedBagOfWords } from './embeddings-wire.js';
import { FakeOpenAIServer } from './fake-openai-server.js';

let server: FakeOpenAIServer;
let client: OpenAI;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('FakeOpenAIServer embeddings', () => {
  it("answers in OpenAI's shape, as floats, with usage", async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['first text', 'second'],
      encoding_format: 'float',
      dimensions: 8,
    });
    expect(res.object).toBe('list');
    expect(res.model).toBe('text-embedding-3-small');
    expect(res.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
    expect(res.data.map((d) => [d.object, d.index, d.embedding.length])).toEqual([
      ['embedding', 0, 8],
      ['embedding', 1, 8],
    ]);
    expect(Float32Array.from(res.data[0]!.embedding)).toEqual(hashedBagOfWords('first text', 8));
  });

  it('sends base64 of little-endian float32 (what the client asks for by default)', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'one text' });
    expect(server.lastRequest!.body.encoding_format).toBe('base64');
    expect(res.data[0]!.embedding).toHaveLength(3072); // the model's own length, decoded by the client
    const raw = await client.embeddings.create({ model: 'm', input: [[1, 2, 3]], encoding_format: 'base64' });
    const bytes = Buffer.from(raw.data[0]!.embedding as unknown as string, 'base64');
    expect(bytes.byteLength).toBe(768 * 4);
    expect(new Float32Array(bytes.buffer, bytes.byteOffset, 768)).toEqual(hashedBagOfWords([1, 2, 3], 768));
    expect(raw.usage.prompt_tokens).toBe(3);
  });

  it("refuses bad requests with OpenAI's 400s", async () => {
    const fail = (body: Record<string, unknown>) =>
      client.embeddings.create(body as never).then(
        () => undefined,
        (error: { status: number; error: { message: string; param: string | null } }) => [
          error.status,
          error.error.message,
          error.error.param,
        ],
      );
    expect(await fail({ model: 'text-embedding-3-small', input: '' })).toEqual([
      400,
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      'input',
    ]);
    expect((await fail({ model: 'text-embedding-3-small', input: ['a', ''] }))?.[0]).toBe(400);
    expect(await fail({ input: 'a' })).toEqual([400, 'you must provide a model parameter', null]);
    expect(await fail({ model: 'text-embedding-ada-002', input: 'a', dimensions: 8 })).toEqual([
      400,
      'This model does not support specifying dimensions.',
      'dimensions',
    ]);
    expect((await fail({ model: 'text-embedding-3-small', input: 'a', dimensions: 4096 }))?.[1]).toBe(
      "This model's maximum number of dimensions is 1536.",
    );
    expect((await fail({ model: 'm', input: Array.from({ length: 2049 }, () => 'x') }))?.[1]).toBe(
      "'$.input' is too long. Maximum length is 2048, but was 2049.",
    );
    expect((await fail({ model: 'm', input: 'a', encoding_format: 'int8' }))?.[2]).toBe('encoding_format');
  });

  it('serves scripted failures and odd replies in order, then computed ones', async () => {
    server.embeddings.reply(
      {
        status: 429,
        headers: { 'retry-after': '2' },
        error: { message: 'Rate limit', code: 'rate_limit_exceeded' },
      },
      { dimensions: 3 },
      (request) => ({ count: request.body.input.length - 1 }),
    );
    const error = (await client.embeddings.create({ model: 'm', input: 'a' }).catch((e: unknown) => e)) as {
      status: number;
      headers: Headers;
    };
    expect(error.status).toBe(429);
    expect(error.headers.get('retry-after')).toBe('2');
    const short = await client.embeddings.create({ model: 'm', input: 'a', encoding_format: 'float' });
    expect(short.data[0]!.embedding).toHaveLength(3);
    const fewer = await client.embeddings.create({
      model: 'm',
      input: ['a', 'b', 'c'],
      encoding_format: 'float',
    });
    expect(fewer.data).toHaveLength(2);
    const normal = await client.embeddings.create({ model: 'm', input: 'a', encoding_format: 'float' });
    expect(normal.data[0]!.embedding).toHaveLength(768);
    expect(server.requests.map((r) => r.path)).toEqual(Array(4).fill('/v1/embeddings'));
  });

  it('makes texts that share words nearer than texts that do not', () => {
    const a = hashedBagOfWords('battery warranty months', 256);
    const b = hashedBagOfWords('the warranty of the battery', 256);
    const c = hashedBagOfWords('release date of zephyr', 256);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });
});
