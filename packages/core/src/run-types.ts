/**
 * The shapes of a run: its options, its result, its timings and its paused state.
 */
import type { AgnoError } from './errors.js';
import type { Guardrail } from './guardrail.js';
import type { ContentPart, Message, ToolCall, Usage } from './messages.js';
import type { Model, ReasoningOptions, ToolChoice } from './model.js';
import type { JSONSchema, StandardSchemaV1 } from './schema.js';

/** A schema for structured output: any Standard Schema with JSON Schema support, or both given apart. */
export type OutputSchema<T> =
  | StandardSchemaV1<unknown, T>
  | { jsonSchema: JSONSchema; schema?: StandardSchemaV1<unknown, T>; name?: string; strict?: boolean };

/**
 * Options of one run; agent defaults apply to whatever is left out. `C` types the run's
 * {@link RunOptions.context} value (see `Agent<C>`).
 */
export interface RunOptions<T = string, C = any> {
  /** Id for the run (a fresh UUID when left out); useful to correlate a run before it starts. */
  runId?: string;
  /** Session the run belongs to: its history is loaded and the run is stored. */
  sessionId?: string;
  /** User the run belongs to. */
  userId?: string;
  /** Maximum output tokens per model call. */
  maxTokens?: number;
  /** Sampling temperature. Some provider APIs reject it (Anthropic's 2026-10-21 API version does). */
  temperature?: number;
  stop?: string[];
  /** How many earlier messages (or runs, see `historyUnit`) of the session go to the model. */
  historyLimit?: number;
  /** Whether `historyLimit` counts messages (default) or runs. */
  historyUnit?: 'messages' | 'runs';
  /** Send the messages of the session's failed runs to the model too (left out by default). */
  includeFailedRuns?: boolean;
  /** Hard limit on model turns that call tools; the run fails with `max_tool_rounds` past it. */
  maxToolRounds?: number;
  /** The run stops with `loop_detected` when one call (same tool, same arguments) repeats this often. */
  maxRepeatedToolCalls?: number;
  /** How many tool calls of one model turn run at once. */
  maxParallelToolCalls?: number;
  /** Time limit for the whole run. */
  timeoutMs?: number;
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Forces or forbids tool use on the first model call. */
  toolChoice?: ToolChoice;
  /** Parse the final answer as JSON and validate it; one repair turn on failure. */
  outputSchema?: OutputSchema<T>;
  /** Extra system text for this run only, after the agent's instructions. */
  additionalInstructions?: string;
  /** Reasoning effort or token budget for models that reason, mapped per provider. */
  reasoning?: ReasoningOptions;
  /**
   * Models that answer a turn in order when the agent's model fails with a retryable error
   * (rate limit, overload, 5xx, network) once its client's own retries are spent; a stream falls
   * back only while nothing of the failed call reached the consumer.
   */
  fallbackModels?: readonly Model[];
  /** Options for the provider, keyed by provider name (`{ openai: { … } }`); see `ModelRequest`. */
  providerOptions?: Record<string, Record<string, unknown>>;
  /** Free-form values for instructions functions and hooks. */
  metadata?: Record<string, unknown>;
  /**
   * Guardrails for this run, checked after the agent's own (see `Guardrail`): input, output,
   * tool calls, model calls. A block ends the run with a `blocked` error.
   */
  guardrails?: readonly Guardrail[];
  /**
   * A value for this run's tools and instructions (a database client, a request's identity):
   * `ToolContext.context` and `InstructionContext.context`. Kept in memory only: never stored,
   * sent in events or written into a paused run, so pass it again to `continueRun`.
   */
  context?: C;
}

/** Options of `agent.stream()`. */
export interface StreamOptions<T = string, C = any> extends RunOptions<T, C> {
  /** How many events may wait for the consumer before the run pauses (backpressure). Default 64. */
  bufferSize?: number;
  /** Coalesce text deltas for this many milliseconds before yielding them. Default 0 (no coalescing). */
  flushIntervalMs?: number;
}

/** One tool call of a run, with its outcome. */
export interface ToolCallRecord {
  id: string;
  name: string;
  args: unknown;
  /** The result as the model read it (the error message when `isError`). */
  result: string;
  isError: boolean;
  /** Error code when the call failed. */
  errorCode?: string;
  durationMs: number;
  attachments?: ContentPart[];
  /**
   * What the tool returned (a rich result's `value`), before it became the JSON text in `result`:
   * a Date, a class instance, anything. A getter, not an own property: JSON, `structuredClone`,
   * spreads and stores leave it out, so stored runs and paused runs keep `result` only (and calls
   * of turns before a pause have no `raw` once the run is continued). Absent when the call failed.
   */
  raw?: unknown;
}

/** Where a run's time went, in milliseconds. */
export interface RunTimings {
  totalMs: number;
  /** Time to the first text token (streaming) or the first model reply (non-streaming). */
  firstTokenMs: number | undefined;
  /** Duration of each model call, in order. */
  modelCallsMs: number[];
  /** Duration of each tool call, in order of completion. */
  toolCallsMs: number[];
}

/** A tool call waiting for a person's decision. */
export interface PendingToolCall {
  /** The call; a sub-agent's call has an id qualified by the calls it runs under (`outer/inner`). */
  toolCall: ToolCall;
  toolName: string;
  /** For a call of a sub-agent (`agent.asTool`): the path of agent names (`researcher/searcher`). */
  agent?: string;
}

/** The paused run of a sub-agent (`agent.asTool`) inside its parent's paused run. */
export interface NestedPause {
  /** Name of the sub-agent. */
  agent: string;
  /** The sub-agent's own paused run. */
  paused: PausedRun;
}

/** A decision on a pending tool call. */
export type ToolDecision = { approved: true } | { approved: false; reason?: string };

/**
 * A paused run, as plain JSON: keep it, or let the agent's store keep it, and pass it
 * to `agent.continueRun()` with a decision for each pending call.
 */
export interface PausedRun {
  /** The format's version (see `RunState`); absent in paused runs stored before versioning. */
  schemaVersion?: number;
  runId: string;
  sessionId: string | undefined;
  userId: string | undefined;
  agentName: string;
  /** The conversation sent to the model so far (system prompt and history included). */
  messages: Message[];
  /** Index in `messages` where this run's own messages begin. */
  runStart: number;
  /** The calls of the paused turn that need a decision. */
  pending: PendingToolCall[];
  /** Results of the calls of the paused turn that ran already. */
  done: ToolCallRecord[];
  /** Tool rounds completed so far. */
  round: number;
  usage: Usage;
  toolCalls: ToolCallRecord[];
  /** Signatures of the calls made so far, for loop detection. */
  callCounts: Record<string, number>;
  createdAt: number;
  /** Paused sub-agent runs, by the id of the tool call that runs them (schema version 2). */
  nested?: Record<string, NestedPause>;
  /** The agent that holds the conversation after a handoff (absent: the agent itself). */
  activeAgent?: string;
}

/** What a run gives back. */
export interface RunResult<T = string> {
  runId: string;
  sessionId: string | undefined;
  /** The user the run was for, when known. */
  userId: string | undefined;
  /**
   * `paused` when tool calls wait for confirmation (see `pending` and `paused`); `error` on the
   * partial result of a run that failed (see `partialResultOf`).
   */
  status: 'completed' | 'paused' | 'error';
  /** The agent that answered: the run's own, or the one a handoff passed the conversation to. */
  agentName: string;
  /** The final text of the model. */
  text: string;
  /**
   * The model's reasoning text or summaries over the run's model calls (joined by blank lines),
   * when the provider gave any.
   */
  reasoning?: string;
  /** `provider:modelId` of the model that gave the final answer (a fallback model's when one took over). */
  model: string;
  /**
   * Usage per model (`provider:modelId`), present when the run has fallback models, so that
   * each provider's bill can be told apart.
   */
  usageByModel?: Record<string, Usage>;
  /** The parsed structured output when an `outputSchema` was given, else the text. */
  output: T;
  /** Every message this run added: the input, the model's turns, the tool results. */
  messages: Message[];
  toolCalls: ToolCallRecord[];
  /** Tokens summed over every model call of the run, sub-agents' (`asTool`) included. */
  usage: Usage;
  timings: RunTimings;
  /** Number of model calls made. */
  modelCalls: number;
  /** The calls waiting for a decision, when paused. */
  pending?: PendingToolCall[];
  /** The state to continue from, when paused. */
  paused?: PausedRun;
}

/** What a before-hook may answer: nothing to go on, or a reason to block the call. */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks that return nothing must type-check.
export type HookDecision = undefined | void | { block: string };

/** Context given to model hooks. */
export interface ModelHookContext {
  runId: string;
  sessionId: string | undefined;
  agentName: string;
  round: number;
  request: import('./model.js').ModelRequest;
}

/** Context given to tool hooks. */
export interface ToolHookContext {
  runId: string;
  sessionId: string | undefined;
  agentName: string;
  toolCall: ToolCall;
}

/** Hooks around model and tool calls. A before-hook can block the call with a reason (a guardrail). */
export interface Hooks {
  /**
   * Before each model call (and before `beforeModelCall`): returns the request to send, for
   * history transforms such as summaries, context trimming or retrieval. Return a new object
   * (the one given is the run's; do not mutate it); the run's own conversation is unchanged.
   */
  prepareRequest?(
    ctx: ModelHookContext,
  ): import('./model.js').ModelRequest | Promise<import('./model.js').ModelRequest>;
  /** Before each model call; `{ block }` ends the run with a `blocked` error. */
  beforeModelCall?(ctx: ModelHookContext): HookDecision | Promise<HookDecision>;
  /** After each model call. */
  afterModelCall?(
    ctx: ModelHookContext & { response: import('./model.js').ModelResponse },
  ): void | Promise<void>;
  /** Before each tool call; `{ block }` sends the reason to the model as the tool's error. */
  beforeToolCall?(ctx: ToolHookContext): HookDecision | Promise<HookDecision>;
  /** After each tool call. */
  afterToolCall?(ctx: ToolHookContext & { record: ToolCallRecord }): void | Promise<void>;
}

/** An error together with the partial result of the run it ended. */
export interface RunFailure {
  error: AgnoError;
  partial: RunResult<unknown>;
}
