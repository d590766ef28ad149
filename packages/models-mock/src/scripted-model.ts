/**
 * A `Model` that plays a script: text replies, tool calls (single and parallel), replies
 * streamed in chunks as a real provider sends them, delays, errors, broken streams, and
 * replies computed from the request. It records every request it receives.
 */

import {
  AbortedError,
  AgnoError,
  type FinishReason,
  type Model,
  ModelError,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  type ToolCall,
  type Usage,
} from '@agno/core';
import { sleep as pause } from '@agno/core/utils';

/** A tool call in a script; `id` defaults to a unique `call_N`. */
export interface ScriptedToolCall {
  name: string;
  args?: unknown;
  id?: string;
  /** Raw argument text to send instead of `args` (for malformed-JSON tests). */
  rawArgs?: string;
}

/** One scripted reply. */
export interface ScriptedReply {
  text?: string;
  /** Reasoning text (streamed as `reasoning-delta` events before the text). */
  reasoning?: string;
  /** Opaque provider state to keep on the assistant message (core sends it back next turn). */
  providerData?: Record<string, unknown>;
  toolCalls?: ScriptedToolCall[];
  finishReason?: FinishReason;
  /** Usage to report; estimated from the text when left out. */
  usage?: Partial<Usage>;
  /** Wait this long before replying (honours the request's AbortSignal). */
  delayMs?: number;
  /** Throw this error instead of replying; a message alone throws a `ModelError` with it. */
  error?: Error | string;
  /** Streaming only: characters per text delta (default from the model's options). */
  chunkSize?: number;
  /** Streaming only: wait this long between deltas. */
  chunkDelayMs?: number;
  /** Streaming only: break the stream (a `stream_interrupted` error) after this many text deltas. */
  breakAfterChunks?: number;
}

/** What a reply function learns about the call. */
export interface ScriptedCallInfo {
  /** 0-based index of this call on the model. */
  call: number;
  /** 0-based index of the model turn within the current run (assistant turns since the last user message). */
  turn: number;
}

/** A script step: plain text, a reply, or a function of the request. */
export type ScriptedStep =
  | string
  | ScriptedReply
  | ((
      request: ModelRequest,
      info: ScriptedCallInfo,
    ) => string | ScriptedReply | Promise<string | ScriptedReply>);

/** Options of {@link ScriptedModel}. Give one of `turns`, `replies` or `respond`. */
export interface ScriptedModelOptions {
  /**
   * Per-run script: every run plays these in order, chosen by the run's turn index, so
   * concurrent runs each see the whole script. The last step repeats past the end.
   */
  turns?: ScriptedStep[];
  /** One global queue: the n-th call gets the n-th reply (an error when it runs out, unless `loop`). */
  replies?: ScriptedStep[];
  /** Start `replies` again when they run out. */
  loop?: boolean;
  /** Computes every reply. */
  respond?: ScriptedStep;
  /** Characters per streamed text delta. Default 8. */
  chunkSize?: number;
  /** Delay before every reply, in ms. */
  delayMs?: number;
  /** Record requests in `requests`. Default true (turn off in benchmarks). */
  record?: boolean;
  /** Model id reported. Default `scripted`. */
  modelId?: string;
}

let idCounter = 0;

/** A scripted {@link Model}. */
export class ScriptedModel implements Model {
  /** Always `mock`. */
  readonly provider = 'mock';
  /** The `modelId` option, or `scripted`. */
  readonly modelId: string;
  /** Every request received, in order (when `record` is on), with a copy of its messages as they were. */
  readonly requests: ModelRequest[] = [];
  /** Number of calls made. */
  calls = 0;
  private readonly options: ScriptedModelOptions;

  constructor(options: ScriptedModelOptions = {}) {
    this.options = options;
    this.modelId = options.modelId ?? 'scripted';
    if (!options.turns && !options.replies && !options.respond) {
      throw new AgnoError('config_error', 'ScriptedModel needs turns, replies or respond');
    }
  }

  /** The last request received. */
  get lastRequest(): ModelRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  /** Forgets recorded requests and restarts `replies`. */
  reset(): void {
    this.requests.length = 0;
    this.calls = 0;
  }

  /**
   * The reply for a call: at once when the script can give it without waiting (a plain step, no
   * delay), else a promise. Errors of a step are thrown (or rejected) as the model's failure.
   */
  private next(request: ModelRequest): ScriptedReply | Promise<ScriptedReply> {
    const call = this.calls++;
    if (this.options.record !== false) this.requests.push({ ...request, messages: request.messages.slice() });
    const o = this.options;
    let step: ScriptedStep | undefined;
    if (o.respond !== undefined) step = o.respond;
    else if (o.turns !== undefined) {
      const turn = turnIndex(request);
      step = o.turns[Math.min(turn, o.turns.length - 1)];
    } else {
      const replies = o.replies!;
      const i = o.loop ? call % replies.length : call;
      step = replies[i];
      if (step === undefined) throw new ModelError(`the script has no reply for call ${call + 1}`);
    }
    if (typeof step === 'function') {
      const out = step(request, { call, turn: turnIndex(request) });
      return out instanceof Promise ? out.then((r) => this.settle(r, request)) : this.settle(out, request);
    }
    return this.settle(step!, request);
  }

  /** A step made a reply, after its delay; its error thrown. */
  private settle(
    step: string | ScriptedReply,
    request: ModelRequest,
  ): ScriptedReply | Promise<ScriptedReply> {
    const reply: ScriptedReply = typeof step === 'string' ? { text: step } : step;
    const delay = reply.delayMs ?? this.options.delayMs;
    if (delay !== undefined && delay > 0) {
      return sleep(delay, request.signal).then(() => {
        if (reply.error !== undefined) throw scriptedError(reply.error);
        return reply;
      });
    }
    if (request.signal?.aborted) throw new AbortedError();
    if (reply.error !== undefined) throw scriptedError(reply.error);
    return reply;
  }

  /** {@inheritDoc Model.generate} */
  generate(request: ModelRequest): Promise<ModelResponse> {
    // No async frame when the script answers at once: benchmarks measure the run, not the mock.
    try {
      const reply = this.next(request);
      if (reply instanceof Promise) return reply.then((r) => responseOf(r, request));
      return Promise.resolve(responseOf(reply, request));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@inheritDoc Model.stream} */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    return new ScriptedStream(this, request);
  }

  /** @internal Picks the reply for a call (used by the stream). */
  reply(request: ModelRequest): Promise<ScriptedReply> {
    try {
      return Promise.resolve(this.next(request));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** @internal Characters per streamed delta. */
  get chunkSize(): number {
    return this.options.chunkSize ?? 8;
  }
}

/**
 * A streamed reply. Without delays or breaks it hands out a prepared array of events
 * through already-resolved promises, so benchmarks measure the consumer, not the mock.
 */
class ScriptedStream implements AsyncIterable<ModelStreamEvent>, AsyncIterator<ModelStreamEvent> {
  private events: ModelStreamEvent[] | undefined = undefined;
  private index = 0;
  private reply: ScriptedReply | undefined = undefined;
  private textChunks = 0;

  constructor(
    private readonly model: ScriptedModel,
    private readonly request: ModelRequest,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ModelStreamEvent>> {
    const events = this.events;
    if (events === undefined) return this.start();
    const reply = this.reply!;
    if (this.index >= events.length) return Promise.resolve({ value: undefined, done: true });
    const event = events[this.index]!;
    if (event.type === 'text-delta') {
      if (reply.breakAfterChunks !== undefined && this.textChunks >= reply.breakAfterChunks) {
        return this.cut();
      }
      this.textChunks++;
      if (reply.chunkDelayMs !== undefined) {
        this.index++;
        return sleep(reply.chunkDelayMs, this.request.signal).then(() => ({ value: event, done: false }));
      }
    } else if (reply.breakAfterChunks !== undefined && this.textChunks >= reply.breakAfterChunks) {
      return this.cut();
    }
    this.index++;
    return Promise.resolve({ value: event, done: false });
  }

  /** Ends the stream early (a consumer's break). */
  return(): Promise<IteratorResult<ModelStreamEvent>> {
    this.index = Number.POSITIVE_INFINITY;
    this.events ??= [];
    return Promise.resolve({ value: undefined, done: true });
  }

  private cut(): Promise<never> {
    this.index = Number.POSITIVE_INFINITY;
    return Promise.reject(
      new ModelError('the connection was cut mid-stream', { code: 'stream_interrupted', retryable: true }),
    );
  }

  private async start(): Promise<IteratorResult<ModelStreamEvent>> {
    const reply = await this.model.reply(this.request);
    this.reply = reply;
    this.events = buildEvents(reply, this.request, Math.max(1, reply.chunkSize ?? this.model.chunkSize));
    return this.next();
  }
}

function buildEvents(reply: ScriptedReply, request: ModelRequest, size: number): ModelStreamEvent[] {
  const events: ModelStreamEvent[] = [];
  const reasoning = reply.reasoning ?? '';
  for (let i = 0; i < reasoning.length; i += size)
    events.push({ type: 'reasoning-delta', text: reasoning.slice(i, i + size) });
  const text = reply.text ?? '';
  for (let i = 0; i < text.length; i += size)
    events.push({ type: 'text-delta', text: text.slice(i, i + size) });
  const toolCalls = reply.toolCalls === undefined ? EMPTY : reply.toolCalls.map(toToolCall);
  for (const call of toolCalls) {
    events.push({ type: 'tool-call-start', id: call.id, name: call.name });
    const argsText = call.invalidArgs ?? JSON.stringify(call.args ?? {});
    const half = argsText.length >> 1;
    events.push({ type: 'tool-call-delta', id: call.id, argsText: argsText.slice(0, half) });
    events.push({ type: 'tool-call-delta', id: call.id, argsText: argsText.slice(half) });
    events.push({ type: 'tool-call-end', toolCall: call });
  }
  events.push({ type: 'usage', usage: usageOf(reply, request, text) });
  const finish: Extract<ModelStreamEvent, { type: 'finish' }> = {
    type: 'finish',
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
  };
  if (reply.providerData !== undefined) finish.providerData = reply.providerData;
  events.push(finish);
  return events;
}

const EMPTY: ToolCall[] = [];

/** The error a scripted reply throws. */
function scriptedError(error: Error | string): Error {
  return typeof error === 'string' ? new ModelError(error) : error;
}

/** The model response for a scripted reply. */
function responseOf(reply: ScriptedReply, request: ModelRequest): ModelResponse {
  const toolCalls = reply.toolCalls === undefined ? EMPTY : reply.toolCalls.map(toToolCall);
  const text = reply.text ?? '';
  const response: ModelResponse = {
    text,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: usageOf(reply, request, text),
  };
  if (reply.reasoning !== undefined) response.reasoning = reply.reasoning;
  if (reply.providerData !== undefined) response.providerData = reply.providerData;
  return response;
}

function toToolCall(call: ScriptedToolCall): ToolCall {
  const out: ToolCall = { id: call.id ?? `call_${++idCounter}`, name: call.name, args: call.args ?? {} };
  if (call.rawArgs !== undefined) {
    try {
      out.args = JSON.parse(call.rawArgs);
    } catch {
      out.args = undefined;
      out.invalidArgs = call.rawArgs;
    }
  }
  return out;
}

function turnIndex(request: ModelRequest): number {
  const messages = request.messages;
  let turn = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const role = messages[i]!.role;
    if (role === 'user') break;
    if (role === 'assistant') turn++;
  }
  return turn;
}

function usageOf(reply: ScriptedReply, request: ModelRequest, text: string): Usage {
  const inputTokens = reply.usage?.inputTokens ?? request.messages.length * 8;
  const outputTokens =
    reply.usage?.outputTokens ?? Math.ceil(text.length / 4) + (reply.toolCalls?.length ?? 0) * 12;
  const usage: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: reply.usage?.totalTokens ?? inputTokens + outputTokens,
  };
  if (reply.usage?.cachedInputTokens !== undefined) usage.cachedInputTokens = reply.usage.cachedInputTokens;
  if (reply.usage?.reasoningTokens !== undefined) usage.reasoningTokens = reply.usage.reasoningTokens;
  return usage;
}

/** Waits `ms`, or fails with an `aborted` error as soon as the call's signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return pause(ms, signal).catch((reason: unknown) => {
    throw new AbortedError('the model call was aborted', { cause: reason });
  });
}
