/**
 * Token usage and stop reasons in core's terms.
 */
import type { FinishReason, Usage } from '@agno/core';
import type { StopReason } from '@anthropic-ai/sdk/resources/messages';

/** The usage fields the API reports (in `message`, `message_start` and `message_delta`). */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Core usage from the API's. `inputTokens` counts every input token, cached or not (the API's
 * `input_tokens` leaves out cache reads and writes), so it means the same as other providers'.
 */
export function toUsage(u: AnthropicUsage): Usage {
  const cacheRead = u.cache_read_input_tokens ?? 0;
  const cacheWrite = u.cache_creation_input_tokens ?? 0;
  const inputTokens = (u.input_tokens ?? 0) + cacheRead + cacheWrite;
  const outputTokens = u.output_tokens ?? 0;
  const usage: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (cacheRead > 0) usage.cachedInputTokens = cacheRead;
  if (cacheWrite > 0) usage.cacheCreationInputTokens = cacheWrite;
  const thinking = u.output_tokens_details?.thinking_tokens;
  if (thinking) usage.reasoningTokens = thinking;
  return usage;
}

/** Core's finish reason for the API's stop reason. */
export function toFinishReason(reason: StopReason | string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}
