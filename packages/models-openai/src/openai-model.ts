/**
 * `OpenAIModel`: core's `Model` on the official `openai` client, over Chat Completions
 * (the default) or the Responses API. Construction keeps the options and registers the
 * credentials among them with core (so that core redacts them from every message); the client is
 * created on the first call and reused by every call after it, so connections stay alive and
 * concurrent runs share them.
 */
import {
  ConfigError,
  errorMessage,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  redactSecrets,
} from '@agno/core';
import {
  displayURL,
  inspectView,
  registerEnvKey,
  registerHeaders,
  registerKey,
  registerQuery,
  registerURL,
} from '@agno/core/credentials';
import type { NullRestorer } from '@agno/core/utils';
import OpenAI, { type ClientOptions } from 'openai';
import { chatGenerate, chatStream } from './chat-completions.js';
import type { ModelHost } from './host.js';
import { responsesGenerate, responsesStream } from './responses-api.js';
import { type ChatCompat, type RequestSettings, resolveCompat } from './settings.js';
import { restoreResponse, restorerOf, restoreStream } from './structured-output.js';

/** Which OpenAI API a model talks to. */
export type OpenAIApi = 'chat' | 'responses';

/** Options of an {@link OpenAIModel}. Everything but `modelId` is optional. */
export interface OpenAIModelOptions {
  /** The model id, for example `gpt-4o-mini` (or whatever a compatible server calls its model). */
  modelId: string;
  /** `chat` (Chat Completions, the default; what compatible servers speak) or `responses`. */
  api?: OpenAIApi;
  /** The API key. Default: the variable `apiKeyEnv` names. Local servers that need none accept any string. */
  apiKey?: string;
  /**
   * The environment variable that holds the API key when `apiKey` is not given. Default
   * `OPENAI_API_KEY`. Another name (`GROQ_API_KEY`) is read alone: `OPENAI_API_KEY` is then never
   * sent to that server.
   */
  apiKeyEnv?: string;
  /** The API's base URL, for OpenAI-compatible servers. Default: `OPENAI_BASE_URL`, else OpenAI's. */
  baseURL?: string;
  /** OpenAI organization id. Default: `OPENAI_ORG_ID`. */
  organization?: string;
  /** OpenAI project id. Default: `OPENAI_PROJECT_ID`. */
  project?: string;
  /** Headers sent with every request (gateways, tracing). */
  defaultHeaders?: Record<string, string>;
  /** Query parameters sent with every request (for example an `api-version`). */
  defaultQuery?: Record<string, string>;
  /** A `fetch` to send requests with (proxies, tests, instrumentation). */
  fetch?: ClientOptions['fetch'];
  /** How long to wait for a response's headers before timing out, per attempt. Default 10 minutes. */
  timeoutMs?: number;
  /**
   * How many times the client retries a failed call (connection errors, 408, 409, 429, 5xx),
   * with exponential backoff that honours `retry-after` and `retry-after-ms`. Default 2.
   */
  maxRetries?: number;
  /** Role given to system messages: `system` (default) or `developer` (newer OpenAI models). */
  systemRole?: 'system' | 'developer';
  /**
   * Chat Completions field that carries `maxTokens`. Default: `max_completion_tokens` when
   * talking to api.openai.com (newer models require it), `max_tokens` for any other server.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Sends `parallel_tool_calls` (with tools only). Left out, the server's default applies. */
  parallelToolCalls?: boolean;
  /** Extra body fields for every request (`seed`, `reasoning_effort`, `store`...); a run's own `providerOptions` win. */
  providerOptions?: Record<string, unknown>;
  /** Chat Completions: how an OpenAI-compatible server departs from OpenAI's API (see {@link ChatCompat}). */
  compat?: ChatCompat;
  /** Provider name the model reports (for traces and errors). Default `openai`. */
  provider?: string;
  /**
   * The client's own logging (`'off'`, `'error'`, `'warn'`, `'info'`, `'debug'`). Default `'off'`
   * (or the client's default, `'warn'`, when a `logger` is given): the client logs a stream chunk
   * it cannot parse, raw, and that chunk can hold user content. The package's errors carry what
   * went wrong either way.
   */
  logLevel?: ClientOptions['logLevel'];
  /** Where the client's own log lines go (default `console`, at the `logLevel` above). */
  logger?: ClientOptions['logger'];
  /** Any other `openai` client option. The named options above take precedence. */
  clientOptions?: ClientOptions;
  /** A client to use instead of creating one (the options above that configure a client are then ignored). */
  client?: OpenAI;
}

const OPENAI_HOST = 'api.openai.com';
const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * What a model shows of itself in `console.log`, `util.inspect` and `JSON.stringify`: who it
 * talks to and how, never its key, headers, query parameters or client.
 */
export interface OpenAIModelView {
  provider: string;
  modelId: string;
  api: OpenAIApi;
  /** The `baseURL` option without user name, password or query string. */
  baseURL?: string;
  maxRetries?: number;
  timeoutMs?: number;
}

/**
 * A {@link Model} backed by the OpenAI API or any server that speaks it. Its options and client
 * are private fields: `console.log(model)`, `JSON.stringify(model)`, `Object.keys(model)` and
 * spreads show only `provider`, `modelId`, `api` and non-secret settings ({@link OpenAIModelView}).
 */
export class OpenAIModel implements Model, ModelHost {
  /** The `provider` option, or `openai`. */
  readonly provider: string;
  /** The model id sent with every request. */
  readonly modelId: string;
  /** The API this model talks to. */
  readonly api: OpenAIApi;
  /**
   * Where the model is served: the client's base URL (an Azure client's includes its deployment)
   * without credentials or query string, so caches and metrics tell deployments apart.
   */
  readonly endpoint: string | undefined;
  // Private fields (not `private` properties): they stay out of `console.log(model)` and
  // `JSON.stringify`, since the options and the client hold the API key.
  readonly #options: OpenAIModelOptions;
  #client: OpenAI | undefined = undefined;
  #settings: RequestSettings | undefined = undefined;

  constructor(options: OpenAIModelOptions) {
    this.#options = options;
    this.modelId = options.modelId;
    this.api = options.api ?? 'chat';
    this.provider = options.provider ?? 'openai';
    this.endpoint = displayURL(
      (options.client === undefined ? undefined : clientURL(options.client)) ??
        options.baseURL ??
        options.clientOptions?.baseURL ??
        (globalThis.process?.env?.OPENAI_BASE_URL || OPENAI_BASE_URL),
    );
    registerCredentials(options);
  }

  /** What `JSON.stringify(model)` shows: provider, model id, API and non-secret settings. */
  toJSON(): OpenAIModelView {
    const o = this.#options;
    const view: OpenAIModelView = { provider: this.provider, modelId: this.modelId, api: this.api };
    const baseURL = displayURL(o.baseURL);
    if (baseURL !== undefined) view.baseURL = baseURL;
    if (o.maxRetries !== undefined) view.maxRetries = o.maxRetries;
    if (o.timeoutMs !== undefined) view.timeoutMs = o.timeoutMs;
    return view;
  }

  /** What `console.log(model)` and `util.inspect(model)` show: the same as {@link toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: unknown, inspect: unknown): string {
    return inspectView('OpenAIModel', this.toJSON(), options, inspect);
  }

  /**
   * The underlying `openai` client, created on first use (for what this package does not
   * cover: embeddings, files, moderation). Throws a `config_error` when no API key is set.
   */
  get client(): OpenAI {
    return this.#client ?? this.createClient();
  }

  /** @internal The API key in use, for removing it from error messages. */
  get apiKey(): string | null | undefined {
    return this.#client?.apiKey ?? this.#options.apiKey;
  }

  /** @internal The request settings, resolved with the client. */
  get settings(): RequestSettings {
    return this.#settings ?? this.resolveSettings();
  }

  /** {@inheritDoc Model.generate} */
  generate(request: ModelRequest): Promise<ModelResponse> {
    const pending = this.api === 'responses' ? responsesGenerate(this, request) : chatGenerate(this, request);
    const restore = this.restorer(request);
    return restore === undefined ? pending : pending.then((response) => restoreResponse(response, restore));
  }

  /** {@inheritDoc Model.stream} */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const events = this.api === 'responses' ? responsesStream(this, request) : chatStream(this, request);
    const restore = this.restorer(request);
    return restore === undefined ? events : restoreStream(events, restore);
  }

  /** How the reply's text is restored: only a strict-transformed schema needs it. */
  private restorer(request: ModelRequest): NullRestorer | undefined {
    const format = request.responseFormat;
    if (format === undefined) return undefined;
    return this.api === 'chat' && this.#options.compat?.strict === false ? undefined : restorerOf(format);
  }

  /** True once the client exists (it is created on the first call). */
  get connected(): boolean {
    return this.#client !== undefined;
  }

  private createClient(): OpenAI {
    const o = this.#options;
    if (!o.modelId) throw new ConfigError('an OpenAI model needs a modelId');
    if (o.client !== undefined) return (this.#client = o.client);
    const config: ClientOptions = { ...o.clientOptions };
    if (o.apiKey !== undefined) config.apiKey = o.apiKey;
    else if (o.apiKeyEnv !== undefined && o.apiKeyEnv !== 'OPENAI_API_KEY' && config.apiKey === undefined) {
      const key = globalThis.process?.env?.[o.apiKeyEnv];
      if (!key) throw new ConfigError(`${this.provider} needs an API key: set ${o.apiKeyEnv} or pass apiKey`);
      config.apiKey = key;
    }
    if (o.baseURL !== undefined) config.baseURL = o.baseURL;
    if (o.organization !== undefined) config.organization = o.organization;
    if (o.project !== undefined) config.project = o.project;
    if (o.defaultHeaders !== undefined) config.defaultHeaders = o.defaultHeaders;
    if (o.defaultQuery !== undefined) config.defaultQuery = o.defaultQuery;
    if (o.fetch !== undefined) config.fetch = o.fetch;
    if (o.timeoutMs !== undefined) config.timeout = o.timeoutMs;
    config.maxRetries = o.maxRetries ?? o.clientOptions?.maxRetries ?? 2;
    if (o.logger !== undefined) config.logger = o.logger;
    const logLevel =
      o.logLevel ?? o.clientOptions?.logLevel ?? (config.logger === undefined ? 'off' : undefined);
    if (logLevel !== undefined) config.logLevel = logLevel;
    try {
      const client = new OpenAI(config);
      // The key the client resolved (from OPENAI_API_KEY when no option set it).
      registerKey(client.apiKey);
      registerURL(client.baseURL);
      return (this.#client = client);
    } catch (error) {
      throw new ConfigError(
        `could not create the ${this.provider} client: ${redactSecrets(errorMessage(error))} ` +
          `(set ${o.apiKeyEnv ?? 'OPENAI_API_KEY'} or pass apiKey; a local server that needs no key accepts any string)`,
      );
    }
  }

  private resolveSettings(): RequestSettings {
    const o = this.#options;
    let maxTokensField = o.maxTokensField;
    if (maxTokensField === undefined) {
      let host = '';
      try {
        host = new URL(this.client.baseURL).hostname;
      } catch {}
      maxTokensField = host === OPENAI_HOST ? 'max_completion_tokens' : 'max_tokens';
    }
    return (this.#settings = {
      modelId: o.modelId,
      systemRole: o.systemRole ?? 'system',
      maxTokensField,
      parallelToolCalls: o.parallelToolCalls,
      providerOptions: o.providerOptions,
      compat: resolveCompat(o.compat),
    });
  }
}

/**
 * Registers every credential among `options` with core's `registerSecret`: the API key (or the
 * environment variables the client reads in its place), the headers, credential query parameters
 * and a password in the base URL, and the key of a client given as is.
 */
function registerCredentials(o: OpenAIModelOptions): void {
  const c = o.clientOptions;
  if (o.client !== undefined) {
    registerKey(o.client.apiKey);
    return;
  }
  registerKey(o.apiKey);
  registerKey(c?.apiKey);
  registerKey(c?.adminAPIKey);
  registerKey(c?.webhookSecret);
  if (o.apiKey === undefined && c?.apiKey === undefined) registerEnvKey(o.apiKeyEnv ?? 'OPENAI_API_KEY');
  registerEnvKey('OPENAI_ADMIN_KEY');
  registerEnvKey('OPENAI_WEBHOOK_SECRET');
  registerHeaders(c?.defaultHeaders);
  registerHeaders(o.defaultHeaders);
  registerQuery(c?.defaultQuery);
  registerQuery(o.defaultQuery);
  registerURL(o.baseURL ?? c?.baseURL);
}

/** A client's base URL; an Azure client's with its deployment, which it adds per request. */
function clientURL(client: OpenAI): string {
  const deployment = (client as { deploymentName?: unknown }).deploymentName;
  const base = client.baseURL;
  return typeof deployment === 'string' && deployment.length > 0 && !base.includes('/deployments')
    ? `${base.replace(/\/+$/, '')}/deployments/${encodeURIComponent(deployment)}`
    : base;
}

/**
 * An OpenAI model: `openai('gpt-4o-mini')`, or with options
 * `openai('gpt-4.1', { api: 'responses' })`, `openai('llama3.2', { baseURL, apiKey })`.
 */
export function openai(modelId: string, options: Omit<OpenAIModelOptions, 'modelId'> = {}): OpenAIModel {
  return new OpenAIModel({ ...options, modelId });
}
