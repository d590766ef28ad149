/**
 * One typed error hierarchy for every package. Each error has a stable `code`
 * that callers can switch on; messages and causes never carry API keys or headers.
 */
import { redactSecrets, redactValue } from './redact.js';

export { redactSecrets, registerSecret } from './redact.js';

/**
 * The registry of error codes: core's own below; a package adds its codes by augmenting this
 * interface, without editing core:
 *
 * ```ts
 * declare module '@agno/core' {
 *   interface ErrorCodes {
 *     quota_exceeded: true;
 *   }
 * }
 * ```
 * Codes are never renamed, and never change meaning.
 */
export interface ErrorCodes {
  model_error: true;
  auth_error: true;
  rate_limited: true;
  overloaded: true;
  queue_full: true;
  bad_request: true;
  not_found: true;
  tool_error: true;
  validation_error: true;
  output_validation_error: true;
  timeout: true;
  aborted: true;
  loop_detected: true;
  max_tool_rounds: true;
  max_iterations: true;
  step_failed: true;
  blocked: true;
  store_error: true;
  config_error: true;
  stream_interrupted: true;
  hook_error: true;
  conflict: true;
  closed: true;
  internal_error: true;
}

/** A stable error code: a key of {@link ErrorCodes} (core's, or one a package added). */
export type ErrorCode = keyof ErrorCodes;

/** Options shared by every {@link AgnoError}. */
export interface AgnoErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** HTTP status of a provider response, when there was one. */
  status?: number;
  /** Whether repeating the same call may succeed. */
  retryable?: boolean;
  /** Extra structured detail (never secrets). */
  details?: Record<string, unknown>;
}

/** Base class of every error the framework throws. */
export class AgnoError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** HTTP status, when the error came from an HTTP response. */
  readonly status: number | undefined;
  /** Whether retrying the same operation may succeed. */
  readonly retryable: boolean;
  /** Extra structured detail. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AgnoErrorOptions = {}) {
    // The cause is kept as a redacted copy: a provider's error may carry the request's headers or key.
    super(
      redactSecrets(message),
      options.cause === undefined ? undefined : { cause: redactValue(options.cause) },
    );
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.details =
      options.details === undefined ? undefined : (redactValue(options.details) as Record<string, unknown>);
  }

  /** A plain, JSON-safe view of the error (no stack, no cause chain). */
  toJSON(): { name: string; code: ErrorCode; message: string; status?: number; retryable: boolean } {
    const out: { name: string; code: ErrorCode; message: string; status?: number; retryable: boolean } = {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.status !== undefined) out.status = this.status;
    return out;
  }
}

/** A model provider failed (HTTP error, bad response, broken stream). */
export class ModelError extends AgnoError {
  constructor(message: string, options: AgnoErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? 'model_error', message, options);
  }
}

/** A tool failed in a way that ends the run (most tool failures go back to the model instead). */
export class ToolError extends AgnoError {
  /** Name of the tool involved. */
  readonly toolName: string;
  constructor(toolName: string, message: string, options: AgnoErrorOptions = {}) {
    super('tool_error', message, options);
    this.toolName = toolName;
  }
}

/** Input failed validation against a schema. */
export class ValidationError extends AgnoError {
  /** Human-readable issues, one per problem. */
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = [], options: AgnoErrorOptions = {}) {
    super('validation_error', message, options);
    this.issues = issues;
  }
}

/** The model's structured output failed its schema, even after a repair turn. */
export class OutputValidationError extends AgnoError {
  /** The text the model produced last. */
  readonly text: string;
  /** Human-readable issues. */
  readonly issues: readonly string[];
  constructor(text: string, issues: readonly string[]) {
    super('output_validation_error', `structured output failed validation: ${issues.join('; ')}`);
    this.text = text;
    this.issues = issues;
  }
}

/** An operation took longer than its time limit. */
export class TimeoutError extends AgnoError {
  constructor(message: string, options: AgnoErrorOptions = {}) {
    super('timeout', message, { retryable: true, ...options });
  }
}

/** An operation was cancelled through its AbortSignal. */
export class AbortedError extends AgnoError {
  constructor(message = 'the run was aborted', options: AgnoErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/** The model repeated the same tool call with the same arguments too many times. */
export class LoopDetectedError extends AgnoError {
  /** The repeated tool. */
  readonly toolName: string;
  /** How many times the identical call was made. */
  readonly repeats: number;
  constructor(toolName: string, repeats: number) {
    super('loop_detected', `tool "${toolName}" was called ${repeats} times with the same arguments`);
    this.toolName = toolName;
    this.repeats = repeats;
  }
}

/** The run reached `maxToolRounds` and the model still asked for tools. */
export class MaxToolRoundsError extends AgnoError {
  /** The limit that was reached. */
  readonly limit: number;
  constructor(limit: number) {
    super('max_tool_rounds', `the run reached its limit of ${limit} tool rounds`);
    this.limit = limit;
  }
}

/** A hook (guardrail) blocked a model call. */
export class BlockedError extends AgnoError {
  constructor(reason: string, options: AgnoErrorOptions = {}) {
    super('blocked', `blocked by a guardrail: ${reason}`, options);
  }
}

/** A session store failed. */
export class StoreError extends AgnoError {
  constructor(message: string, options: AgnoErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? 'store_error', message, options);
  }
}

/** A hook, a guardrail or an instructions function threw; the run ends with this error. */
export class HookError extends AgnoError {
  /** Which hook threw (`beforeModelCall`, `afterToolCall`, `instructions`...). */
  readonly hook: string;
  constructor(hook: string, cause: unknown) {
    super('hook_error', `the ${hook} hook threw: ${errorMessage(cause)}`, { cause });
    this.hook = hook;
  }
}

/** What a hook threw, as the run's error: an {@link AgnoError} as it is, anything else a {@link HookError}. */
export function hookFailure(hook: string, error: unknown): AgnoError {
  return error instanceof AgnoError ? error : new HookError(hook, error);
}

/**
 * The operation lost a race it must win alone: a paused run that was continued already (one
 * approval executes its tools once), a workflow run resumed twice.
 */
export class ConflictError extends AgnoError {
  constructor(message: string, options: AgnoErrorOptions = {}) {
    super('conflict', message, options);
  }
}

/** The framework was configured wrongly (bad options, duplicate tool names...). */
export class ConfigError extends AgnoError {
  constructor(message: string, options: AgnoErrorOptions = {}) {
    super('config_error', message, options);
  }
}

/** True when `value` is an {@link AgnoError}, optionally of a given code. */
export function isAgnoError(value: unknown, code?: ErrorCode): value is AgnoError {
  return value instanceof AgnoError && (code === undefined || value.code === code);
}

/** Turns anything thrown into a message fit for a model or a log: the message, never the stack. */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return redactSecrets(String(error.message || error.name || 'Error'));
    if (typeof error === 'string') return redactSecrets(error);
    return redactSecrets(JSON.stringify(error) ?? String(error));
  } catch {
    // A message getter that throws, a prototype-less object, a cyclic or BigInt-holding value.
    try {
      return redactSecrets(Object.prototype.toString.call(error));
    } catch {
      return 'unknown error';
    }
  }
}
