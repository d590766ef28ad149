/**
 * Running one tool call: lookup, validation, hooks, timeout, execution and turning
 * the result into text for the model. Every failure becomes an error result; nothing
 * a tool or a model does here can crash the run.
 */
import { AgnoError, errorMessage, hookFailure } from './errors.js';
import type { RunGuards } from './guardrail.js';
import { guardToolResult } from './guardrail-run.js';
import { timerDelay } from './limits.js';
import type { ContentPart, ToolCall } from './messages.js';
import { RUN_HOST, type RunSessionState } from './run-context.js';
import type { HookDecision, Hooks, ToolCallRecord } from './run-types.js';
import { formatIssues, type StandardSchemaV1 } from './schema.js';
import { SignalScope } from './signal-scope.js';
import type { Tool, ToolContext, ToolProgress, ToolResultContent } from './tool.js';
import { RawToolCallRecord } from './tool-record.js';

/** What the tool runner needs from a run. */
export interface ToolCallHost {
  readonly runId: string;
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly agent: { readonly name: string };
  readonly hooks: Hooks | undefined;
  /** The run's guardrails (their `afterTool` checks see each result first). */
  readonly guards?: RunGuards | undefined;
  /** The run's signal (a never-aborted one when the run has none). */
  readonly toolSignal: AbortSignal;
  /** Delivers a tool's progress report as an event (without waiting for the consumer). */
  toolProgress(call: ToolCall, update: ToolProgress): void;
  /** The run's `context` value. */
  readonly context: unknown;
  /** The run's session state (built on first use). */
  sessionState(): RunSessionState;
}

const TRUNCATION_MARK = '\n…[truncated: result was longer than the tool allows]';

function failure(call: ToolCall, start: number, code: string, message: string): ToolCallRecord {
  return {
    id: call.id,
    name: call.name,
    args: call.args,
    result: message,
    isError: true,
    errorCode: code,
    durationMs: performance.now() - start,
  };
}

/**
 * Runs one call against `tool` (undefined when the model named an unknown tool). Returns the
 * record itself when nothing had to be waited for (a synchronous tool without before-hooks or
 * async validation): no promise and no async frame per call then.
 */
export function runToolCall(
  host: ToolCallHost,
  call: ToolCall,
  tool: Tool | undefined,
  knownNames: () => string,
): ToolCallRecord | Promise<ToolCallRecord> {
  const start = performance.now();
  if (tool === undefined) {
    return failure(call, start, 'not_found', `unknown tool "${call.name}"; available tools: ${knownNames()}`);
  }
  if (call.invalidArgs !== undefined) {
    return failure(call, start, 'validation_error', `the arguments are not valid JSON: ${call.invalidArgs}`);
  }
  if (host.hooks?.beforeToolCall !== undefined) return runAfterHook(host, call, tool, start);
  return validateAndRun(host, call, tool, start);
}

/** Runs the call once the before-hook let it through. */
async function runAfterHook(
  host: ToolCallHost,
  call: ToolCall,
  tool: Tool,
  start: number,
): Promise<ToolCallRecord> {
  let decision: HookDecision | Promise<HookDecision>;
  try {
    decision = host.hooks!.beforeToolCall!({
      runId: host.runId,
      sessionId: host.sessionId,
      agentName: host.agent.name,
      toolCall: call,
    });
    if (decision instanceof Promise) decision = await decision;
  } catch (error) {
    // A guardrail that throws fails closed: the run ends, and the tool does not run.
    throw hookFailure('beforeToolCall', error);
  }
  if (decision && typeof decision === 'object' && 'block' in decision) {
    return failure(call, start, 'blocked', `the call was blocked: ${decision.block}`);
  }
  return validateAndRun(host, call, tool, start);
}

type Validation = StandardSchemaV1.Result<unknown>;

/** Validates the arguments against the tool's schema (when it has one), then runs the tool. */
function validateAndRun(
  host: ToolCallHost,
  call: ToolCall,
  tool: Tool,
  start: number,
): ToolCallRecord | Promise<ToolCallRecord> {
  const schema = tool.schema;
  if (schema === undefined) return execute(host, call, tool, call.args, start);
  const result = schema['~standard'].validate(call.args) as Validation | Promise<Validation>;
  if (result instanceof Promise) return result.then((r) => validated(host, call, tool, r, start));
  return validated(host, call, tool, result, start);
}

function validated(
  host: ToolCallHost,
  call: ToolCall,
  tool: Tool,
  result: Validation,
  start: number,
): ToolCallRecord | Promise<ToolCallRecord> {
  if (result.issues !== undefined) {
    return failure(
      call,
      start,
      'validation_error',
      `invalid arguments for "${tool.name}": ${formatIssues(result.issues).join('; ')}`,
    );
  }
  return execute(host, call, tool, result.value, start);
}

/** Calls the tool (under its timeout when it has one) and turns what it returned into the record. */
function execute(
  host: ToolCallHost,
  call: ToolCall,
  tool: Tool,
  args: unknown,
  start: number,
): ToolCallRecord | Promise<ToolCallRecord> {
  let value: unknown;
  try {
    const ms = timerDelay(tool.timeoutMs);
    value =
      ms === undefined ? tool.execute(args, context(host, call)) : runWithTimeout(host, call, tool, args, ms);
  } catch (error) {
    return checked(host, call, failed(call, error, start));
  }
  if (value !== null && typeof value === 'object' && typeof (value as Promise<unknown>).then === 'function') {
    return settle(host, call, tool, value as Promise<unknown>, start);
  }
  return checked(host, call, finish(call, tool, value, start));
}

/** Waits for a tool that returned a promise. */
async function settle(
  host: ToolCallHost,
  call: ToolCall,
  tool: Tool,
  pending: Promise<unknown>,
  start: number,
): Promise<ToolCallRecord> {
  let value: unknown;
  try {
    value = await pending;
  } catch (error) {
    return checked(host, call, failed(call, error, start));
  }
  return checked(host, call, finish(call, tool, value, start));
}

function failed(call: ToolCall, error: unknown, start: number): ToolCallRecord {
  return failure(call, start, error instanceof AgnoError ? error.code : 'tool_error', errorMessage(error));
}

/** The record once the run's after-tool guardrails passed it (its result rewritten when one redacted). */
function checked(
  host: ToolCallHost,
  call: ToolCall,
  record: ToolCallRecord,
): ToolCallRecord | Promise<ToolCallRecord> {
  if (host.guards?.afterTool === undefined) return record;
  return guardToolResult(host, call, record.result, record.isError).then((result) => {
    record.result = result;
    return record;
  });
}

function context(host: ToolCallHost, call: ToolCall, signal?: AbortSignal): ToolContext {
  return new CallContext(host, call, signal ?? host.toolSignal);
}

/** What a tool gets about its call; `reportProgress` is a method, so no closure per call. */
class CallContext implements ToolContext {
  readonly runId: string;
  readonly toolCallId: string;
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly agent: { readonly name: string };

  readonly #host: ToolCallHost;
  readonly #call: ToolCall;

  constructor(
    host: ToolCallHost,
    call: ToolCall,
    readonly signal: AbortSignal,
  ) {
    this.#host = host;
    this.#call = call;
    this.runId = host.runId;
    this.toolCallId = call.id;
    this.sessionId = host.sessionId;
    this.userId = host.userId;
    this.agent = host.agent;
  }

  reportProgress(update: ToolProgress): void {
    if (typeof update?.progress !== 'number' || !Number.isFinite(update.progress)) return;
    this.#host.toolProgress(this.#call, update);
  }

  /** The run's `context` value (read on access: a context nobody reads costs nothing). */
  get context(): unknown {
    return this.#host.context;
  }

  /** The session's state (built on first access). */
  get state(): RunSessionState {
    return this.#host.sessionState();
  }

  /** The run making the call, for core's sub-agent and handoff tools. */
  get [RUN_HOST](): ToolCallHost {
    return this.#host;
  }
}

/** Runs the tool under a scope with its deadline; a timeout aborts the tool's signal and fails the call. */
async function runWithTimeout(
  host: ToolCallHost,
  call: ToolCall,
  tool: Tool,
  args: unknown,
  ms: number,
): Promise<unknown> {
  const scope = new SignalScope(host.toolSignal, { timeoutMs: ms, what: `tool "${tool.name}"` });
  try {
    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(tool.execute(args, context(host, call, scope.signal)));
    } catch (error) {
      pending = Promise.reject(error);
    }
    return await scope.race(pending);
  } finally {
    scope.dispose();
  }
}

function isRich(value: unknown): value is ToolResultContent {
  return typeof value === 'object' && value !== null && (value as ToolResultContent).type === 'tool-result';
}

function finish(call: ToolCall, tool: Tool, value: unknown, start: number): ToolCallRecord {
  let attachments: ContentPart[] | undefined;
  let isError = false;
  if (isRich(value)) {
    attachments = value.attachments;
    isError = value.isError === true;
    value = value.value;
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = '';
  else {
    try {
      text = JSON.stringify(value);
    } catch (error) {
      return failure(
        call,
        start,
        'tool_error',
        `the result of "${tool.name}" is not JSON-serialisable: ${errorMessage(error)}`,
      );
    }
    if (text === undefined) text = String(value);
  }
  const max = tool.maxResultChars;
  if (max !== undefined && text.length > max) text = text.slice(0, max) + TRUNCATION_MARK;
  // The tool's own value rides along as `raw`, kept out of JSON, clones and stores.
  const record = new RawToolCallRecord(call, text, isError, performance.now() - start, value);
  if (isError) record.errorCode = 'tool_error';
  if (attachments !== undefined) record.attachments = attachments;
  return record;
}
