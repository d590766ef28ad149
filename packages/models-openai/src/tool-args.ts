/**
 * Turning a model's tool-call argument text into a core `ToolCall`. Malformed JSON never
 * throws: the call keeps the raw text in `invalidArgs`, and core's run loop sends the model
 * a validation error instead of calling the tool.
 */
import type { ToolCall } from '@agno/core';

/** Builds the {@link ToolCall} for `argsText` (empty text means no arguments: `{}`). */
export function toToolCall(id: string, name: string, argsText: string): ToolCall {
  if (argsText.length === 0 || argsText.trim().length === 0) return { id, name, args: {} };
  try {
    return { id, name, args: JSON.parse(argsText) };
  } catch {
    return { id, name, args: undefined, invalidArgs: argsText };
  }
}

/** The argument text sent back to the API for a call of the conversation history. */
export function argsText(call: ToolCall): string {
  // A call whose text was malformed is replayed as `{}`: some OpenAI-compatible servers parse
  // the arguments of earlier turns, and the tool's error result already quotes the raw text.
  if (call.invalidArgs !== undefined || call.args === undefined) return '{}';
  return JSON.stringify(call.args);
}
