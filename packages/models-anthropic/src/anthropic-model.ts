/**
 * The Anthropic Messages API as a core {@link Model}, on the official `@anthropic-ai/sdk` client.
 */
import type { AgnoError, Model, ModelRequest, ModelResponse, ModelStreamEvent } from '@agno/core';
import {
  displayURL,
  inspectView,
  registerEnvKey,
  registerHeaders,
  registerKey,
  registerQuery,
  registerURL,
} from '@agno/core/credentials';
import { SignalScope } from '@agno/core/utils';
import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import { collectStream, NON_STREAMING_MAX_TOKENS } from './collect-stream.js';
import { toAgnoError } from './errors.js';
import { EventStream } from './event-stream.js';
import type { AnthropicModelOptions, AnthropicModelSettings } from './options.js';
import { type BuiltRequest, cachePlan, RequestBuilder } from './request-builder.js';
import { toModelResponse } from './response-mapper.js';
import { StreamMapper } from './stream-mapper.js';

const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/** The options that carry credentials, left out of {@link AnthropicModel.options}. */
const CREDENTIAL_OPTIONS = ['apiKey', 'defaultHeaders', 'clientOptions', 'client'] as const;

/**
 * What a model shows of itself in `console.log`, `util.inspect` and `JSON.stringify`: which model
 * it calls and how, never its key, headers or client.
 */
export interface AnthropicModelView {
  provider: 'anthropic';
  modelId: string;
  /** The `baseURL` option without user name, password or query string. */
  baseURL?: string;
  maxTokens?: number;
  maxRetries?: number;
  timeout?: number;
  apiVersion?: string;
}

/**
 * A Claude model. Construction keeps the options and registers the credentials among them with
 * core (so that core redacts them from every message); the client is built on the first call
 * and then shared by every call, concurrent ones included, so connections are kept alive.
 *
 * The options and the client are private fields: `console.log(model)`, `JSON.stringify(model)`,
 * `Object.keys(model)` and spreads show only `provider`, `modelId` and non-secret settings
 * ({@link AnthropicModelView}).
 */
export class AnthropicModel implements Model {
  /** Always `anthropic`. */
  readonly provider = 'anthropic';
  /** The model id sent as `model`. */
  readonly modelId: string;
  /**
   * Where the model is served: the base URL without credentials or query string (the public
   * API's when none is set), so caches and metrics tell gateways and regions apart.
   */
  readonly endpoint: string | undefined;
  readonly #options: AnthropicModelOptions;
  #client: Anthropic | undefined = undefined;
  #builder: RequestBuilder | undefined = undefined;

  constructor(options: AnthropicModelOptions) {
    this.#options = options;
    this.modelId = options.modelId;
    this.endpoint = displayURL(
      (typeof options.client === 'object' ? options.client.baseURL : undefined) ??
        options.baseURL ??
        options.clientOptions?.baseURL ??
        (globalThis.process?.env?.ANTHROPIC_BASE_URL || ANTHROPIC_BASE_URL),
    );
    registerCredentials(options);
  }

  /**
   * The options given at construction, without those that carry credentials (`apiKey`,
   * `defaultHeaders`, `clientOptions`, `client`): a fresh copy on every read.
   */
  get options(): AnthropicModelSettings {
    const settings: AnthropicModelOptions = { ...this.#options };
    for (const key of CREDENTIAL_OPTIONS) delete settings[key];
    if (settings.baseURL?.includes('@')) settings.baseURL = displayURL(settings.baseURL);
    return settings;
  }

  /** What `JSON.stringify(model)` shows: provider, model id and non-secret settings. */
  toJSON(): AnthropicModelView {
    const o = this.#options;
    const view: AnthropicModelView = { provider: this.provider, modelId: this.modelId };
    const baseURL = displayURL(o.baseURL);
    if (baseURL !== undefined) view.baseURL = baseURL;
    if (o.maxTokens !== undefined) view.maxTokens = o.maxTokens;
    if (o.maxRetries !== undefined) view.maxRetries = o.maxRetries;
    if (o.timeout !== undefined) view.timeout = o.timeout;
    if (o.apiVersion !== undefined) view.apiVersion = o.apiVersion;
    return view;
  }

  /** What `console.log(model)` and `util.inspect(model)` show: the same as {@link toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: unknown, inspect: unknown): string {
    return inspectView('AnthropicModel', this.toJSON(), options, inspect);
  }

  /** The official client, built on first use (also handy for endpoints this package does not wrap). */
  get client(): Anthropic {
    return (this.#client ??= this.createClient());
  }

  /** One call, the whole reply at once. Rejects with an `AgnoError` (see the README for codes). */
  async generate(request: ModelRequest): Promise<ModelResponse> {
    let scope: SignalScope | undefined;
    try {
      const { params, output } = this.builder().build(request);
      if (
        params.max_tokens > NON_STREAMING_MAX_TOKENS &&
        (this.#options.timeout ?? this.#options.clientOptions?.timeout) === undefined
      ) {
        // The client only allows so long a call as a stream: gather one.
        return await collectStream(this.stream(request));
      }
      // A per-call signal (the client never removes the listener it adds to the one it gets),
      // and a race, so an abort during the client's retry wait ends the call at once.
      scope = request.signal === undefined ? undefined : new SignalScope(request.signal);
      const pending = this.client.messages.create(
        params as MessageCreateParamsNonStreaming,
        scope === undefined ? undefined : { signal: scope.signal },
      );
      return toModelResponse(await (scope === undefined ? pending : scope.race(pending)), output);
    } catch (error) {
      throw this.error(error, request.signal, false);
    } finally {
      scope?.dispose();
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
    return new EventStream(
      (callSignal) =>
        this.client.messages.create(params, callSignal === undefined ? undefined : { signal: callSignal }),
      new StreamMapper(built.output),
      signal,
      (error, streaming) => this.error(error, signal, streaming),
    );
  }

  private builder(): RequestBuilder {
    return (this.#builder ??= new RequestBuilder(
      this.modelId,
      this.#options,
      cachePlan(this.#options.cache),
    ));
  }

  private error(error: unknown, signal: AbortSignal | undefined, streaming: boolean): AgnoError {
    return toAgnoError(error, {
      modelId: this.modelId,
      signal,
      secret: this.#client?.apiKey ?? this.#options.apiKey,
      streaming,
    });
  }

  private createClient(): Anthropic {
    const client = this.buildClient();
    // The credentials the client resolved (from the environment when no option set them).
    registerKey(client.apiKey);
    registerKey(client.authToken);
    registerURL(client.baseURL);
    return client;
  }

  private buildClient(): Anthropic {
    const o = this.#options;
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
    if (o.logger !== undefined) options.logger = o.logger;
    const logLevel =
      o.logLevel ?? o.clientOptions?.logLevel ?? (options.logger === undefined ? 'off' : undefined);
    if (logLevel !== undefined) options.logLevel = logLevel;
    return new Anthropic(options);
  }
}

/**
 * Registers every credential among `options` with core's `registerSecret`: the API key and
 * auth token (or the environment variables the client reads in their place), the headers,
 * credential query parameters and a password in the base URL, and the key of a client given as is.
 */
function registerCredentials(o: AnthropicModelOptions): void {
  const c = o.clientOptions;
  if (o.client !== undefined) {
    // A function making the client is called on the first call; `createClient` registers then.
    if (typeof o.client !== 'function') {
      registerKey(o.client.apiKey);
      registerKey(o.client.authToken);
    }
    return;
  }
  registerKey(o.apiKey);
  registerKey(c?.apiKey);
  registerKey(c?.authToken);
  registerKey(c?.webhookKey);
  if (o.apiKey === undefined && c?.apiKey === undefined) registerEnvKey('ANTHROPIC_API_KEY');
  if (c?.authToken === undefined) registerEnvKey('ANTHROPIC_AUTH_TOKEN');
  registerEnvKey('ANTHROPIC_WEBHOOK_SIGNING_KEY');
  registerHeaders(c?.defaultHeaders);
  registerHeaders(o.defaultHeaders);
  registerQuery(c?.defaultQuery);
  registerURL(o.baseURL ?? c?.baseURL);
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
