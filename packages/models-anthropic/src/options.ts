/**
 * Options of an {@link AnthropicModel}: how to reach the API and the defaults of every call.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ClientOptions } from '@anthropic-ai/sdk';
import type { ReasoningMode } from './reasoning.js';

/** `max_tokens` sent when neither the request nor the model options set one (the API requires it). */
export const DEFAULT_MAX_TOKENS = 4096;

/** Where `cache_control: { type: 'ephemeral' }` markers go (prompt caching). */
export interface PromptCacheOptions {
  /** Mark the end of the system prompt. Default true. */
  system?: boolean;
  /** Mark the last tool definition (caches every tool). Default true. */
  tools?: boolean;
  /** Mark the last block of the last message (caches the conversation so far). Default true. */
  messages?: boolean;
  /** How long the cache entry lives. The API's default is `5m`. */
  ttl?: '5m' | '1h';
}

/**
 * How structured output (core's `responseFormat`) is asked for:
 * - `tool` (default): a tool whose `input_schema` is the response schema, which the model must
 *   call; its input becomes the reply text as JSON. Works on every Claude model.
 * - `json`: the API's JSON outputs (`output_config.format`), on models that support it.
 */
export type StructuredOutputMode = 'tool' | 'json';

/** Options of {@link AnthropicModel}. Everything is optional except the model id. */
export interface AnthropicModelOptions {
  /** The model id, for example `claude-sonnet-4-5`. */
  modelId: string;
  /** API key. Default: the `ANTHROPIC_API_KEY` environment variable (read by the client). */
  apiKey?: string;
  /** Base URL of the API (a proxy, a gateway, a local test server). Default: `ANTHROPIC_BASE_URL` or the public API. */
  baseURL?: string;
  /** How many times the client retries 408/409/429/5xx/529 and connection errors, honouring `retry-after`. Default 2. */
  maxRetries?: number;
  /** Time limit of one HTTP attempt, in milliseconds. Default: the client's (10 minutes). */
  timeout?: number;
  /** Headers sent with every request (`anthropic-beta` flags, gateway headers). */
  defaultHeaders?: Record<string, string>;
  /** A custom `fetch` (proxies, instrumentation). */
  fetch?: ClientOptions['fetch'];
  /**
   * The client's own logging (`'off'`, `'error'`, `'warn'`, `'info'`, `'debug'`). Default `'off'`
   * (or the client's default, `'warn'`, when a `logger` is given): the client logs a stream chunk
   * it cannot parse, raw, and that chunk can hold user content. The package's errors carry what
   * went wrong either way.
   */
  logLevel?: ClientOptions['logLevel'];
  /** Where the client's own log lines go (default `console`, at the `logLevel` above). */
  logger?: ClientOptions['logger'];
  /** Any other option of the official client, passed as is. */
  clientOptions?: ClientOptions;
  /**
   * A client to use instead of building one (an `Anthropic` instance, or a function that makes
   * one, called once on the first call). Connection options above are then ignored.
   */
  client?: Anthropic | (() => Anthropic);
  /** `max_tokens` when the request sets none. Default {@link DEFAULT_MAX_TOKENS}. */
  maxTokens?: number;
  /**
   * The `anthropic-version` header. Default: the client's own (`2026-10-21` for this SDK major).
   * API versions from `2026-10-21` on reject `temperature`; set `2023-06-01` to send it to models
   * that still accept it. (With your own `client`, set the header on it too: this option then
   * only tells the package which version is in use.)
   */
  apiVersion?: string;
  /** Prompt caching: `true` marks system, tools and the last message; or choose the places. */
  cache?: boolean | PromptCacheOptions;
  /** How structured output is asked for. Default `tool`. */
  structuredOutput?: StructuredOutputMode;
  /** Forward `ToolSpec.strict` as the API's strict tool use (only on models that support it). Default false. */
  strictTools?: boolean;
  /** Ask for at most one tool call per turn (`disable_parallel_tool_use`). Default false. */
  disableParallelToolUse?: boolean;
  /** Extra request parameters sent with every call (`thinking`, `metadata`, `service_tier`...). */
  params?: Record<string, unknown>;
  /**
   * How a run's `reasoning` is asked for: `budget` (default) sends extended thinking with a token
   * budget (`low` 1024, `medium` 4096, `high` 16384, or `budgetTokens`); `adaptive` sends
   * adaptive thinking with `output_config.effort`, for models that support it. A `thinking`
   * given in `params` or the run's `providerOptions` wins over either.
   */
  reasoningMode?: ReasoningMode;
}

/**
 * The options of an {@link AnthropicModel} that carry no credentials, as `model.options` gives
 * them (`apiKey`, `defaultHeaders`, `clientOptions` and `client` are left out).
 */
export type AnthropicModelSettings = Omit<
  AnthropicModelOptions,
  'apiKey' | 'defaultHeaders' | 'clientOptions' | 'client'
>;
