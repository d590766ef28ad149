/**
 * The Model interface: what every provider package implements.
 * A provider needs only these types to plug into the Agent.
 */
import type { Message, ToolCall, Usage } from './messages.js';

/** Token usage as a model reports it: `totalTokens` may be left out (core derives it). */
export type ModelUsage = Omit<Usage, 'totalTokens'> & { totalTokens?: number };

import type { JSONSchema } from './schema.js';

/** A tool as the model sees it: name, description and JSON Schema of its parameters. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema (an object schema) of the arguments. */
  parameters: JSONSchema;
  /** Ask the provider to enforce the schema exactly (OpenAI strict mode), when it can. */
  strict?: boolean;
}

/** How the model may use tools on this call. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** A JSON-schema response format for structured output. */
export interface ResponseFormat {
  type: 'json_schema';
  /** A short name for the schema (providers require one). */
  name: string;
  schema: JSONSchema;
  /** Ask for exact adherence when the provider supports it. */
  strict?: boolean;
  description?: string;
}

/**
 * How much a reasoning model may think before it answers (`RunOptions.reasoning`), mapped by each
 * provider to its own setting: effort levels where the API has them, token budgets where it has
 * those (`low` 1024, `medium` 4096, `high` 16384 tokens unless `budgetTokens` says otherwise).
 */
export interface ReasoningOptions {
  /** Relative effort; `none` turns reasoning off where the model allows it. */
  effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high';
  /** A token budget for thinking; providers with effort levels take the nearest level. */
  budgetTokens?: number;
  /** Ask for the reasoning text or its summary where the provider can give it. Default true. */
  includeText?: boolean;
}

/** One request to a model; the same shape for streaming and non-streaming calls. */
export interface ModelRequest {
  /**
   * The conversation, system prompt first when there is one: a copy made for this call, which
   * the run never changes afterwards (a model or middleware may keep it as it is).
   */
  messages: readonly Message[];
  /** Tools the model may call. */
  tools?: readonly ToolSpec[];
  toolChoice?: ToolChoice;
  maxTokens?: number;
  temperature?: number;
  stop?: readonly string[];
  responseFormat?: ResponseFormat;
  /** Reasoning effort or budget, for models that reason (others ignore it). */
  reasoning?: ReasoningOptions;
  /** Cancels the call. */
  signal?: AbortSignal;
  /**
   * Provider-specific options, keyed by provider name (`{ openai: { … }, anthropic: { … } }`):
   * each provider reads its own key only, so one request can carry options for several providers
   * (a fallback chain) without one provider sending another's options.
   */
  providerOptions?: Record<string, Record<string, unknown>>;
}

/** Why the model stopped. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

/**
 * A complete model reply. Core is forgiving where plugin authors stumble: `toolCalls` may be left
 * out (no calls), `usage.totalTokens` is derived when absent, and a tool call's `args` may be the
 * model's JSON text (core parses it once; text that is not JSON goes back to the model as a tool
 * error, the tool is not called).
 */
export interface ModelResponse {
  text: string;
  /**
   * The model's reasoning as text (its thoughts, or the provider's summary of them), when the
   * provider gives it. What must go back to the provider on the next turn (signatures, encrypted
   * reasoning) belongs in `providerData`, not here.
   */
  reasoning?: string;
  toolCalls?: ToolCall[];
  /** Provider-specific parts to keep on the assistant message (see `AssistantMessage.providerData`). */
  providerData?: Record<string, unknown>;
  finishReason: FinishReason;
  usage?: ModelUsage;
  /** True when a cache served this reply, not the provider (its usage was spent once, earlier). */
  cached?: boolean;
  /** The provider's raw response, for debugging. */
  raw?: unknown;
}

/**
 * Events of a streamed reply, in this order: any number of `reasoning-delta`, `text-delta` and tool-call
 * events (`tool-call-start`, then `tool-call-delta`s, then `tool-call-end` per call, calls
 * possibly interleaved), at most one `usage`, and exactly one `finish` last.
 */
export type ModelStreamEvent =
  | { type: 'text-delta'; text: string }
  /** A piece of the model's reasoning text or summary (see `ModelResponse.reasoning`). */
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call-start'; id: string; name: string }
  | { type: 'tool-call-delta'; id: string; argsText: string }
  | { type: 'tool-call-end'; toolCall: ToolCall }
  | { type: 'usage'; usage: ModelUsage }
  | {
      type: 'finish';
      finishReason: FinishReason;
      usage?: ModelUsage;
      providerData?: Record<string, unknown>;
      /** True when a cache replayed this stream (see `ModelResponse.cached`). */
      cached?: boolean;
    };

/** A language model. Implement both methods; `stream` must end with a `finish` event. */
export interface Model {
  /** Provider name, for example `openai`. */
  readonly provider: string;
  /** Model id, for example `gpt-4o-mini`. */
  readonly modelId: string;
  /**
   * Where the model is served, when more than one place can serve the same model id (a base URL,
   * an Azure deployment, a local server): caches and metrics key on it so that two endpoints never
   * share answers. No secret may appear in it.
   */
  readonly endpoint?: string;
  /** One call, the whole reply at once. Throws an {@link AgnoError} on failure. */
  generate(request: ModelRequest): Promise<ModelResponse>;
  /** One call, the reply as events. Throws (from the iterator) an {@link AgnoError} on failure. */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent>;
}
