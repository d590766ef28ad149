/**
 * Calls to the Responses API (`POST /responses`), and its replies as core's responses and
 * stream events.
 */
import {
  type FinishReason,
  isAgnoError,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  type ToolCall,
  type Usage,
} from '@agno/core';
import { toolCallFromText } from '@agno/core/utils';
import { APIError } from 'openai';
import type {
  Response,
  ResponseCreateParamsNonStreaming,
  ResponseCreateParamsStreaming,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import {
  abortError,
  type ErrorContext,
  interruptedError,
  streamedError,
  toModelError,
} from './error-mapping.js';
import { callScope, type ModelHost, requestOptions } from './host.js';
import { turnData } from './responses-data.js';
import { ReasoningParts, reasoningText } from './responses-reasoning.js';
import { responsesBody } from './responses-request.js';

/** One non-streaming call. */
export async function responsesGenerate(host: ModelHost, request: ModelRequest): Promise<ModelResponse> {
  const signal = request.signal;
  if (signal?.aborted) throw abortError(signal);
  const scope = callScope(signal);
  try {
    const body = responsesBody(
      request,
      host.settings,
      false,
      host,
    ) as unknown as ResponseCreateParamsNonStreaming;
    const pending = host.client.responses.create(body, requestOptions(scope));
    const response = await (scope === undefined ? pending : scope.race(pending));
    return fromResponse(response, host);
  } catch (error) {
    throw toModelError(error, host, signal);
  } finally {
    scope?.dispose();
  }
}

/** Core's usage from a Responses `usage` object. */
export function responsesUsage(usage: ResponseUsage): Usage {
  const out: Usage = {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    totalTokens: usage.total_tokens ?? (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0),
  };
  const input = usage.input_tokens_details;
  if (input?.cached_tokens) out.cachedInputTokens = input.cached_tokens;
  if (input?.cache_write_tokens) out.cacheCreationInputTokens = input.cache_write_tokens;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (reasoning) out.reasoningTokens = reasoning;
  return out;
}

/** Core's finish reason for a finished response. */
export function responsesFinishReason(
  response: Response,
  hasToolCalls: boolean,
  refused: boolean,
): FinishReason {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    return reason === 'max_output_tokens'
      ? 'length'
      : reason === 'content_filter'
        ? 'content_filter'
        : 'other';
  }
  if (refused) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/** A whole Responses reply as core's {@link ModelResponse}. */
export function fromResponse(response: Response, ctx: ErrorContext): ModelResponse {
  if (response.status === 'failed') {
    throw streamedError(response.error?.message ?? 'the response failed', response.error?.code, ctx);
  }
  let text = '';
  let refused = false;
  const toolCalls: ToolCall[] = [];
  for (const item of response.output ?? []) {
    if (item.type === 'message') {
      for (const part of item.content) {
        if (part.type === 'output_text') text += part.text;
        else if (part.type === 'refusal') {
          text += part.refusal;
          refused = true;
        }
      }
    } else if (item.type === 'function_call') {
      toolCalls.push(toolCallFromText(item.call_id, item.name, item.arguments ?? ''));
    }
  }
  const out: ModelResponse = {
    text,
    toolCalls,
    finishReason: responsesFinishReason(response, toolCalls.length > 0, refused),
    raw: response,
  };
  if (response.usage) out.usage = responsesUsage(response.usage);
  const reasoning = reasoningText(response);
  if (reasoning !== undefined) out.reasoning = reasoning;
  const data = turnData(response);
  if (data !== undefined) out.providerData = data;
  return out;
}

/** A function call being assembled from its streamed deltas. */
interface PendingCall {
  id: string;
  name: string;
  args: string;
  ended: boolean;
}

/**
 * Maps a Responses event stream to core's events: `response.output_text.delta` to text,
 * `response.reasoning_summary_text.delta` (and `response.reasoning_text.delta`) to
 * `reasoning-delta` (a blank line between parts), a `function_call` output item to `tool-call-start`, its
 * `response.function_call_arguments.delta`s to `tool-call-delta`, and its
 * `response.output_item.done` to `tool-call-end`; `response.completed` (or `.incomplete`)
 * gives `usage` and `finish`. `response.failed` and `error` events throw typed errors; a
 * stream that ends or breaks before the response finished yields what arrived, then throws
 * `stream_interrupted`.
 */
export async function* responsesStream(
  host: ModelHost,
  request: ModelRequest,
): AsyncGenerator<ModelStreamEvent> {
  const signal = request.signal;
  if (signal?.aborted) throw abortError(signal);
  const scope = callScope(signal);
  try {
    let events: AsyncIterable<ResponseStreamEvent>;
    try {
      const body = responsesBody(
        request,
        host.settings,
        true,
        host,
      ) as unknown as ResponseCreateParamsStreaming;
      const pending = host.client.responses.create(body, requestOptions(scope));
      events = await (scope === undefined ? pending : scope.race(pending));
    } catch (error) {
      throw toModelError(error, host, signal);
    }
    // Calls by output index (every item event carries it).
    const calls: PendingCall[] = [];
    let final: Response | undefined;
    let refused = false;
    let count = 0;
    let reasoning: ReasoningParts | undefined;
    try {
      for await (const event of events) {
        switch (event.type) {
          case 'response.reasoning_summary_text.delta':
          case 'response.reasoning_text.delta':
            if (event.delta) {
              count++;
              // Summary parts by their index, raw text parts apart from them.
              const part =
                event.type === 'response.reasoning_text.delta'
                  ? -1 - event.content_index
                  : event.summary_index;
              const text = (reasoning ??= new ReasoningParts()).text(event.output_index, part, event.delta);
              yield { type: 'reasoning-delta', text };
            }
            break;
          case 'response.output_text.delta':
            if (event.delta) {
              count++;
              yield { type: 'text-delta', text: event.delta };
            }
            break;
          case 'response.refusal.delta':
            refused = true;
            if (event.delta) {
              count++;
              yield { type: 'text-delta', text: event.delta };
            }
            break;
          case 'response.output_item.added': {
            const item = event.item;
            if (item.type !== 'function_call') break;
            const call: PendingCall = {
              id: item.call_id,
              name: item.name,
              args: item.arguments ?? '',
              ended: false,
            };
            calls[event.output_index] = call;
            count++;
            yield { type: 'tool-call-start', id: call.id, name: call.name };
            break;
          }
          case 'response.function_call_arguments.delta': {
            const call = calls[event.output_index];
            if (call === undefined || !event.delta) break;
            call.args += event.delta;
            count++;
            yield { type: 'tool-call-delta', id: call.id, argsText: event.delta };
            break;
          }
          case 'response.output_item.done': {
            const item = event.item;
            if (item.type !== 'function_call') break;
            const call = calls[event.output_index];
            if (call === undefined || call.ended) break;
            call.ended = true;
            count++;
            yield {
              type: 'tool-call-end',
              toolCall: toolCallFromText(call.id, call.name, item.arguments ?? call.args),
            };
            break;
          }
          case 'response.completed':
          case 'response.incomplete':
            final = event.response;
            break;
          case 'response.failed': {
            const error = event.response.error;
            throw streamedError(error?.message ?? 'the response failed', error?.code, host);
          }
          case 'error':
            throw streamedError(event.message, event.code, host);
        }
      }
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (final === undefined) {
        if (error instanceof APIError) throw toModelError(error, host, signal);
        if (isAgnoError(error)) throw error;
        throw interruptedError(error, count, host);
      }
    }
    // The call is over: unlink from the caller's signal before handing out the last events.
    scope?.dispose();
    if (signal?.aborted) throw abortError(signal);
    if (final === undefined) throw interruptedError(undefined, count, host);
    let hasCalls = false;
    for (const call of calls) {
      if (call === undefined) continue;
      hasCalls = true;
      if (!call.ended)
        yield { type: 'tool-call-end', toolCall: toolCallFromText(call.id, call.name, call.args) };
    }
    const usage = final.usage ? responsesUsage(final.usage) : undefined;
    if (usage !== undefined) yield { type: 'usage', usage };
    const finish: ModelStreamEvent = {
      type: 'finish',
      finishReason: responsesFinishReason(final, hasCalls, refused),
    };
    if (usage !== undefined) finish.usage = usage;
    const data = turnData(final);
    if (data !== undefined) finish.providerData = data;
    yield finish;
  } finally {
    scope?.dispose();
  }
}
