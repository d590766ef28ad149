/**
 * The fake server's embeddings endpoint (`POST /v1/embeddings`) in OpenAI's wire format: one
 * `embedding` object per input (a string, strings, or token arrays), as floats or as base64 of
 * little-endian float32 (`encoding_format`), `dimensions` for the models that take it, `usage`,
 * and OpenAI's 400s for bad requests. Vectors are deterministic: by default a hashed bag of
 * words, so texts that share words are near. Scripted replies (served before computed ones)
 * fail with a status (429 with `retry-after`, 500...), answer with vectors of the wrong length or
 * too few of them, or cut the body.
 */
import type { ServerResponse } from 'node:http';
import type { FakeErrorBody, ReceivedRequest } from './replies.js';

/** Turns one input (a text, or a token array) into its vector of `dimensions` numbers. */
export type FakeEmbedFn = (
  input: string | readonly number[],
  dimensions: number,
  model: string,
) => ArrayLike<number>;

/** A scripted embeddings reply; what is left out is computed as usual. */
export interface FakeEmbeddingReply {
  /** Reply with this HTTP status and `error` body instead. */
  status?: number;
  error?: FakeErrorBody;
  /** Extra response headers (`retry-after`, `retry-after-ms`...). */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Vectors of this length, whatever was asked (a misconfigured server). */
  dimensions?: number;
  /** Only the first `count` embeddings (a reply that lost some). */
  count?: number;
  /** Send the headers and this many bytes of the body, then cut the connection. */
  cutBodyAfterBytes?: number;
}

/** A scripted step: a reply, or a function of the request that gives one. */
export type FakeEmbeddingStep =
  | FakeEmbeddingReply
  | ((request: ReceivedRequest) => FakeEmbeddingReply | Promise<FakeEmbeddingReply>);

/** Most inputs in one request, as OpenAI allows. */
export const MAX_EMBEDDING_INPUTS = 2048;

/** Vector lengths of OpenAI's embedding models (and their most `dimensions` can ask for). */
const MODEL_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** The embeddings endpoint of a `FakeOpenAIServer` (its `embeddings` property). */
export class FakeEmbeddings {
  /** Computes the vectors (default {@link hashedBagOfWords}). */
  embed: FakeEmbedFn = hashedBagOfWords;
  /** Vector length of models OpenAI does not have (local models behind a compatible server). */
  defaultDimensions = 768;
  private readonly queue: FakeEmbeddingStep[] = [];

  /** Queues scripted replies, served in order before computed ones. */
  reply(...steps: FakeEmbeddingStep[]): this {
    for (const step of steps) this.queue.push(step);
    return this;
  }

  /** Forgets queued replies. */
  reset(): void {
    this.queue.length = 0;
  }

  /** Answers one `POST /v1/embeddings` request. */
  async handle(res: ServerResponse, request: ReceivedRequest, n: number): Promise<void> {
    let step = this.queue.shift() ?? {};
    if (typeof step === 'function') step = await step(request);
    if (step.delayMs !== undefined && step.delayMs > 0) await new Promise((r) => setTimeout(r, step.delayMs));
    if (res.destroyed) return;
    if (step.status !== undefined && step.status >= 400) {
      return sendJSON(
        res,
        step.status,
        { error: errorBody(step.error ?? { message: `error ${step.status}` }) },
        step.headers,
      );
    }
    const parsed = this.parse(request.body);
    if ('error' in parsed) return sendJSON(res, 400, { error: errorBody(parsed.error) }, step.headers);
    const { model, inputs, base64, dimensions } = parsed;
    const length = step.dimensions ?? dimensions;
    const count = Math.min(inputs.length, step.count ?? inputs.length);
    const data = new Array(count);
    let tokens = 0;
    for (let i = 0; i < inputs.length; i++) tokens += tokenCount(inputs[i]!);
    for (let i = 0; i < count; i++) {
      const vector = Float32Array.from(this.embed(inputs[i]!, length, model));
      const embedding = base64
        ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
        : Array.from(vector);
      data[i] = { object: 'embedding', index: i, embedding };
    }
    const text = JSON.stringify({
      object: 'list',
      data,
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
    const headers = {
      'x-request-id': `req_${n}`,
      'content-length': String(Buffer.byteLength(text)),
      ...step.headers,
    };
    if (step.cutBodyAfterBytes === undefined) return sendJSON(res, 200, text, headers);
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.write(Buffer.from(text).subarray(0, step.cutBodyAfterBytes), () => res.socket?.destroy());
  }

  /** The request's fields, or the 400 OpenAI answers it with. */
  private parse(
    body: any,
  ):
    | { model: string; inputs: (string | number[])[]; base64: boolean; dimensions: number }
    | { error: FakeErrorBody } {
    const invalid = (message: string, param: string | null = null): { error: FakeErrorBody } => ({
      error: { message, type: 'invalid_request_error', param, code: null },
    });
    if (typeof body?.model !== 'string' || body.model.length === 0)
      return invalid('you must provide a model parameter');
    const model: string = body.model;
    const input: unknown = body.input;
    if (input === undefined) return invalid("'input' is a required property", 'input');
    let inputs: (string | number[])[];
    if (typeof input === 'string') inputs = [input];
    else if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'number'))
      inputs = [input];
    else if (Array.isArray(input) && input.length > 0) inputs = input as (string | number[])[];
    else
      return invalid(
        "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
        'input',
      );
    if (inputs.length > MAX_EMBEDDING_INPUTS)
      return invalid(
        `'$.input' is too long. Maximum length is ${MAX_EMBEDDING_INPUTS}, but was ${inputs.length}.`,
        'input',
      );
    for (const item of inputs) {
      const ok =
        (typeof item === 'string' && item.length > 0) ||
        (Array.isArray(item) && item.length > 0 && item.every((t) => Number.isInteger(t) && t >= 0));
      if (!ok)
        return invalid(
          "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
          'input',
        );
    }
    const format = body.encoding_format ?? 'float';
    if (format !== 'float' && format !== 'base64')
      return invalid(
        `'${String(format)}' is not one of ['float', 'base64'] - 'encoding_format'`,
        'encoding_format',
      );
    const native = MODEL_DIMENSIONS[model];
    let dimensions = native ?? this.defaultDimensions;
    if (body.dimensions !== undefined && body.dimensions !== null) {
      if (!Number.isInteger(body.dimensions) || body.dimensions < 1)
        return invalid(`Invalid value for 'dimensions': must be a positive integer.`, 'dimensions');
      if (native !== undefined && !model.startsWith('text-embedding-3'))
        return invalid('This model does not support specifying dimensions.', 'dimensions');
      if (native !== undefined && body.dimensions > native)
        return invalid(`This model's maximum number of dimensions is ${native}.`, 'dimensions');
      dimensions = body.dimensions;
    }
    return { model, inputs, base64: format === 'base64', dimensions };
  }
}

/**
 * A deterministic embedding: each lower-case word (or token id) hashed to a position and a sign,
 * counted, and the vector scaled to length 1. Texts that share words get a positive cosine.
 */
export function hashedBagOfWords(input: string | readonly number[], dimensions: number): Float32Array {
  const out = new Float32Array(dimensions);
  const words =
    typeof input === 'string' ? (input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [input]) : input.map(String);
  for (const word of words) {
    const h = fnv1a(word);
    out[h % dimensions]! += h & 0x80000000 ? -1 : 1;
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += out[i]! * out[i]!;
  if (norm === 0) out[fnv1a(String(input)) % dimensions] = 1;
  else for (let i = 0, s = 1 / Math.sqrt(norm); i < dimensions; i++) out[i] = out[i]! * s;
  return out;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A rough token count: a token array's length, about four characters per token of a text. */
function tokenCount(input: string | readonly number[]): number {
  return typeof input === 'string' ? Math.max(1, Math.ceil(input.length / 4)) : input.length;
}

function errorBody(error: FakeErrorBody): Record<string, unknown> {
  return {
    message: error.message,
    type: error.type ?? 'invalid_request_error',
    param: error.param ?? null,
    code: error.code ?? null,
  };
}

function sendJSON(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
