/**
 * Calls to Chat Completions (`POST /chat/completions`), and its replies as core's responses
 * and stream events.
 */
import type {
  FinishReason,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ToolCall,
  Usage,
} from '@agno/core';
import { toolCallFromText } from '@agno/core/utils';
import { APIError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { DetailsAssembler, detailsOf, reasoningOf, turnData } from './chat-reasoning.js';
import { chatBody } from './chat-request.js';
import { abortError, interruptedError, toModelError } from './error-mapping.js';
import { callScope, type ModelHost, requestOptions } from './host.js';

const NO_CALLS: ToolCall[] = [];

/** One non-streaming call. */
export async function chatGenerate(host: ModelHost, request: ModelRequest): Promise<ModelResponse> {
  const signal = request.signal;
  if (signal?.aborted) throw abortError(signal);
  const scope = callScope(signal);
  try {
    const body = chatBody(
      request,
      host.settings,
      false,
      host,
    ) as unknown as ChatCompletionCreateParamsNonStreaming;
    const pending = host.client.chat.completions.create(body, requestOptions(scope));
    const completion = await (scope === undefined ? pending : scope.race(pending));
    return fromChatCompletion(completion, host.provider);
  } catch (error) {
    throw toModelError(error, host, signal);
  } finally {
    scope?.dispose();
  }
}

/**
 * Core's usage from a Chat Completions `usage` object; undefined when it holds no token counts
 * (a server that sends `usage: {}` or nulls reported nothing, and no zeros are made up).
 */
export function chatUsage(usage: CompletionUsage): Usage | undefined {
  const input = usage.prompt_tokens;
  const output = usage.completion_tokens;
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  const out: Usage = {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    totalTokens: usage.total_tokens ?? (input ?? 0) + (output ?? 0),
  };
  const prompt = usage.prompt_tokens_details;
  if (prompt?.cached_tokens) out.cachedInputTokens = prompt.cached_tokens;
  if (prompt?.cache_write_tokens) out.cacheCreationInputTokens = prompt.cache_write_tokens;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) out.reasoningTokens = reasoning;
  return out;
}

/** Core's finish reason for a Chat Completions one. */
export function chatFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'stop':
      // Some compatible servers say `stop` after tool calls.
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return hasToolCalls ? 'tool_calls' : 'other';
  }
}

/** A whole Chat Completions reply as core's {@link ModelResponse} (the first choice). */
export function fromChatCompletion(completion: ChatCompletion, provider = 'openai'): ModelResponse {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  let toolCalls = NO_CALLS;
  const calls = message?.tool_calls;
  if (calls !== undefined && calls !== null && calls.length > 0) {
    toolCalls = [];
    const ids = new CallIds();
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      if (call.type !== undefined && call.type !== 'function') continue;
      const fn = call.function;
      toolCalls.push(toolCallFromText(ids.id(call.id, i), fn.name, fn.arguments ?? ''));
    }
  }
  const refusal = message?.refusal;
  const text = message?.content ?? refusal ?? '';
  const finishReason =
    refusal && !message?.content
      ? 'content_filter'
      : chatFinishReason(choice?.finish_reason, toolCalls.length > 0);
  const response: ModelResponse = { text, toolCalls, finishReason, raw: completion };
  if (completion.usage) {
    const usage = chatUsage(completion.usage);
    if (usage !== undefined) response.usage = usage;
  }
  if (message !== undefined && message !== null) {
    const reasoning = reasoningOf(message);
    if (reasoning !== undefined) response.reasoning = reasoning;
    const data = turnData(provider, detailsOf(message));
    if (data !== undefined) response.providerData = data;
  }
  return response;
}

/**
 * Unique ids for the tool calls of one reply: the server's, unless it sent none, an empty one, or
 * one an earlier call of the reply already has (servers that number calls per turn, or send `""`);
 * then `call_<random>_<index>`, the same for every event of the call.
 */
export class CallIds {
  private readonly seen = new Set<string>();
  private base: string | undefined;

  /** The id of the call at `index`, given `id` from the server. */
  id(id: string | null | undefined, index: number): string {
    if (!id || this.seen.has(id)) {
      this.base ??= Math.random().toString(36).slice(2, 10);
      id = `call_${this.base}_${index}`;
    }
    this.seen.add(id);
    return id;
  }
}

/** A tool call being assembled from its streamed deltas. */
interface PendingCall {
  id: string;
  /** The id the server gave it (empty when none). */
  given: string;
  name: string;
  args: string;
}

/**
 * The index of a streamed tool-call piece: its `index`. From a server that leaves it out: a new
 * call when the piece brings another id than the last call's, or (without ids) a name, which
 * only a call's first piece carries; else the last call.
 */
function callIndex(d: ChatCompletionChunk.Choice.Delta.ToolCall, calls: PendingCall[]): number {
  if (d.index !== undefined && d.index !== null) return d.index;
  const last = calls.length - 1;
  if (last < 0) return 0;
  return (d.id ? d.id !== calls[last]!.given : !!d.function?.name) ? calls.length : last;
}

/**
 * Maps a Chat Completions chunk stream to core's events: reasoning and text deltas, tool calls
 * assembled by index (`tool-call-start` on a call's first chunk, `tool-call-delta` per argument
 * piece, `tool-call-end` once the choice finishes), then `usage` (from the usage chunk that
 * follows the finish chunk, when the server sent one) and `finish` last. A stream that ends or
 * breaks before its finish reason yields what arrived, then throws `stream_interrupted`.
 */
export async function* chatStream(host: ModelHost, request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
  const signal = request.signal;
  if (signal?.aborted) throw abortError(signal);
  const scope = callScope(signal);
  try {
    let chunks: AsyncIterable<ChatCompletionChunk>;
    try {
      const body = chatBody(
        request,
        host.settings,
        true,
        host,
      ) as unknown as ChatCompletionCreateParamsStreaming;
      const pending = host.client.chat.completions.create(body, requestOptions(scope));
      chunks = await (scope === undefined ? pending : scope.race(pending));
    } catch (error) {
      throw toModelError(error, host, signal);
    }
    let calls: PendingCall[] | undefined;
    let ids: CallIds | undefined;
    let details: DetailsAssembler | undefined;
    let finish: string | null | undefined;
    let refused = false;
    let rawUsage: CompletionUsage | undefined;
    let events = 0;
    try {
      for await (const chunk of chunks) {
        if (chunk.usage) rawUsage = chunk.usage;
        const choices = chunk.choices;
        if (choices === undefined || choices.length === 0) continue;
        let choice: ChatCompletionChunk.Choice | undefined = choices[0]!;
        // Only the first choice counts (a request may ask for several with `n`).
        if (choice.index) choice = choices.find((c) => !c.index);
        if (choice === undefined) continue;
        const delta = choice.delta;
        if (delta !== undefined && delta !== null) {
          const reasoning = reasoningOf(delta);
          if (reasoning !== undefined) {
            events++;
            yield { type: 'reasoning-delta', text: reasoning };
          }
          const pieces = detailsOf(delta);
          if (pieces !== undefined) (details ??= new DetailsAssembler()).add(pieces);
          const content = delta.content;
          if (content) {
            events++;
            yield { type: 'text-delta', text: content };
          } else if (delta.refusal) {
            refused = true;
            events++;
            yield { type: 'text-delta', text: delta.refusal };
          }
          const deltas = delta.tool_calls;
          if (deltas !== undefined && deltas !== null) {
            for (const d of deltas) {
              calls ??= [];
              const index = callIndex(d, calls);
              let call = calls[index];
              if (call === undefined) {
                const id = (ids ??= new CallIds()).id(d.id, index);
                call = { id, given: d.id ?? '', name: d.function?.name ?? '', args: '' };
                calls[index] = call;
                events++;
                yield { type: 'tool-call-start', id: call.id, name: call.name };
              } else if (d.function?.name && call.name.length === 0) call.name = d.function.name;
              const piece = d.function?.arguments;
              if (piece) {
                call.args += piece;
                events++;
                yield { type: 'tool-call-delta', id: call.id, argsText: piece };
              }
            }
          }
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      // A break after the finish chunk loses only the usage chunk: the reply is complete.
      if (finish === undefined) {
        // An APIError here is one the server sent inside the stream; anything else broke it.
        throw error instanceof APIError
          ? toModelError(error, host, signal)
          : interruptedError(error, events, host);
      }
    }
    // The call is over: unlink from the caller's signal before handing out the last events.
    scope?.dispose();
    if (signal?.aborted) throw abortError(signal);
    if (finish === undefined) throw interruptedError(undefined, events, host);
    let hasCalls = false;
    if (calls !== undefined) {
      for (const call of calls) {
        if (call === undefined) continue;
        hasCalls = true;
        yield { type: 'tool-call-end', toolCall: toolCallFromText(call.id, call.name, call.args) };
      }
    }
    const usage = rawUsage === undefined ? undefined : chatUsage(rawUsage);
    if (usage !== undefined) yield { type: 'usage', usage };
    const finishReason = refused ? 'content_filter' : chatFinishReason(finish, hasCalls);
    const event: ModelStreamEvent & { type: 'finish' } = { type: 'finish', finishReason };
    if (usage !== undefined) event.usage = usage;
    const data = details === undefined ? undefined : turnData(host.provider, details.result());
    if (data !== undefined) event.providerData = data;
    yield event;
  } finally {
    scope?.dispose();
  }
}
