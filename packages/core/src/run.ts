/**
 * One run of an agent: all per-run state lives here, never on the agent, so one agent
 * serves any number of concurrent runs. The loop: call the model, run the tools it asks
 * for, repeat until it answers, then check structured output and store the run.
 */

import { canonicalJSON } from './canonical.js';
import type { Channel } from './channel.js';
import type { AgentLike, Compiled } from './compiled.js';
import {
  AbortedError,
  AgnoError,
  BlockedError,
  errorMessage,
  LoopDetectedError,
  MaxToolRoundsError,
  ModelError,
  OutputValidationError,
  TimeoutError,
} from './errors.js';
import type { AgentEvent } from './events.js';
import {
  type AssistantMessage,
  addUsage,
  emptyUsage,
  type Message,
  type ToolCall,
  type Usage,
} from './messages.js';
import type { ModelRequest, ModelResponse } from './model.js';
import { parseOutput, type ResolvedOutput, resolveOutput } from './output.js';
import type {
  Hooks,
  PausedRun,
  PendingToolCall,
  RunOptions,
  RunResult,
  ToolCallRecord,
  ToolDecision,
} from './run-types.js';
import type { RunRecord } from './store.js';
import { runToolCall, type ToolCallHost } from './tool-runner.js';

let neverAborted: AbortSignal | undefined;
/** A signal that never aborts, for tools of runs without one (made on first use: AbortController is costly to load). */
function never(): AbortSignal {
  return (neverAborted ??= new AbortController().signal);
}

/** Defaults used when neither the run nor the agent sets an option. */
export const RUN_DEFAULTS = {
  maxToolRounds: 10,
  maxRepeatedToolCalls: 3,
  historyLimit: 20,
} as const;

/** The partial result attached to an error that ended a run. */
const partials = new WeakMap<object, RunResult<unknown>>();

/** The partial result of the run that `error` ended, when there is one. */
export function partialResultOf(error: unknown): RunResult<unknown> | undefined {
  return typeof error === 'object' && error !== null ? partials.get(error) : undefined;
}

/** The per-run state and loop. */
export class Run<T> implements ToolCallHost {
  readonly runId: string;
  sessionId: string | undefined;
  userId: string | undefined;
  readonly hooks: Hooks | undefined;
  readonly startedAt = performance.now();
  firstTokenAt: number | undefined = undefined;
  messages: Message[] = [];
  runStart = 0;
  toolCalls: ToolCallRecord[] = [];
  usage: Usage = emptyUsage();
  modelCallsMs: number[] = [];
  toolCallsMs: number[] = [];
  round = 0;
  modelCalls = 0;
  callCounts: Map<string, number> | undefined = undefined;
  /** Text of the model call in progress (kept if a stream breaks). */
  pendingText = '';
  signal: AbortSignal | undefined;
  toolSignal: AbortSignal;
  timedOut = false;
  /** Set when the run's own controller aborts (cheaper to read than `signal.aborted`). */
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  private output: ResolvedOutput | undefined = undefined;
  private req: ModelRequest | undefined = undefined;
  /** Removes the listener on the caller's signal when the run ends. */
  private unlink: (() => void) | undefined = undefined;

  constructor(
    readonly agent: AgentLike,
    readonly compiled: Compiled,
    readonly options: RunOptions<T>,
    readonly sink: Channel<unknown> | undefined,
    readonly textOnly: boolean,
    readonly flushMs: number,
    runId?: string,
  ) {
    this.runId = runId ?? options.runId ?? globalThis.crypto.randomUUID();
    const defaults = agent.options.defaults;
    this.sessionId = options.sessionId ?? defaults?.sessionId;
    this.userId = options.userId ?? defaults?.userId;
    this.hooks = agent.hooks;
    let signal = options.signal ?? defaults?.signal;
    const timeoutMs = options.timeoutMs ?? defaults?.timeoutMs;
    if (timeoutMs !== undefined || sink !== undefined) {
      const controller = new AbortController();
      this.controller = controller;
      if (signal !== undefined) {
        const parent = signal;
        if (parent.aborted) this.stop(parent.reason);
        else {
          const onAbort = () => this.stop(parent.reason);
          parent.addEventListener('abort', onAbort, { once: true });
          this.unlink = () => parent.removeEventListener('abort', onAbort);
        }
      }
      if (timeoutMs !== undefined) {
        this.timer = setTimeout(() => {
          this.timedOut = true;
          this.stop(new TimeoutError(`the run took longer than ${timeoutMs} ms`));
        }, timeoutMs);
      }
      signal = controller.signal;
    }
    this.signal = signal;
    this.toolSignal = signal ?? never();
    const schema = options.outputSchema ?? (defaults?.outputSchema as RunOptions<T>['outputSchema']);
    if (schema !== undefined) this.output = resolveOutput(schema);
  }

  /** Takes the session and user of a paused run being continued. */
  adopt(options: RunOptions<T>): void {
    this.sessionId = options.sessionId;
    this.userId = options.userId;
  }

  /** Cancels the run (used when a stream's consumer stops reading). */
  cancel(): void {
    this.stop(new AbortedError('the stream consumer stopped reading'));
  }

  private stop(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.controller?.abort(reason);
  }

  private opt<K extends keyof RunOptions<T>>(key: K): RunOptions<T>[K] | undefined {
    const v = this.options[key];
    return v !== undefined ? v : (this.agent.options.defaults?.[key] as RunOptions<T>[K] | undefined);
  }

  /** Delivers an event to the stream and the agent's bus. */
  emit(event: AgentEvent): Promise<void> | undefined {
    const bus = this.agent.bus;
    if (bus !== undefined) bus.emit(event);
    if (this.sink !== undefined && !this.textOnly) return this.sink.push(event);
    return undefined;
  }

  /** True when someone listens to events (so they are worth building). */
  private get observed(): boolean {
    return (this.sink !== undefined && !this.textOnly) || (this.agent.bus?.size ?? 0) > 0;
  }

  private checkAbort(): void {
    const signal = this.signal;
    if (signal?.aborted) throw this.abortError(signal.reason);
  }

  private abortError(reason: unknown): AgnoError {
    if (this.timedOut) return reason instanceof TimeoutError ? reason : new TimeoutError('the run timed out');
    if (reason instanceof AgnoError) return reason;
    return new AbortedError('the run was aborted', { cause: reason });
  }

  /** Emits `run-started` (for a fresh run and for a continued one); a promise only under backpressure. */
  private started(): Promise<void> | undefined {
    if (!this.observed) return undefined;
    return this.emit({
      type: 'run-started',
      runId: this.runId,
      sessionId: this.sessionId,
      agentName: this.agent.name,
    });
  }

  /** Runs from a fresh start: builds the conversation, then loops. */
  async start(
    input: string | Message | Message[],
    instructionsText: string | undefined,
  ): Promise<RunResult<T>> {
    try {
      const messages = this.messages;
      if (instructionsText) messages.push({ role: 'system', content: instructionsText });
      const store = this.agent.options.store;
      if (store !== undefined && this.sessionId !== undefined) {
        const limit = this.opt('historyLimit') ?? RUN_DEFAULTS.historyLimit;
        if (limit > 0) {
          const history = await store.loadHistory(this.sessionId, {
            limit,
            unit: this.opt('historyUnit') ?? 'messages',
          });
          for (const m of history) messages.push(m);
        }
      }
      this.runStart = messages.length;
      if (typeof input === 'string') messages.push({ role: 'user', content: input });
      else if (Array.isArray(input)) for (const m of input) messages.push(m);
      else messages.push(input);
      const started = this.started();
      if (started !== undefined) await started;
      return await this.loop();
    } catch (error) {
      throw await this.fail(error);
    } finally {
      this.dispose();
    }
  }

  /** Continues a paused run with a decision for each pending call. */
  async resume(paused: PausedRun, decisions: Record<string, ToolDecision>): Promise<RunResult<T>> {
    try {
      const started = this.started();
      if (started !== undefined) await started;
      this.messages = paused.messages;
      this.runStart = paused.runStart;
      this.round = paused.round;
      this.usage = paused.usage;
      this.toolCalls = paused.toolCalls;
      this.callCounts = new Map(Object.entries(paused.callCounts));
      const assistant = this.messages[this.messages.length - 1] as AssistantMessage;
      const calls = assistant.toolCalls ?? [];
      const done = new Map(paused.done.map((r) => [r.id, r]));
      const work: Promise<ToolCallRecord>[] = [];
      for (const p of paused.pending) {
        const decision = decisions[p.toolCall.id];
        if (decision?.approved === true) work.push(this.callTool(p.toolCall));
        else {
          const reason = decision?.approved === false && decision.reason ? `: ${decision.reason}` : '';
          work.push(
            Promise.resolve({
              id: p.toolCall.id,
              name: p.toolCall.name,
              args: p.toolCall.args,
              result: `the user rejected this call${reason}`,
              isError: true,
              errorCode: 'rejected',
              durationMs: 0,
            }),
          );
        }
      }
      for (const r of await Promise.all(work)) done.set(r.id, r);
      await this.commitToolResults(calls, done);
      return await this.loop();
    } catch (error) {
      throw await this.fail(error);
    } finally {
      this.dispose();
    }
  }

  private dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.unlink !== undefined) this.unlink();
  }

  private async fail(error: unknown): Promise<AgnoError> {
    let err: AgnoError;
    if (this.signal?.aborted) err = this.abortError(this.signal.reason);
    else if (error instanceof AgnoError) err = error;
    else err = new ModelError(errorMessage(error), { cause: error });
    const partial = this.result('completed', this.pendingText, undefined);
    partials.set(err, partial as RunResult<unknown>);
    if (this.observed) {
      const p = this.emit({
        type: 'run-error',
        runId: this.runId,
        error: err,
        partial: partial as RunResult<unknown>,
      });
      if (p !== undefined) await p.catch(() => {});
    }
    return err;
  }

  /**
   * The run's model request: built once and reused for every call of the run (its `messages`
   * is the run's growing conversation), so a tool round allocates no new request.
   */
  private request(): ModelRequest {
    let req = this.req;
    if (req !== undefined) {
      if (req.toolChoice !== undefined && this.modelCalls > 0) delete req.toolChoice;
      return req;
    }
    req = { messages: this.messages };
    const specs = this.compiled.specs;
    if (specs !== undefined) {
      req.tools = specs;
      const choice = this.opt('toolChoice');
      if (choice !== undefined && this.modelCalls === 0) req.toolChoice = choice;
    }
    const maxTokens = this.opt('maxTokens');
    if (maxTokens !== undefined) req.maxTokens = maxTokens;
    const temperature = this.opt('temperature');
    if (temperature !== undefined) req.temperature = temperature;
    const stop = this.opt('stop');
    if (stop !== undefined) req.stop = stop;
    if (this.output !== undefined) req.responseFormat = this.output.format;
    if (this.signal !== undefined) req.signal = this.signal;
    const providerOptions = this.opt('providerOptions');
    if (providerOptions !== undefined) req.providerOptions = providerOptions;
    this.req = req;
    return req;
  }

  /** Calls the model once (streaming when the run streams) and records usage and timing. */
  private async callModel(request: ModelRequest): Promise<ModelResponse> {
    this.checkAbort();
    const hooks = this.hooks;
    const round = this.modelCalls;
    const hookCtx = hooks === undefined ? undefined : this.modelHookContext(request, round);
    if (hooks?.beforeModelCall !== undefined) {
      let decision = hooks.beforeModelCall(hookCtx!);
      if (decision instanceof Promise) decision = await decision;
      if (decision && typeof decision === 'object' && 'block' in decision)
        throw new BlockedError(decision.block);
    }
    if (this.observed) {
      const p = this.emit({ type: 'model-call-started', runId: this.runId, round, request });
      if (p !== undefined) await p;
    }
    const start = performance.now();
    const model = this.agent.options.model;
    const response =
      this.sink === undefined ? await model.generate(request) : await this.streamModel(request);
    const end = performance.now();
    if (this.firstTokenAt === undefined) this.firstTokenAt = end;
    this.modelCallsMs.push(end - start);
    this.modelCalls++;
    addUsage(this.usage, response.usage);
    if (hooks?.afterModelCall !== undefined) {
      const done = hooks.afterModelCall({ ...hookCtx!, response });
      if (done instanceof Promise) await done;
    }
    if (this.observed) {
      const p = this.emit({
        type: 'model-call-completed',
        runId: this.runId,
        round,
        usage: response.usage,
        finishReason: response.finishReason,
        durationMs: end - start,
      });
      if (p !== undefined) await p;
    }
    this.checkAbort();
    return response;
  }

  private modelHookContext(request: ModelRequest, round: number) {
    return {
      runId: this.runId,
      sessionId: this.sessionId,
      agentName: this.agent.name,
      round,
      request,
    };
  }

  /** Consumes a model stream, forwarding text deltas (coalesced when asked) and assembling the reply. */
  private async streamModel(request: ModelRequest): Promise<ModelResponse> {
    const toolCalls: ToolCall[] = [];
    let finishReason: ModelResponse['finishReason'] = 'other';
    let usage: Usage | undefined;
    let sawFinish = false;
    let providerData: Record<string, unknown> | undefined;
    const flushMs = this.flushMs;
    let held = '';
    let lastFlush = performance.now();
    this.pendingText = '';
    for await (const event of this.agent.options.model.stream(request)) {
      switch (event.type) {
        case 'text-delta': {
          if (event.text.length === 0) break;
          if (this.firstTokenAt === undefined) this.firstTokenAt = performance.now();
          this.pendingText += event.text;
          if (flushMs > 0) {
            held += event.text;
            const now = performance.now();
            if (now - lastFlush < flushMs) break;
            lastFlush = now;
            const p = this.pushText(held);
            held = '';
            if (p !== undefined) await p;
          } else {
            const p = this.pushText(event.text);
            if (p !== undefined) await p;
          }
          break;
        }
        case 'tool-call-end':
          toolCalls.push(event.toolCall);
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'finish':
          finishReason = event.finishReason;
          if (event.usage !== undefined) usage = event.usage;
          if (event.providerData !== undefined) providerData = event.providerData;
          sawFinish = true;
          break;
      }
      if (this.stopped) break;
    }
    if (held.length > 0) {
      const p = this.pushText(held);
      if (p !== undefined) await p;
    }
    this.checkAbort();
    if (!sawFinish) {
      throw new ModelError('the model stream ended before its finish event', { code: 'stream_interrupted' });
    }
    const text = this.pendingText;
    this.pendingText = '';
    const response: ModelResponse = { text, toolCalls, finishReason, usage };
    if (providerData !== undefined) response.providerData = providerData;
    return response;
  }

  private pushText(text: string): Promise<void> | undefined {
    if (this.textOnly) {
      const bus = this.agent.bus;
      if (bus !== undefined && bus.size > 0) bus.emit({ type: 'text-delta', runId: this.runId, text });
      return this.sink!.push(text);
    }
    return this.emit({ type: 'text-delta', runId: this.runId, text });
  }

  /** The loop proper, from the model call of the current round on. */
  private async loop(): Promise<RunResult<T>> {
    const maxRounds = this.opt('maxToolRounds') ?? RUN_DEFAULTS.maxToolRounds;
    let repaired = false;
    for (;;) {
      const response = await this.callModel(this.request());
      const calls = response.toolCalls;
      const assistant: AssistantMessage = { role: 'assistant', content: response.text };
      if (calls.length > 0) assistant.toolCalls = calls;
      if (response.providerData !== undefined) assistant.providerData = response.providerData;
      this.messages.push(assistant);
      if (calls.length === 0) {
        if (this.output === undefined) return this.complete(response.text, response.text as T);
        const parsed = await parseOutput(response.text, this.output);
        if (parsed.ok) return this.complete(response.text, parsed.value as T);
        if (repaired) throw new OutputValidationError(response.text, parsed.issues);
        repaired = true;
        this.messages.push({
          role: 'user',
          content: `Your reply did not match the required JSON schema: ${parsed.issues.join('; ')}. Reply again with only JSON that matches the schema.`,
        });
        continue;
      }
      if (this.round >= maxRounds) throw new MaxToolRoundsError(maxRounds);
      this.round++;
      this.detectLoop(calls);
      const paused = await this.runTools(calls);
      if (paused !== undefined) return paused;
    }
  }

  private detectLoop(calls: ToolCall[]): void {
    const limit = this.opt('maxRepeatedToolCalls') ?? RUN_DEFAULTS.maxRepeatedToolCalls;
    if (limit <= 0) return;
    const counts = (this.callCounts ??= new Map());
    for (const call of calls) {
      const key = `${call.name}\u0000${canonicalJSON(call.args)}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (n >= limit) {
        if (this.observed) {
          this.emit({ type: 'loop-detected', runId: this.runId, toolName: call.name, repeats: n });
        }
        throw new LoopDetectedError(call.name, n);
      }
    }
  }

  /** Runs one turn's tool calls (in parallel, bounded); pauses when some need confirmation. */
  private async runTools(calls: ToolCall[]): Promise<RunResult<T> | undefined> {
    const tools = this.compiled.tools;
    let pending: PendingToolCall[] | undefined;
    let runnable: ToolCall[] = calls;
    if (this.compiled.needsConfirmation) {
      runnable = [];
      for (const call of calls) {
        if (tools.get(call.name)?.requiresConfirmation === true) {
          (pending ??= []).push({ toolCall: call, toolName: call.name });
        } else runnable.push(call);
      }
    }
    const records = await this.runCalls(runnable);
    if (pending !== undefined) return this.pause(pending, records);
    if (records.length === 1) {
      await this.commitRecord(records[0]!);
    } else {
      const byId = new Map<string, ToolCallRecord>();
      for (const r of records) byId.set(r.id, r);
      await this.commitToolResults(calls, byId);
    }
    return undefined;
  }

  private async runCalls(calls: ToolCall[]): Promise<ToolCallRecord[]> {
    if (calls.length === 0) return [];
    if (calls.length === 1) return [await this.callTool(calls[0]!)];
    const limit = this.opt('maxParallelToolCalls') ?? Number.POSITIVE_INFINITY;
    if (limit >= calls.length) return Promise.all(calls.map(this.callTool, this));
    const out: ToolCallRecord[] = new Array(calls.length);
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const i = next++;
        out[i] = await this.callTool(calls[i]!);
      }
    };
    const workers: Promise<void>[] = [];
    for (let i = 0; i < limit; i++) workers.push(worker());
    await Promise.all(workers);
    return out;
  }

  /** Runs one call with events, hooks and timing. */
  async callTool(call: ToolCall): Promise<ToolCallRecord> {
    if (this.observed) {
      const p = this.emit({ type: 'tool-call-started', runId: this.runId, toolCall: call });
      if (p !== undefined) await p;
    }
    const record = await runToolCall(this, call, this.compiled.tools.get(call.name), this.compiled.toolNames);
    this.toolCallsMs.push(record.durationMs);
    const hooks = this.hooks;
    if (hooks?.afterToolCall !== undefined) {
      const done = hooks.afterToolCall({
        runId: this.runId,
        sessionId: this.sessionId,
        agentName: this.agent.name,
        toolCall: call,
        record,
      });
      if (done instanceof Promise) await done;
    }
    if (this.observed) {
      const ev: AgentEvent = {
        type: 'tool-call-completed',
        runId: this.runId,
        toolCall: call,
        result: record.result,
        isError: record.isError,
        durationMs: record.durationMs,
      };
      if (record.errorCode !== undefined) ev.errorCode = record.errorCode;
      const p = this.emit(ev);
      if (p !== undefined) await p;
    }
    return record;
  }

  private async commitRecord(record: ToolCallRecord): Promise<void> {
    this.toolCalls.push(record);
    const msg: Message = {
      role: 'tool',
      toolCallId: record.id,
      toolName: record.name,
      content: record.result,
    };
    if (record.isError) msg.isError = true;
    if (record.attachments !== undefined) msg.attachments = record.attachments;
    this.messages.push(msg);
  }

  /** Appends results in the order the model asked for the calls (ids matched). */
  private async commitToolResults(calls: ToolCall[], byId: Map<string, ToolCallRecord>): Promise<void> {
    for (const call of calls) {
      const record = byId.get(call.id);
      if (record !== undefined) await this.commitRecord(record);
    }
  }

  private async pause(pending: PendingToolCall[], done: ToolCallRecord[]): Promise<RunResult<T>> {
    const counts: Record<string, number> = {};
    if (this.callCounts !== undefined) for (const [k, v] of this.callCounts) counts[k] = v;
    const paused: PausedRun = {
      runId: this.runId,
      sessionId: this.sessionId,
      userId: this.userId,
      agentName: this.agent.name,
      messages: this.messages,
      runStart: this.runStart,
      pending,
      done,
      round: this.round,
      usage: this.usage,
      toolCalls: this.toolCalls,
      callCounts: counts,
      createdAt: Date.now(),
    };
    const store = this.agent.options.store;
    if (store !== undefined) await store.savePausedRun(paused);
    const result = this.result('paused', '', undefined);
    result.pending = pending;
    result.paused = paused;
    if (this.observed) {
      const p = this.emit({
        type: 'run-paused',
        runId: this.runId,
        pending,
        result: result as RunResult<unknown>,
      });
      if (p !== undefined) await p;
    }
    return result;
  }

  private result(status: 'completed' | 'paused', text: string, output: T | undefined): RunResult<T> {
    return {
      runId: this.runId,
      sessionId: this.sessionId,
      userId: this.userId,
      status,
      text,
      output: (output === undefined ? text : output) as T,
      messages: this.messages.slice(this.runStart),
      toolCalls: this.toolCalls,
      usage: this.usage,
      timings: {
        totalMs: performance.now() - this.startedAt,
        firstTokenMs: this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.startedAt,
        modelCallsMs: this.modelCallsMs,
        toolCallsMs: this.toolCallsMs,
      },
      modelCalls: this.modelCalls,
    };
  }

  private async complete(text: string, output: T): Promise<RunResult<T>> {
    const result = this.result('completed', text, output);
    const store = this.agent.options.store;
    if (store !== undefined && this.sessionId !== undefined) {
      const record: RunRecord = {
        runId: this.runId,
        sessionId: this.sessionId,
        userId: this.userId,
        agentName: this.agent.name,
        status: 'completed',
        messages: result.messages,
        text,
        toolCalls: result.toolCalls,
        usage: result.usage,
        timings: result.timings,
        createdAt: Date.now(),
      };
      await store.appendRun(record);
    }
    if (this.observed) {
      const p = this.emit({ type: 'run-completed', runId: this.runId, result: result as RunResult<unknown> });
      if (p !== undefined) await p;
    }
    return result;
  }
}
