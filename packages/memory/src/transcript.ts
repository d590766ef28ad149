/**
 * Conversation text for the models that extract memories and write summaries.
 */
import { type Message, messageText } from '@agno/core';

const MAX_TOOL_TEXT = 500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/**
 * The messages as plain lines (`user: ...`, `assistant: ...`); tool calls and results are
 * included, clipped, only when `withTools` is set. System messages are left out.
 */
export function transcript(messages: readonly Message[], withTools: boolean): string {
  const lines: string[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'user':
        lines.push(`user: ${messageText(m)}`);
        break;
      case 'assistant':
        if (m.content) lines.push(`assistant: ${m.content}`);
        if (withTools && m.toolCalls !== undefined) {
          for (const c of m.toolCalls)
            lines.push(`assistant called ${c.name}(${clip(JSON.stringify(c.args) ?? '', MAX_TOOL_TEXT)})`);
        }
        break;
      case 'tool':
        if (withTools)
          lines.push(`tool ${m.toolName}${m.isError ? ' failed' : ''}: ${clip(m.content, MAX_TOOL_TEXT)}`);
        break;
    }
  }
  return lines.join('\n');
}
