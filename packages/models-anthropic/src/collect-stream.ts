/**
 * A streamed reply gathered into one {@link ModelResponse}: `generate` uses it when the client
 * requires streaming (long `max_tokens` without an explicit timeout).
 */
import type { ModelResponse, ModelStreamEvent, ToolCall } from '@agno/core';

/**
 * Above this `max_tokens` the client refuses a non-streaming call unless a timeout is set
 * (it expects such a call to outlast 10 minutes): 10 min × 128,000 tokens / 60 min.
 */
export const NON_STREAMING_MAX_TOKENS = 21_333;

/** Reads `events` to the end and returns the reply they make up (reasoning and provider data included). */
export async function collectStream(events: AsyncIterable<ModelStreamEvent>): Promise<ModelResponse> {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  const response: ModelResponse = { text, toolCalls, finishReason: 'other' };
  for await (const e of events) {
    if (e.type === 'text-delta') text += e.text;
    else if (e.type === 'reasoning-delta') reasoning += e.text;
    else if (e.type === 'tool-call-end') toolCalls.push(e.toolCall);
    else if (e.type === 'finish') {
      response.finishReason = e.finishReason;
      if (e.usage !== undefined) response.usage = e.usage;
      if (e.providerData !== undefined) response.providerData = e.providerData;
    }
  }
  response.text = text;
  if (reasoning.length > 0) response.reasoning = reasoning;
  return response;
}
