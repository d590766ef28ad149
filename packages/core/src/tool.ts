/**
 * The Tool interface: what every tool, toolkit and MCP bridge implements.
 * A plugin author needs only these types (and no library) to write a tool.
 */
import type { ContentPart } from './messages.js';
import type { RunSessionState } from './run-context.js';
import type { JSONSchema, StandardSchemaV1 } from './schema.js';

/** What a tool receives besides its arguments; `C` types the run's `context` value. */
export interface ToolContext<C = unknown> {
  /** Aborted when the run is cancelled or the tool's timeout passes. */
  signal: AbortSignal;
  /** Id of the run making the call. */
  runId: string;
  /** Id of the tool call (matches the model's call id). */
  toolCallId: string;
  /** Session of the run, when it has one. */
  sessionId: string | undefined;
  /** User of the run, when known. */
  userId: string | undefined;
  /** The agent running the tool (typed loosely so tools do not depend on Agent). */
  agent: { readonly name: string };
  /**
   * Reports progress of a long call: the run emits a `tool-progress` event (to `agent.on` and
   * event streams; never blocks the tool). Present in every context an agent gives.
   */
  reportProgress?(update: ToolProgress): void;
  /**
   * The run's `context` value (`agent.run(input, { context })`): a database client, a request's
   * identity. In memory only: never stored. Present in every context an agent gives.
   */
  readonly context?: C;
  /**
   * The session's state, read and updated atomically through the agent's store (`StateStore`).
   * Present in every context an agent gives; its methods reject with a `ConfigError` when the
   * store keeps no state, and a `ValidationError` when the run has no session.
   */
  readonly state?: RunSessionState;
}

/** One progress report of a running tool. */
export interface ToolProgress {
  /** Progress so far, in the tool's own unit. */
  progress: number;
  /** The total when known. */
  total?: number;
  /** A short human-readable status. */
  message?: string;
}

/** A rich tool result: text (or any JSON value) plus attachments such as images. */
export interface ToolResultContent {
  /** Marks this object as a rich result. */
  readonly type: 'tool-result';
  /** The value the model reads: a string as is, anything else as JSON. */
  value: unknown;
  /** Images or files for the model, where the provider accepts them. */
  attachments?: ContentPart[];
  /** Reports the call as failed, with `value` as the error message. */
  isError?: boolean;
}

/** A tool an agent can call; `C` types the run's `context` value its `execute` reads. */
export interface Tool<Args = any, Result = unknown, C = any> {
  /** Unique name within an agent (letters, digits, `_` and `-`). */
  readonly name: string;
  /** What the tool does, for the model. */
  readonly description: string;
  /** JSON Schema of the arguments, as the model sees it. */
  readonly parameters: JSONSchema;
  /** Validates (and may transform) the arguments before `execute`; any Standard Schema. */
  readonly schema?: StandardSchemaV1<unknown, Args>;
  /** Ask providers to enforce the schema exactly (OpenAI strict mode). */
  readonly strict?: boolean;
  /** Text added to the agent's system prompt when this tool is present. */
  readonly instructions?: string;
  /** The tool is abandoned after this many milliseconds, with a timeout error for the model. */
  readonly timeoutMs?: number;
  /** The run pauses for a person to approve or reject each call of this tool. */
  readonly requiresConfirmation?: boolean;
  /** Results longer than this many characters are cut, with a marker the model can see. */
  readonly maxResultChars?: number;
  /** Runs the tool. Thrown errors go back to the model as error results. */
  execute(args: Args, context: ToolContext<C>): Result | Promise<Result>;
}

/**
 * A group of tools resolved lazily: nothing of it is built until a run needs it.
 * MCP servers and built-in toolkits implement this.
 */
export interface Toolkit {
  /** Marks the object as a toolkit. */
  readonly kind: 'toolkit';
  /** Name of the toolkit, for errors and traces. */
  readonly name: string;
  /** Text added to the agent's system prompt when the toolkit is used. */
  readonly instructions?: string;
  /** The tools; called once per agent on its first run, then cached. */
  tools(): readonly Tool[] | Promise<readonly Tool[]>;
  /** Releases what the toolkit holds (connections, processes). */
  close?(): void | Promise<void>;
}

/** What an agent's `tools` option accepts. */
export type ToolSource = Tool | Toolkit;

/**
 * The longest tool name providers accept (OpenAI and Anthropic both stop at 64): longer names are
 * refused when the agent is built, not by the provider on the first call.
 */
export const MAX_TOOL_NAME_LENGTH = 64;

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `name` is a valid tool name: 1-64 letters, digits, `_` or `-`. */
export function isValidToolName(name: unknown): name is string {
  return typeof name === 'string' && TOOL_NAME.test(name);
}

/** True when `value` is a {@link Toolkit}. */
export function isToolkit(value: unknown): value is Toolkit {
  return typeof value === 'object' && value !== null && (value as Toolkit).kind === 'toolkit';
}

/** Wraps a value as a rich tool result with attachments or an error flag. */
export function toolResult(
  value: unknown,
  options: { attachments?: ContentPart[]; isError?: boolean } = {},
): ToolResultContent {
  return { type: 'tool-result', value, attachments: options.attachments, isError: options.isError };
}
