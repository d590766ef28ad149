/**
 * Thinking blocks kept with the tool calls they led to. With extended or adaptive thinking on,
 * the API wants the thinking blocks of an assistant turn that used tools sent back unchanged
 * with that turn. Core's messages have no field for them, so they ride on the turn's first
 * {@link ToolCall} under a symbol: core keeps those objects in the conversation for the rest of
 * the run, and the conversation builder puts the blocks back first in the assistant turn.
 * (A symbol does not survive JSON or `structuredClone`, so a run paused and resumed loses them.)
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
