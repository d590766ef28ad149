/**
 * Gemini (the Gemini API, or Vertex AI) as a core {@link Model}, on the official `@google/genai`
 * client.
 */
import type { AgnoError, Model, ModelRequest, ModelResponse, ModelStreamEvent } from '@agno/core';
import {
  displayURL,
  inspectView,
  registerEnvKey,
  registerHeaders,
  registerKey,
  registerURL,
} from '@agno/core/credentials';
import { SignalScope } from '@agno/core/utils';
import { GoogleGenAI, type GoogleGenAIOptions, type HttpOptions } from '@google/genai';
import { toAgnoError } from './errors.js';
import { EventStream } from './event-stream.js';
import { failureFetch } from './http-failure.js';
import type { GoogleModelOptions, GoogleModelSettings } from './options.js';
import { RequestBuilder } from './request-builder.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from './retry.js';
import { TurnReader } from './turn.js';
import { toUsage } from './usage.js';

const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

/** The options that carry credentials, left out of {@link GoogleModel.options}. */
const CREDENTIAL_OPTIONS = [
  'apiKey',
  'googleAuthOptions',
  'headers',
  'httpOptions',
  'fetch',
  'client',
] as const;

/**
 * What a model shows of itself in `console.log`, `util.inspect` and `JSON.stringify`: which model
 * it calls and where, never its key, headers or client.
 */
export interface GoogleModelView {
  provider: 'google';
  modelId: string;
  /** The API in use. */
  api: 'gemini' | 'vertexai';
  /** The `baseURL` option without user name, password or query string. */
  baseURL?: string;
  project?: string;
  location?: string;
  maxTokens?: number;
  maxRetries?: number;
  timeout?: number;
}

/**
 * A Gemini model. Construction keeps the options and registers the credentials among them with
 * core (so that core redacts them from every message); the client is built on the first call
 * and then shared by every call, concurrent ones included.
 *
 * The options and the client are private fields: `console.log(model)`, `JSON.stringify(model)`,
 * `Object.keys(model)` and spreads show only `provider`, `modelId`, `endpoint` and non-secret
 * settings ({@link GoogleModelView}).
 */
export class GoogleModel implements Model {
  /** Always `google`. */
  readonly provider = 'google';
  /** The model id sent in the path (`models/{modelId}:generateContent`). */
  readonly modelId: string;
  /**
   * Where the model is served: the base URL without credentials or query string (Google's
   * Gemini API, or the Vertex AI endpoint of the location), so caches and metrics tell them apart.
   */
  readonly endpoint: string | undefined;
  readonly #options: GoogleModelOptions;
  readonly #retry: RetryPolicy;
  #client: GoogleGenAI | undefined = undefined;
  #builder: RequestBuilder | undefined = undefined;

  constructor(options: GoogleModelOptions) {
    this.#options = options;
    this.modelId = options.modelId;
    this.#retry = {
      maxRetries: options.maxRetries ?? DEFAULT_RETRY.maxRetries,
      maxDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    };
    this.endpoint = displayURL(endpointOf(options));
    registerCredentials(options);
  }

  /** The options given at construction, without those that carry credentials: a fresh copy on every read. */
  get options(): GoogleModelSettings {
    const settings: GoogleModelOptions = { ...this.#options };
    for (const key of CREDENTIAL_OPTIONS) delete settings[key];
    if (settings.baseURL?.includes('@')) settings.baseURL = displayURL(settings.baseURL);
    return settings;
  }

  /** What `JSON.stringify(model)` shows: provider, model id and non-secret settings. */
  toJSON(): GoogleModelView {
    const o = this.#options;
    const view: GoogleModelView = {
      provider: this.provider,
      modelId: this.modelId,
      api: o.vertexai === true ? 'vertexai' : 'gemini',
    };
    const baseURL = displayURL(o.baseURL);
    if (baseURL !== undefined) view.baseURL = baseURL;
    if (o.project !== undefined) view.project = o.project;
    if (o.location !== undefined) view.location = o.location;
    if (o.maxTokens !== undefined) view.maxTokens = o.maxTokens;
    if (o.maxRetries !== undefined) view.maxRetries = o.maxRetries;
    if (o.timeout !== undefined) view.timeout = o.timeout;
    return view;
  }

  /** What `console.log(model)` and `util.inspect(model)` show: the same as {@link toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: unknown, inspect: unknown): string {
    return inspectView('GoogleModel', this.toJSON(), options, inspect);
  }

  /** The official client, built on first use (also handy for endpoints this package does not wrap). */
  get client(): GoogleGenAI {
    return (this.#client ??= this.createClient());
  }

  /** One call, the whole reply at once. Rejects with an `AgnoError` (see the README for codes). */
  async generate(request: ModelRequest): Promise<ModelResponse> {
    const signal = request.signal;
    // A per-call signal: the client never removes the listener it adds to the one it gets.
    const scope = signal === undefined ? undefined : new SignalScope(signal);
    try {
      const params = this.builder().build(request);
      if (scope !== undefined) params.config.abortSignal = scope.signal;
      const models = this.client.models;
      const response = await withRetries(
        () =>
          scope === undefined ? models.generateContent(params) : scope.race(models.generateContent(params)),
        this.#retry,
        signal,
        (error) => this.error(error, signal, false),
      );
      const turn = new TurnReader(true);
      turn.read(response);
      const failure = turn.failure();
      if (failure !== undefined) throw failure;
      const out: ModelResponse = {
        text: turn.text,
        toolCalls: turn.calls,
        finishReason: turn.finish(),
        usage: toUsage(turn.usage),
        raw: response,
      };
      if (turn.reasoning.length > 0) out.reasoning = turn.reasoning;
      const providerData = turn.providerData();
      if (providerData !== undefined) out.providerData = providerData;
      return out;
    } catch (error) {
      throw this.error(error, signal, false);
    } finally {
      scope?.dispose();
    }
  }

  /** One call, the reply as events ending with `usage` and `finish`; the iterator throws an `AgnoError`. */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const signal = request.signal;
    let params: ReturnType<RequestBuilder['build']>;
    try {
      params = this.builder().build(request);
    } catch (error) {
      return failed(this.error(error, signal, false));
    }
    return new EventStream(
      (callSignal) => {
        if (callSignal !== undefined) params.config.abortSignal = callSignal;
        const models = this.client.models;
        return withRetries(
          () => models.generateContentStream(params),
          this.#retry,
          signal,
          (error) => this.error(error, signal, false),
        );
      },
      signal,
      (error, streaming) => this.error(error, signal, streaming),
    );
  }

  private builder(): RequestBuilder {
    return (this.#builder ??= new RequestBuilder(this.modelId, this.#options));
  }

  private error(error: unknown, signal: AbortSignal | undefined, streaming: boolean): AgnoError {
    const key = (this.#client as { apiKey?: string } | undefined)?.apiKey ?? this.#options.apiKey;
    return toAgnoError(error, { modelId: this.modelId, signal, secret: key, streaming });
  }

  private createClient(): GoogleGenAI {
    const client = this.buildClient();
    // The key the client resolved (from the environment when no option set it).
    registerKey((client as unknown as { apiKey?: string }).apiKey);
    return client;
  }

  private buildClient(): GoogleGenAI {
    const o = this.#options;
    if (o.client !== undefined) return typeof o.client === 'function' ? o.client() : o.client;
    const httpOptions: HttpOptions = { ...o.httpOptions };
    if (o.baseURL !== undefined) httpOptions.baseUrl = o.baseURL;
    if (o.timeout !== undefined) httpOptions.timeout = o.timeout;
    if (o.headers !== undefined) httpOptions.headers = { ...httpOptions.headers, ...o.headers };
    httpOptions.fetch = failureFetch(o.fetch ?? o.httpOptions?.fetch);
    const options: GoogleGenAIOptions = { httpOptions };
    if (o.apiKey !== undefined) options.apiKey = o.apiKey;
    if (o.vertexai !== undefined) options.vertexai = o.vertexai;
    if (o.project !== undefined) options.project = o.project;
    if (o.location !== undefined) options.location = o.location;
    if (o.googleAuthOptions !== undefined) options.googleAuthOptions = o.googleAuthOptions;
    if (o.apiVersion !== undefined) options.apiVersion = o.apiVersion;
    return new GoogleGenAI(options);
  }
}

/** Where the options point: the base URL, else the environment's, else Google's endpoint. */
function endpointOf(o: GoogleModelOptions): string {
  if (o.baseURL !== undefined) return o.baseURL;
  if (o.httpOptions?.baseUrl !== undefined) return o.httpOptions.baseUrl;
  const env = globalThis.process?.env;
  if (o.vertexai === true) {
    const location = o.location ?? env?.GOOGLE_CLOUD_LOCATION ?? 'global';
    return (
      env?.GOOGLE_VERTEX_BASE_URL ||
      (location === 'global'
        ? 'https://aiplatform.googleapis.com'
        : `https://${location}-aiplatform.googleapis.com`)
    );
  }
  return env?.GOOGLE_GEMINI_BASE_URL || GEMINI_BASE_URL;
}

/**
 * Registers every credential among `options` with core's `registerSecret`: the API key (or the
 * environment variables the client reads in its place), the headers, a password in the base URL,
 * and the service account key of `googleAuthOptions`.
 */
function registerCredentials(o: GoogleModelOptions): void {
  if (o.client !== undefined) {
    // A function making the client is called on the first call; `createClient` registers then.
    if (typeof o.client !== 'function') registerKey((o.client as unknown as { apiKey?: string }).apiKey);
    return;
  }
  registerKey(o.apiKey);
  if (o.apiKey === undefined) {
    registerEnvKey('GOOGLE_API_KEY');
    registerEnvKey('GEMINI_API_KEY');
  }
  registerHeaders(o.headers);
  registerHeaders(o.httpOptions?.headers);
  registerURL(o.baseURL ?? o.httpOptions?.baseUrl);
  const credentials = o.googleAuthOptions?.credentials as { private_key?: unknown } | undefined;
  registerKey(credentials?.private_key);
}

/** A Gemini model on the Gemini API: `google('gemini-2.5-flash', { maxTokens: 2048 })`. */
export function google(modelId: string, options: Omit<GoogleModelOptions, 'modelId'> = {}): GoogleModel {
  return new GoogleModel({ ...options, modelId });
}

/** A Gemini model on Vertex AI: `vertex('gemini-2.5-flash', { project: 'my-project', location: 'us-central1' })`. */
export function vertex(
  modelId: string,
  options: Omit<GoogleModelOptions, 'modelId' | 'vertexai'> = {},
): GoogleModel {
  return new GoogleModel({ ...options, modelId, vertexai: true });
}

/** A stream that throws `error` on its first step. */
function failed(error: AgnoError): AsyncIterable<ModelStreamEvent> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
  };
}
