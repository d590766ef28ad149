/**
 * A complete Messages API reply as core's {@link ModelResponse}.
 */
import type { ModelResponse, ToolCall } from '@agno/core';
import type { Message } from '@anthropic-ai/sdk/resources/messages';
import { type OutputTool, outputText } from './structured-output.js';
import { attachThinking, type ThinkingParam, thinkingData } from './thinking.js';
import { toFinishReason, toUsage } from './usage.js';

/**
 * Maps `message`: text blocks joined, `tool_use` blocks as tool calls, the text of thinking
 * blocks as `reasoning` (a blank line between blocks; redacted thinking shows nothing), thinking
 * blocks kept for sending back with the turn's tool calls (see thinking.ts). A call of the
 * output tool becomes the reply text (JSON) when it is the only call.
 */
export function toModelResponse(message: Message, output: OutputTool | undefined): ModelResponse {
  let text = '';
  const toolCalls: ToolCall[] = [];
  let outputJson: string | undefined;
  let thinking: ThinkingParam[] | undefined;
  let reasoning: string | undefined;
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      if (output !== undefined && block.name === output.name) outputJson = outputText(output, block.input);
      else toolCalls.push({ id: block.id, name: block.name, args: block.input });
    } else if (block.type === 'thinking') {
      (thinking ??= []).push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
      if (block.thinking.length > 0)
        reasoning = reasoning === undefined ? block.thinking : `${reasoning}\n\n${block.thinking}`;
    } else if (block.type === 'redacted_thinking') {
      (thinking ??= []).push({ type: 'redacted_thinking', data: block.data });
    }
  }
  if (thinking !== undefined && toolCalls.length > 0) attachThinking(toolCalls[0]!, thinking);
  let finishReason = toFinishReason(message.stop_reason);
  if (outputJson !== undefined && toolCalls.length === 0) {
    text = outputJson;
    if (finishReason === 'tool_calls') finishReason = 'stop';
  }
  const response: ModelResponse = {
    text,
    toolCalls,
    finishReason,
    usage: toUsage(message.usage),
    raw: message,
  };
  if (reasoning !== undefined) response.reasoning = reasoning;
  if (thinking !== undefined && toolCalls.length > 0) response.providerData = thinkingData(thinking);
  return response;
}
