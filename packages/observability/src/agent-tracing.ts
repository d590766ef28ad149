/**
 * OpenTelemetry spans for an agent's runs, model calls and tool calls, named and
 * attributed after the GenAI semantic conventions:
 *
 * - `invoke_agent {agent}` (INTERNAL) for each run, a child of whatever span is active
 *   where the run starts (a request handler, a workflow step);
 * - `chat {model}` (CLIENT) for each model call, a child of the run span;
 * - `execute_tool {tool}` (INTERNAL) for each tool call, a child of the run span.
 *
 * Everything goes through `@opentelemetry/api`: without an SDK every span is a no-op.
 * Prompts, replies, tool arguments and results are recorded only with `recordContent`
 * (and then with secrets redacted). Failed spans get `error.type` (the agno error code)
 * and an ERROR status whose description is the error's (already redacted) message.
 */

import type { Agent, AgnoError, ModelHookContext, ModelRequest, ModelResponse, Usage } from '@agno/core';
import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { jsonContent, outputContent } from './content.js';
import {
  ATTR_AGNO_ROUND,
  ATTR_AGNO_RUN_ID,
  ATTR_AGNO_RUN_MODEL_CALLS,
  ATTR_AGNO_RUN_STATUS,
  ATTR_AGNO_RUN_TOOL_CALLS,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION,
} from './semconv.js';
import { chatOutcome, fail, noSdk, setUsage, startChatSpan, TRACER_NAME } from './spans.js';

export { TRACER_NAME } from './spans.js';

/** Options of {@link instrumentAgent}. */
export interface TracingOptions {
  /** Tracer to use. Default: `trace.getTracer('@agno/observability')` (the global provider). */
  tracer?: Tracer;
  /**
   * Record prompts, replies, tool arguments and tool results (secrets redacted) as the
   * opt-in GenAI content attributes. Default false: no content leaves the process.
   */
  recordContent?: boolean;
  /** Also write the provider as `gen_ai.system` (the pre-1.37 name). Default true. */
  legacySystemAttribute?: boolean;
  /**
   * Reads what a response cache did with a request (pass `cacheStatusOf` from
   * `@agno/runtime`); written as `agno.cache.status` on chat spans.
   */
  cacheStatus?: (request: ModelRequest) => string | undefined;
}

interface RunTrace {
  span: Span;
  ctx: Context;
  /** The model call in flight, and its request. */
  chat: Span | undefined;
  request: ModelRequest | undefined;
  tools: Map<string, Span> | undefined;
}

/** Traces one agent. Created by {@link instrumentAgent}. */
class AgentTracing {
  private readonly runs = new Map<string, RunTrace>();
  private readonly tracer: Tracer;
  private readonly content: boolean;
  private readonly legacy: boolean;
  private readonly cacheStatus: TracingOptions['cacheStatus'];
  /** True when the tracer came from the options (always used, SDK or not). */
  private readonly explicit: boolean;

  constructor(
    private readonly agent: Agent,
    options: TracingOptions,
  ) {
    this.tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
    this.explicit = options.tracer !== undefined;
    this.content = options.recordContent === true;
    this.legacy = options.legacySystemAttribute !== false;
    this.cacheStatus = options.cacheStatus;
  }

  attach(): () => void {
    const events = this.agent.events;
    const offs = [
      events.on('run-started', (e) => void this.begin(e.runId, e.sessionId)),
      events.on('model-call-completed', (e) => this.chatCompleted(e.runId, e.finishReason, e.usage)),
      events.on('tool-call-started', (e) =>
        this.toolStarted(e.runId, e.toolCall.id, e.toolCall.name, e.toolCall.args),
      ),
      events.on('tool-call-completed', (e) =>
        this.toolCompleted(e.runId, e.toolCall.id, e.isError, e.errorCode, e.result),
      ),
      events.on('loop-detected', (e) =>
        this.runs
          .get(e.runId)
          ?.span.addEvent('agno.loop_detected', { [ATTR_GEN_AI_TOOL_NAME]: e.toolName, repeats: e.repeats }),
      ),
      events.on('run-completed', (e) => this.end(e.runId, 'completed', e.result, undefined)),
      events.on('run-paused', (e) => this.end(e.runId, 'paused', e.result, undefined)),
      events.on('run-error', (e) => this.end(e.runId, 'error', e.partial, e.error)),
    ];
    // The span ends on the model-call-completed event (it carries the usage); an after-hook is
    // added only to record the reply's content.
    const detachHooks = this.agent.addHooks({
      beforeModelCall: (ctx) => void this.chatStarted(ctx),
      afterModelCall: this.content ? (ctx) => this.chatOutput(ctx) : undefined,
    });
    return () => {
      for (const off of offs) off();
      detachHooks();
      for (const runId of [...this.runs.keys()]) this.end(runId, 'detached', undefined, undefined);
    };
  }

  /** Starts the run span (on `run-started`, or on first sight for a continued run). */
  private begin(runId: string, sessionId: string | undefined): RunTrace | undefined {
    const existing = this.runs.get(runId);
    if (existing !== undefined) return existing;
    if (!this.explicit && noSdk()) return undefined;
    const agent = this.agent;
    const name = agent.name;
    const model = agent.model;
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.invokeAgent,
      [ATTR_GEN_AI_AGENT_NAME]: name,
      [ATTR_GEN_AI_PROVIDER_NAME]: model.provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: model.modelId,
      [ATTR_AGNO_RUN_ID]: runId,
    };
    if (this.legacy) attributes[ATTR_GEN_AI_SYSTEM] = model.provider;
    if (sessionId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = sessionId;
    const description = agent.options.description;
    if (description !== undefined) attributes[ATTR_GEN_AI_AGENT_DESCRIPTION] = description;
    const parent = context.active();
    const span = this.tracer.startSpan(
      `invoke_agent ${name}`,
      { kind: SpanKind.INTERNAL, attributes },
      parent,
    );
    const run: RunTrace = {
      span,
      ctx: trace.setSpan(parent, span),
      chat: undefined,
      request: undefined,
      tools: undefined,
    };
    this.runs.set(runId, run);
    return run;
  }

  private chatStarted(ctx: ModelHookContext): void {
    // Hooks live on the options object: ignore runs of another agent that shares it.
    if (ctx.agentName !== this.agent.name) return;
    const run = this.begin(ctx.runId, ctx.sessionId);
    if (run === undefined) return;
    const request = ctx.request;
    const extra: Attributes = { [ATTR_AGNO_ROUND]: ctx.round };
    if (ctx.sessionId !== undefined) extra[ATTR_GEN_AI_CONVERSATION_ID] = ctx.sessionId;
    const span = startChatSpan(
      this.tracer,
      this.agent.model,
      request,
      { legacy: this.legacy, content: this.content },
      run.ctx,
      extra,
    );
    run.chat?.end();
    run.chat = span;
    run.request = request;
  }

  /** Content mode only: the reply, on the span still open. */
  private chatOutput(ctx: ModelHookContext & { response: ModelResponse }): void {
    const span = this.runs.get(ctx.runId)?.chat;
    if (span === undefined || !span.isRecording()) return;
    const r = ctx.response;
    span.setAttribute(ATTR_GEN_AI_OUTPUT_MESSAGES, outputContent(r.text, r.toolCalls, r.finishReason));
  }

  private chatCompleted(runId: string, finishReason: string, usage: Usage | undefined): void {
    const run = this.runs.get(runId);
    const span = run?.chat;
    if (span === undefined) return;
    const request = run!.request;
    run!.chat = undefined;
    run!.request = undefined;
    chatOutcome(span, finishReason, usage, request === undefined ? undefined : this.cacheStatus?.(request));
    span.end();
  }

  private toolStarted(runId: string, callId: string, toolName: string, args: unknown): void {
    const run = this.begin(runId, undefined);
    if (run === undefined) return;
    const span = this.tracer.startSpan(
      `execute_tool ${toolName}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.executeTool,
          [ATTR_GEN_AI_TOOL_NAME]: toolName,
          [ATTR_GEN_AI_TOOL_CALL_ID]: callId,
          [ATTR_GEN_AI_TOOL_TYPE]: 'function',
        },
      },
      run.ctx,
    );
    if (this.content && span.isRecording())
      span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, jsonContent(args));
    (run.tools ??= new Map()).set(callId, span);
  }

  private toolCompleted(
    runId: string,
    callId: string,
    isError: boolean,
    errorCode: string | undefined,
    result: string,
  ): void {
    const tools = this.runs.get(runId)?.tools;
    const span = tools?.get(callId);
    if (span === undefined) return;
    tools!.delete(callId);
    if (span.isRecording()) {
      // The result of a failed call is its error message, which may quote the model's input.
      if (isError) fail(span, errorCode ?? 'tool_error', this.content ? result : undefined);
      if (this.content) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, jsonContent(result));
    }
    span.end();
  }

  private end(
    runId: string,
    status: 'completed' | 'paused' | 'error' | 'detached',
    result: { usage: Usage; modelCalls: number; toolCalls: readonly unknown[]; text: string } | undefined,
    error: AgnoError | undefined,
  ): void {
    // A run that failed before it started (loading history, say) still gets its span.
    const run = this.runs.get(runId) ?? (status === 'error' ? this.begin(runId, undefined) : undefined);
    if (run === undefined) return;
    this.runs.delete(runId);
    // Calls still open when the run failed failed with it; on detach they just end.
    if (run.chat !== undefined) {
      if (error !== undefined) fail(run.chat, error.code, error.message);
      run.chat.end();
      run.request = undefined;
    }
    if (run.tools !== undefined) {
      for (const span of run.tools.values()) {
        if (error !== undefined) fail(span, error.code, undefined);
        span.end();
      }
    }
    const span = run.span;
    if (span.isRecording()) {
      span.setAttribute(ATTR_AGNO_RUN_STATUS, status);
      if (result !== undefined) {
        setUsage(span, result.usage);
        span.setAttribute(ATTR_AGNO_RUN_MODEL_CALLS, result.modelCalls);
        span.setAttribute(ATTR_AGNO_RUN_TOOL_CALLS, result.toolCalls.length);
        if (this.content && status === 'completed') {
          span.setAttribute(ATTR_GEN_AI_OUTPUT_MESSAGES, outputContent(result.text, [], 'stop'));
        }
      }
      if (error !== undefined) fail(span, error.code, error.message);
    }
    span.end();
  }
}

/**
 * Traces an agent's runs, model calls and tool calls from now on (runs already started are
 * not traced). Returns a function that stops tracing (open spans are ended).
 */
export function instrumentAgent(agent: Agent, options: TracingOptions = {}): () => void {
  return new AgentTracing(agent, options).attach();
}
