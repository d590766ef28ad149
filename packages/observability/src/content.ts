/**
 * Message content in the GenAI conventions' JSON shape, for the opt-in `recordContent`
 * mode only. Secrets are redacted; nothing here runs unless content recording is on.
 */
import { type Message, messageText, redactSecrets, type ToolCall } from '@agno/core';

interface Part {
  type: string;
  [key: string]: unknown;
}

function parts(message: Message): Part[] {
  switch (message.role) {
    case 'assistant': {
      const out: Part[] = [];
      if (message.content) out.push({ type: 'text', content: message.content });
      for (const call of message.toolCalls ?? []) out.push(toolCallPart(call));
      return out;
    }
    case 'tool':
      return [{ type: 'tool_call_response', id: message.toolCallId, response: message.content }];
    default:
      return [{ type: 'text', content: messageText(message) }];
  }
}

function toolCallPart(call: ToolCall): Part {
  return { type: 'tool_call', id: call.id, name: call.name, arguments: call.args };
}

/** The system instructions and the other messages, as JSON strings (redacted). */
export function inputContent(messages: readonly Message[]): { system: string | undefined; input: string } {
  let system: string | undefined;
  const input: { role: string; parts: Part[] }[] = [];
  for (const m of messages) {
    if (m.role === 'system') system = (system === undefined ? '' : `${system}\n`) + m.content;
    else input.push({ role: m.role, parts: parts(m) });
  }
  return {
    system:
      system === undefined ? undefined : redactSecrets(JSON.stringify([{ type: 'text', content: system }])),
    input: redactSecrets(JSON.stringify(input)),
  };
}

/** One assistant reply as the `gen_ai.output.messages` JSON string (redacted). */
export function outputContent(
  text: string,
  toolCalls: readonly ToolCall[] | undefined,
  finishReason: string,
): string {
  const out: Part[] = [];
  if (text) out.push({ type: 'text', content: text });
  for (const call of toolCalls ?? []) out.push(toolCallPart(call));
  return redactSecrets(JSON.stringify([{ role: 'assistant', parts: out, finish_reason: finishReason }]));
}

/** Any value as a redacted JSON string. */
export function jsonContent(value: unknown): string {
  try {
    return redactSecrets(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
  } catch {
    return '[unserialisable]';
  }
}
