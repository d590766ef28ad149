/**
 * The Anthropic Messages API as a core {@link Model}, on the official `@anthropic-ai/sdk` client.
 */
import type { AgnoError, Model, ModelRequest, ModelResponse, ModelStreamEvent } from '@agno/core';
import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import { collectStream, NON_STREAMING_MAX_TOKENS } from './collect-stream.js';
import { toAgnoError } from './errors.js';
import { EventStream } from './event-stream.js';
import type { AnthropicModelOptions } from './options.js';
import { type BuiltRequest, cachePlan, RequestBuilder } from './request-builder.js';
import { toModelResponse } from './response-mapper.js';
import { StreamMapper } from './stream-mapper.js';

/**
 * A Claude model. Construction only keeps the options: the client is built on the first call
 * and then shared by every call, concurrent ones included, so connections are kept alive.
 */
export class AnthropicModel implements Model {
  /** Always `anthropic`. */
  readonly provider = 'anthropic';
  /** The model id sent as `model`. */
  readonly modelId: string;
  /** The options given at construction (by reference). */
  readonly options: AnthropicModelOptions;
  #client: Anthropic | undefined = undefined;
  #builder: RequestBuilder | undefined = undefined;

  constructor(options: AnthropicModelOptions) {
    this.options = options;
    this.modelId = options.modelId;
  }

  /** The official client, built on first use (also handy for endpoints this package does not wrap). */
  get client(): Anthropic {
    return (this.#client ??= this.createClient());
  }

  /** One call, the whole reply at once. Rejects with an `AgnoError` (see the README for codes). */
  async generate(request: ModelRequest): Promise<ModelResponse> {
    try {
      const { params, output } = this.builder().build(request);
      if (
        params.max_tokens > NON_STREAMING_MAX_TOKENS &&
        (this.options.timeout ?? this.options.clientOptions?.timeout) === undefined
      ) {
        // The client only allows so long a call as a stream: gather one.
        return await collectStream(this.stream(request));
      }
      const message = await this.client.messages.create(
        params as MessageCreateParamsNonStreaming,
        request.signal === undefined ? undefined : { signal: request.signal },
      );
      return toModelResponse(message, output);
    } catch (error) {
      throw this.error(error, request.signal, false);
    }
  }

  /** One call, the reply as events ending with `usage` and `finish`; the iterator throws an `AgnoError`. */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const signal = request.signal;
    let built: BuiltRequest;
    try {
      built = this.builder().build(request);
    } catch (error) {
      return failed(this.error(error, signal, false));
    }
    const params = built.params as MessageCreateParamsStreaming;
    params.stream = true;
    const options = signal === undefined ? undefined : { signal };
    return new EventStream(
      () => this.client.messages.create(params, options),
      new StreamMapper(built.output),
      signal,
      (error, streaming) => this.error(error, signal, streaming),
    );
  }

  private builder(): RequestBuilder {
    return (this.#builder ??= new RequestBuilder(this.modelId, this.options, cachePlan(this.options.cache)));
  }

  private error(error: unknown, signal: AbortSignal | undefined, streaming: boolean): AgnoError {
    return toAgnoError(error, {
      modelId: this.modelId,
      signal,
      secret: this.#client?.apiKey ?? this.options.apiKey,
      streaming,
    });
  }

  private createClient(): Anthropic {
    const o = this.options;
    if (o.client !== undefined) return typeof o.client === 'function' ? o.client() : o.client;
    const options: ClientOptions = { ...o.clientOptions };
    if (o.apiKey !== undefined) options.apiKey = o.apiKey;
    if (o.baseURL !== undefined) options.baseURL = o.baseURL;
    if (o.maxRetries !== undefined) options.maxRetries = o.maxRetries;
    if (o.timeout !== undefined) options.timeout = o.timeout;
    if (o.defaultHeaders !== undefined || o.apiVersion !== undefined) {
      const headers: Record<string, string> = { ...o.defaultHeaders };
      if (o.apiVersion !== undefined) headers['anthropic-version'] = o.apiVersion;
      options.defaultHeaders = headers;
    }
    if (o.fetch !== undefined) options.fetch = o.fetch;
    return new Anthropic(options);
  }
}

/** A Claude model: `anthropic('claude-sonnet-5-5', { maxTokens: 2048 })`. */
export function anthropic(
  modelId: string,
  options: Omit<AnthropicModelOptions, 'modelId'> = {},
): AnthropicModel {
  return new AnthropicModel({ ...options, modelId });
}

/** A stream that throws `error` on its first step. */
function failed(error: AgnoError): AsyncIterable<ModelStreamEvent> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
  };
}
