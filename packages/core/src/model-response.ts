/**
 * Making a model's reply whole before the run reads it: what the {@link ModelResponse} contract
 * lets a plugin leave out or give as text is filled in here, once, so nothing after this point
 * checks again.
 */
import type { ToolCall, Usage } from './messages.js';
import type { ModelResponse, ModelUsage } from './model.js';

/** A reply with everything the run reads present. */
export interface WholeResponse extends ModelResponse {
  toolCalls: ToolCall[];
  usage: Usage | undefined;
}

/**
 * The reply with `toolCalls` present, `usage.totalTokens` derived when absent, and tool-call
 * arguments given as JSON text parsed (text that is not JSON becomes `invalidArgs`, which the run
 * sends back to the model as a tool error). A reply that needs nothing is returned as it is; one
 * that does is copied (the model's objects are never changed).
 */
export function wholeResponse(response: ModelResponse): WholeResponse {
  const calls = response.toolCalls;
  const usage = response.usage;
  const callsOk = calls !== undefined && !hasTextArgs(calls);
  const usageOk = usage === undefined || typeof usage.totalTokens === 'number';
  if (callsOk && usageOk) return response as WholeResponse;
  const out: WholeResponse = {
    ...response,
    toolCalls: callsOk ? calls : parseCalls(calls),
    usage: wholeUsage(usage),
  };
  return out;
}

/** `usage` with `totalTokens` (input + output when the model left it out). */
export function wholeUsage(usage: ModelUsage | undefined): Usage | undefined {
  if (usage === undefined || typeof usage.totalTokens === 'number') return usage as Usage | undefined;
  return { ...usage, totalTokens: (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) };
}

/**
 * The tool call for a model's argument text: empty text means no arguments (`{}`); text that is
 * not JSON is kept in `invalidArgs` (the run sends the model a validation error, the tool is not
 * called). Never throws. For providers that receive arguments as text.
 */
export function toolCallFromText(id: string, name: string, argsText: string): ToolCall {
  if (argsText.trim().length === 0) return { id, name, args: {} };
  try {
    return { id, name, args: JSON.parse(argsText) };
  } catch {
    return { id, name, args: undefined, invalidArgs: argsText };
  }
}

/** A tool call whose `args` is JSON text, parsed (once); other calls as they are. */
function parsedCall(call: ToolCall): ToolCall {
  return typeof call.args === 'string' ? toolCallFromText(call.id, call.name, call.args) : call;
}

function hasTextArgs(calls: readonly ToolCall[]): boolean {
  for (let i = 0; i < calls.length; i++) if (typeof calls[i]!.args === 'string') return true;
  return false;
}

function parseCalls(calls: readonly ToolCall[] | undefined): ToolCall[] {
  return calls === undefined ? [] : calls.map(parsedCall);
}
