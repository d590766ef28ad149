/**
 * Token usage and finish reasons in core's terms.
 */
import type { FinishReason, Usage } from '@agno/core';
import type { GenerateContentResponseUsageMetadata } from '@google/genai';

/**
 * Core usage from the API's `usageMetadata`. `outputTokens` counts the thinking tokens too (the
 * API's `candidatesTokenCount` leaves them out, but they are billed as output), as other
 * providers' do; `reasoningTokens` says how many of them were thoughts. `inputTokens` counts
 * every prompt token, cached ones included.
 */
export function toUsage(u: GenerateContentResponseUsageMetadata | undefined): Usage {
  if (u === undefined) return { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  const inputTokens = (u.promptTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0);
  const thoughts = u.thoughtsTokenCount ?? 0;
  const outputTokens = (u.candidatesTokenCount ?? 0) + thoughts;
  const usage: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: u.totalTokenCount ?? inputTokens + outputTokens,
  };
  if (u.cachedContentTokenCount) usage.cachedInputTokens = u.cachedContentTokenCount;
  if (thoughts > 0) usage.reasoningTokens = thoughts;
  return usage;
}

/** How a finish reason ends a turn: normally, cut short, withheld by a filter, or broken. */
export type FinishKind = 'stop' | 'length' | 'filtered' | 'recitation' | 'broken' | 'other';

const KINDS: Record<string, FinishKind> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'filtered',
  PROHIBITED_CONTENT: 'filtered',
  BLOCKLIST: 'filtered',
  SPII: 'filtered',
  IMAGE_SAFETY: 'filtered',
  IMAGE_PROHIBITED_CONTENT: 'filtered',
  MODEL_ARMOR: 'filtered',
  RECITATION: 'recitation',
  IMAGE_RECITATION: 'recitation',
  MALFORMED_FUNCTION_CALL: 'broken',
  UNEXPECTED_TOOL_CALL: 'broken',
  MALFORMED_RESPONSE: 'broken',
  MISSING_THOUGHT_SIGNATURE: 'broken',
};

/** The kind of the API's finish reason (`undefined` when the turn ended without one: a normal stop). */
export function finishKind(reason: string | undefined): FinishKind {
  return reason === undefined ? 'stop' : (KINDS[reason] ?? 'other');
}

/** Core's finish reason for the API's, given whether the turn called tools. */
export function toFinishReason(reason: string | undefined, calledTools: boolean): FinishReason {
  switch (finishKind(reason)) {
    case 'stop':
      return calledTools ? 'tool_calls' : 'stop';
    case 'length':
      return 'length';
    case 'filtered':
    case 'recitation':
      return 'content_filter';
    case 'broken':
      return 'error';
    default:
      return calledTools ? 'tool_calls' : 'other';
  }
}
