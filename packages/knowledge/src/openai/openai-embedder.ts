/**
 * `OpenAIEmbedder`: core's `Embedder` on the official `openai` client (an optional peer, imported
 * on first use), for OpenAI and any server that speaks its embeddings API (Ollama, vLLM, LM
 * Studio) by `baseURL`. Texts are sent in batches of `batchSize`, a few batches at once; vectors
 * travel as base64 and are decoded straight into `Float32Array`s; the client's own retries honour
 * `retry-after`. A call is all or nothing: when one batch fails the others are cancelled.
 */
import { ConfigError, type Embedder, errorMessage, redactSecrets } from '@agno/core';
import {
  displayURL,
  inspectView,
  registerEnvKey,
  registerHeaders,
  registerKey,
  registerURL,
} from '@agno/core/credentials';
import { loadPeer, mapConcurrent, SignalScope } from '@agno/core/utils';
import type OpenAI from 'openai';
import { EmbeddingError } from '../errors.js';
import { toEmbeddingError } from './embedding-errors.js';
import { vectorsOf } from './vectors.js';

/** Options of an {@link OpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  /** The embedding model. Default `text-embedding-3-small`. */
  model?: string;
  /**
   * Length of the vectors. Default: the model's own for OpenAI's models (1536 for
   * `text-embedding-3-small`); required for any other model.
   */
  dimensions?: number;
  /**
   * Send `dimensions` with each request (OpenAI's `text-embedding-3-*` shorten their vectors to
   * it). Default: true for `text-embedding-3-*` models, false otherwise (most servers refuse it).
   */
  sendDimensions?: boolean;
  /** The API key. Default: `OPENAI_API_KEY`. A local server takes any placeholder (`ollama`). */
  apiKey?: string;
  /** The server's base URL, for example `http://localhost:11434/v1` for Ollama. */
  baseURL?: string;
  /** Headers sent with every request (registered as secrets: they never show in errors). */
  headers?: Record<string, string>;
  /** Most texts per request. Default 512 (OpenAI takes up to 2048). */
  batchSize?: number;
  /** Requests in flight at once per `embed` call. Default 4. */
  concurrency?: number;
  /** Retries of a failed request by the client (429, 5xx, connection errors), honouring `retry-after`. Default 2. */
  maxRetries?: number;
  /** Time allowed per request. Default 60 000 ms. */
  timeoutMs?: number;
  /** `base64` (default: about a quarter of the bytes on the wire) or `float`. */
  encoding?: 'base64' | 'float';
  /** A client to use instead of creating one (`apiKey`, `baseURL`, `headers`, `maxRetries` and `timeoutMs` are then its own). */
  client?: OpenAI;
}

/** Vector lengths of OpenAI's embedding models. */
const NATIVE_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** An {@link Embedder} on the OpenAI embeddings API. */
export class OpenAIEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  readonly maxBatchSize: number;
  /** Requests in flight at once per `embed` call. */
  readonly concurrency: number;
  // Private fields: the options and the client hold the key; inspect and JSON show neither.
  readonly #options: OpenAIEmbedderOptions;
  #client: Promise<OpenAI> | undefined;
  readonly #sendDimensions: boolean;
  readonly #provider: string;

  constructor(options: OpenAIEmbedderOptions = {}) {
    const model = options.model ?? 'text-embedding-3-small';
    const dimensions = options.dimensions ?? NATIVE_DIMENSIONS[model];
    if (dimensions === undefined || !Number.isInteger(dimensions) || dimensions < 1)
      throw new ConfigError(
        `openaiEmbedder: give the vector length of "${model}" as \`dimensions\` (a positive integer)`,
      );
    const batchSize = options.batchSize ?? 512;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2048)
      throw new ConfigError('openaiEmbedder: batchSize must be an integer from 1 to 2048');
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new ConfigError('openaiEmbedder: concurrency must be a positive integer');
    this.modelId = model;
    this.dimensions = dimensions;
    this.maxBatchSize = batchSize;
    this.concurrency = concurrency;
    this.#options = options;
    this.#sendDimensions = options.sendDimensions ?? model.startsWith('text-embedding-3');
    const base = options.client?.baseURL ?? options.baseURL;
    this.#provider = base === undefined || /(^|\.)openai\.com$/.test(hostOf(base)) ? 'OpenAI' : hostOf(base);
    if (options.client !== undefined) registerKey(options.client.apiKey);
    else {
      registerKey(options.apiKey);
      if (options.apiKey === undefined) registerEnvKey('OPENAI_API_KEY');
      registerHeaders(options.headers);
      registerURL(options.baseURL);
    }
  }

  /** One vector per text, in order; batches of {@link maxBatchSize}, {@link concurrency} at once. */
  async embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    for (let i = 0; i < texts.length; i++) {
      if (typeof texts[i] !== 'string' || texts[i]!.length === 0)
        throw new EmbeddingError(`text ${i} is empty or not a string: there is nothing to embed`);
    }
    if (texts.length === 0) return [];
    const scope = new SignalScope(options.signal);
    const ctx = { modelId: this.modelId, provider: this.#provider };
    try {
      const client = await scope.race(this.client());
      const size = this.maxBatchSize;
      const batches: (readonly string[])[] = [];
      for (let i = 0; i < texts.length; i += size) batches.push(texts.slice(i, i + size));
      const results = await mapConcurrent(batches, this.concurrency, async (batch) => {
        const body: OpenAI.EmbeddingCreateParams = {
          model: this.modelId,
          input: batch as string[],
          encoding_format: this.#options.encoding ?? 'base64',
        };
        if (this.#sendDimensions) body.dimensions = this.dimensions;
        // The client checks its signal only between attempts: the race ends a wait for retry-after.
        const response = await scope.race(client.embeddings.create(body, { signal: scope.signal }));
        return vectorsOf(
          response?.data,
          batch.length,
          this.dimensions,
          `${ctx.provider} model ${this.modelId}`,
        );
      });
      return results.length === 1 ? results[0]! : results.flat();
    } catch (error) {
      const mapped = toEmbeddingError(error, ctx, options.signal);
      scope.abort(mapped); // the other batches stop: the call is all or nothing
      throw mapped;
    } finally {
      scope.dispose();
    }
  }

  /** What `console.log` and `util.inspect` show: the model and the server, never the key. */
  toJSON(): Record<string, unknown> {
    const view: Record<string, unknown> = {
      modelId: this.modelId,
      dimensions: this.dimensions,
      provider: this.#provider,
      maxBatchSize: this.maxBatchSize,
      concurrency: this.concurrency,
    };
    const url = displayURL(this.#options.client?.baseURL ?? this.#options.baseURL);
    if (url !== undefined) view.baseURL = url;
    return view;
  }

  /** Same as {@link toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: unknown, inspect: unknown): string {
    return inspectView('OpenAIEmbedder', this.toJSON(), options, inspect);
  }

  /** The client: the one given, or one created on first use. */
  private client(): Promise<OpenAI> {
    this.#client ??= this.createClient().catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    return this.#client;
  }

  private async createClient(): Promise<OpenAI> {
    const o = this.#options;
    if (o.client !== undefined) return o.client;
    const { default: Client } = await loadPeer('openai', 'openaiEmbedder', () => import('openai'));
    try {
      const client = new Client({
        apiKey: o.apiKey,
        baseURL: o.baseURL,
        defaultHeaders: o.headers,
        maxRetries: o.maxRetries ?? 2,
        timeout: o.timeoutMs ?? 60_000,
        logLevel: 'off',
      });
      registerKey(client.apiKey);
      return client;
    } catch (error) {
      throw new ConfigError(
        `could not create the OpenAI client for embeddings: ${redactSecrets(errorMessage(error))} ` +
          '(set OPENAI_API_KEY or pass apiKey; a local server that needs no key accepts any string)',
      );
    }
  }
}

/**
 * An embedder on OpenAI's embeddings API: `openaiEmbedder()` (text-embedding-3-small, 1536
 * dimensions), `openaiEmbedder({ model: 'text-embedding-3-large', dimensions: 1024 })`, or a
 * compatible server: `openaiEmbedder({ model: 'nomic-embed-text', dimensions: 768, baseURL:
 * 'http://localhost:11434/v1', apiKey: 'ollama' })`.
 */
export function openaiEmbedder(options: OpenAIEmbedderOptions = {}): OpenAIEmbedder {
  return new OpenAIEmbedder(options);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the embeddings server';
  }
}
