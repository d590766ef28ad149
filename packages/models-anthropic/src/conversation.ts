/**
 * Core's conversation as the Messages API wants it: the system prompt apart, then strictly
 * alternating user/assistant turns, tool calls as `tool_use` blocks and their results as
 * `tool_result` blocks in the next user turn (consecutive results in ONE turn, first in it).
 */
import type { Message, ToolCall } from '@agno/core';
import type {
  CacheControlEphemeral,
  ContentBlockParam,
  MessageParam,
  TextBlockParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import { type PartBlock, partBlock } from './content-parts.js';
import { turnThinking } from './thinking.js';

/** The conversation in Messages API form. */
export interface Conversation {
  /** The `system` parameter, when there is a system prompt. */
  system: string | TextBlockParam[] | undefined;
  messages: MessageParam[];
}

/** Where to put prompt-caching markers while converting. */
export interface ConversationCache {
  system?: CacheControlEphemeral;
  lastMessage?: CacheControlEphemeral;
}

interface Turn {
  role: 'user' | 'assistant';
  content: ContentBlockParam[];
}

/** Converts core messages; throws a `bad_request` ModelError for content the API cannot take. */
export function toConversation(messages: readonly Message[], cache?: ConversationCache): Conversation {
  const builder = new ConversationBuilder();
  for (const m of messages) builder.add(m);
  return builder.finish(cache);
}

class ConversationBuilder {
  private readonly system: TextBlockParam[] = [];
  private readonly turns: Turn[] = [];
  private readonly toolUseIds = new Set<string>();

  add(m: Message): void {
    switch (m.role) {
      case 'system':
        if (m.content.length > 0) this.system.push({ type: 'text', text: m.content });
        return;
      case 'user':
        if (typeof m.content === 'string') {
          if (m.content.length > 0) this.push('user', { type: 'text', text: m.content });
        } else {
          for (const part of m.content) {
            const block = partBlock(part);
            if (block !== undefined) this.push('user', block);
          }
        }
        return;
      case 'assistant': {
        const thinking =
          m.toolCalls !== undefined && m.toolCalls.length > 0
            ? turnThinking(m.providerData, m.toolCalls[0])
            : undefined;
        if (thinking !== undefined) for (const block of thinking) this.push('assistant', block);
        if (m.content.length > 0) this.push('assistant', { type: 'text', text: m.content });
        if (m.toolCalls !== undefined) for (const call of m.toolCalls) this.pushToolUse(call);
        return;
      }
      case 'tool': {
        if (!this.toolUseIds.has(m.toolCallId)) {
          // A result without its call (history cut mid-exchange): the API rejects an orphan
          // tool_result, so the model reads it as text instead.
          this.push('user', {
            type: 'text',
            text: `Result of tool "${m.toolName}" (${m.toolCallId}): ${m.content}`,
          });
          return;
        }
        const block: ToolResultBlockParam = { type: 'tool_result', tool_use_id: m.toolCallId };
        if (m.attachments !== undefined && m.attachments.length > 0) {
          const content: PartBlock[] = [];
          if (m.content.length > 0) content.push({ type: 'text', text: m.content });
          for (const part of m.attachments) {
            const b = partBlock(part);
            if (b !== undefined) content.push(b);
          }
          block.content = content;
        } else if (m.content.length > 0) block.content = m.content;
        if (m.isError === true) block.is_error = true;
        this.pushToolResult(block);
        return;
      }
    }
  }

  private pushToolUse(call: ToolCall): void {
    this.toolUseIds.add(call.id);
    const args = call.args;
    const input = typeof args === 'object' && args !== null && !Array.isArray(args) ? args : {};
    this.push('assistant', { type: 'tool_use', id: call.id, name: call.name, input });
  }

  private push(role: Turn['role'], block: ContentBlockParam): void {
    const last = this.turns[this.turns.length - 1];
    if (last !== undefined && last.role === role) last.content.push(block);
    else this.turns.push({ role, content: [block] });
  }

  /** Tool results go first in their user turn, in the order they came. */
  private pushToolResult(block: ToolResultBlockParam): void {
    const last = this.turns[this.turns.length - 1];
    if (last === undefined || last.role !== 'user') {
      this.turns.push({ role: 'user', content: [block] });
      return;
    }
    const content = last.content;
    let i = content.length;
    while (i > 0 && content[i - 1]!.type !== 'tool_result') i--;
    if (i === content.length) content.push(block);
    else content.splice(i, 0, block);
  }

  finish(cache: ConversationCache | undefined): Conversation {
    const turns = this.turns;
    if (cache?.lastMessage !== undefined && turns.length > 0) {
      const content = turns[turns.length - 1]!.content;
      (content[content.length - 1] as { cache_control?: CacheControlEphemeral }).cache_control =
        cache.lastMessage;
    }
    const messages: MessageParam[] = new Array(turns.length);
    for (let i = 0; i < turns.length; i++) {
      const turn = turns[i]!;
      const content = turn.content;
      const only = content.length === 1 ? content[0]! : undefined;
      messages[i] = {
        role: turn.role,
        content:
          only !== undefined && only.type === 'text' && only.cache_control === undefined
            ? only.text
            : content,
      };
    }
    let system: Conversation['system'];
    const blocks = this.system;
    if (blocks.length > 0) {
      if (cache?.system !== undefined) {
        blocks[blocks.length - 1]!.cache_control = cache.system;
        system = blocks;
      } else system = blocks.length === 1 ? blocks[0]!.text : blocks;
    }
    return { system, messages };
  }
}
