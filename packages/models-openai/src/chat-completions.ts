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
    return fromChatCompletion(completion);
  } catch (error) {
    throw toModelError(error, host, signal);
  } finally {
    scope?.dispose();
  }
}

/** Core's usage from a Chat Completions `usage` object. */
export function chatUsage(usage: CompletionUsage): Usage {
  const out: Usage = {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    totalTokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
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
export function fromChatCompletion(completion: ChatCompletion): ModelResponse {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  let toolCalls = NO_CALLS;
  const calls = message?.tool_calls;
  if (calls !== undefined && calls !== null && calls.length > 0) {
    toolCalls = [];
    for (const call of calls) {
      if (call.type !== undefined && call.type !== 'function') continue;
      toolCalls.push(toolCallFromText(call.id, call.function.name, call.function.arguments ?? ''));
    }
  }
  const refusal = message?.refusal;
  const text = message?.content ?? refusal ?? '';
  const finishReason =
    refusal && !message?.content
      ? 'content_filter'
      : chatFinishReason(choice?.finish_reason, toolCalls.length > 0);
  const response: ModelResponse = { text, toolCalls, finishReason, raw: completion };
  if (completion.usage) response.usage = chatUsage(completion.usage);
  return response;
}

/** A tool call being assembled from its streamed deltas. */
interface PendingCall {
  id: string;
  name: string;
  args: string;
}

/**
 * Maps a Chat Completions chunk stream to core's events: text deltas, tool calls assembled
 * by index (`tool-call-start` on a call's first chunk, `tool-call-delta` per argument piece,
 * `tool-call-end` once the choice finishes), then `usage` (the usage chunk that follows the
 * finish chunk) and `finish` last. A stream that ends or breaks before its finish reason
 * yields what arrived, then throws `stream_interrupted`.
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
    let finish: string | null | undefined;
    let refused = false;
    let usage: Usage | undefined;
    let events = 0;
    try {
      for await (const chunk of chunks) {
        if (chunk.usage) usage = chatUsage(chunk.usage);
        const choices = chunk.choices;
        if (choices === undefined || choices.length === 0) continue;
        let choice: ChatCompletionChunk.Choice | undefined = choices[0]!;
        // Only the first choice counts (a request may ask for several with `n`).
        if (choice.index) choice = choices.find((c) => !c.index);
        if (choice === undefined) continue;
        const delta = choice.delta;
        if (delta !== undefined && delta !== null) {
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
              const index = d.index ?? 0;
              calls ??= [];
              let call = calls[index];
              if (call === undefined) {
                call = {
                  id: d.id || `call_${index}_${Date.now().toString(36)}`,
                  name: d.function?.name ?? '',
                  args: '',
                };
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
    if (usage !== undefined) yield { type: 'usage', usage };
    const finishReason = refused ? 'content_filter' : chatFinishReason(finish, hasCalls);
    yield usage === undefined ? { type: 'finish', finishReason } : { type: 'finish', finishReason, usage };
  } finally {
    scope?.dispose();
  }
}
