/**
 * Tool-call arguments as they go back to the API. (Reading them from the API is core's
 * `toolCallFromText`: malformed JSON never throws, the call keeps the raw text in `invalidArgs`.)
 */
import type { ToolCall } from '@agno/core';

/** The argument text sent back to the API for a call of the conversation history. */
export function argsText(call: ToolCall): string {
  // A call whose text was malformed is replayed as `{}`: some OpenAI-compatible servers parse
  // the arguments of earlier turns, and the tool's error result already quotes the raw text.
  if (call.invalidArgs !== undefined || call.args === undefined) return '{}';
  return JSON.stringify(call.args);
}
