/**
 * Thinking blocks kept with the tool calls they led to. With extended or adaptive thinking on,
 * the API wants the thinking blocks of an assistant turn that used tools sent back unchanged
 * with that turn. They travel as the turn's `providerData` (`{ anthropic: { thinking } }`),
 * which core keeps on the assistant message and the stores keep as JSON, so they survive a
 * paused run and session history; within a run they also ride on the turn's first tool call.
 */
import type { ToolCall } from '@agno/core';
import type { RedactedThinkingBlockParam, ThinkingBlockParam } from '@anthropic-ai/sdk/resources/messages';

/** A thinking block as it goes back to the API. */
export type ThinkingParam = ThinkingBlockParam | RedactedThinkingBlockParam;

const THINKING: unique symbol = Symbol.for('agno.models-anthropic.thinking');

type WithThinking = ToolCall & { [THINKING]?: ThinkingParam[] };

/** Attaches `blocks` to `call` (the first call of their turn). */
export function attachThinking(call: ToolCall, blocks: ThinkingParam[]): void {
  (call as WithThinking)[THINKING] = blocks;
}

/** The thinking blocks attached to `call`, if any. */
export function thinkingOf(call: ToolCall): ThinkingParam[] | undefined {
  return (call as WithThinking)[THINKING];
}

/** The `providerData` that carries a turn's thinking blocks. */
export function thinkingData(blocks: ThinkingParam[]): Record<string, unknown> {
  return { anthropic: { thinking: blocks } };
}

/** The thinking blocks of an assistant turn: from its `providerData`, else from its first call. */
export function turnThinking(
  providerData: Record<string, unknown> | undefined,
  firstCall: ToolCall | undefined,
): ThinkingParam[] | undefined {
  const fromData = (providerData?.anthropic as { thinking?: ThinkingParam[] } | undefined)?.thinking;
  if (Array.isArray(fromData) && fromData.length > 0) return fromData;
  return firstCall === undefined ? undefined : thinkingOf(firstCall);
}
