/**
 * Raw Messages API stream events as core's {@link ModelStreamEvent}s: text deltas as they come,
 * `thinking_delta`s as `reasoning-delta`s (a blank line between thinking blocks, as in
 * `ModelResponse.reasoning`), `input_json_delta` fragments assembled into tool arguments, usage and stop reason gathered
 * from `message_start` and `message_delta`. One mapper per stream; each raw event gives at most
 * one core event, so the caller yields without collecting.
 */
import type { FinishReason, ModelStreamEvent, ToolCall, Usage } from '@agno/core';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { type OutputTool, outputText } from './structured-output.js';
import { attachThinking, type ThinkingParam, thinkingData } from './thinking.js';
import { type AnthropicUsage, toFinishReason, toUsage } from './usage.js';

const TEXT = 0;
const TOOL = 1;
const OUTPUT = 2;
const OTHER = 3;
const THINKING = 4;

interface BlockState {
  kind: typeof TEXT | typeof TOOL | typeof OUTPUT | typeof OTHER | typeof THINKING;
  id: string;
  name: string;
  /** Argument JSON received so far (the thinking text, for thinking blocks). */
  args: string;
  /** The `input` of `content_block_start` (used when no delta follows); a thinking block's signature. */
  input: unknown;
}

/** Maps one stream's raw events; read `finished`, `usage()` and `finishReason()` at the end. */
export class StreamMapper {
  /** True once `message_stop` arrived. */
  finished = false;
  private readonly blocks: (BlockState | undefined)[] = [];
  private readonly rawUsage: AnthropicUsage = {};
  private stopReason: string | null | undefined = undefined;
  private toolCalls = 0;
  private sawOutput = false;
  /** Thinking blocks of this turn, until the first tool call takes them. */
  private thinking: ThinkingParam[] | undefined = undefined;
  /** Thinking blocks that led to tool calls in this turn, for the turn's `providerData`. */
  private sent: ThinkingParam[] | undefined = undefined;
  /** The index of the thinking block that gave the last reasoning text (-1: none yet). */
  private reasoningBlock = -1;

  constructor(private readonly output: OutputTool | undefined) {}

  /** The core event for `event`, if it makes one. */
  map(event: RawMessageStreamEvent): ModelStreamEvent | undefined {
    switch (event.type) {
      case 'content_block_delta': {
        const block = this.blocks[event.index];
        if (block === undefined) return undefined;
        const delta = event.delta;
        if (delta.type === 'text_delta') {
          return block.kind === TEXT && delta.text.length > 0
            ? { type: 'text-delta', text: delta.text }
            : undefined;
        }
        if (delta.type === 'input_json_delta') {
          const part = delta.partial_json;
          if (part.length === 0) return undefined;
          block.args += part;
          if (block.kind === TOOL) return { type: 'tool-call-delta', id: block.id, argsText: part };
          if (block.kind === OUTPUT && !this.output!.wrapped) return { type: 'text-delta', text: part };
        } else if (block.kind === THINKING) {
          if (delta.type === 'thinking_delta') {
            block.args += delta.thinking;
            return this.reasoning(event.index, delta.thinking);
          }
          if (delta.type === 'signature_delta') block.input = delta.signature;
        }
        return undefined;
      }
      case 'content_block_start':
        return this.start(event.index, event.content_block);
      case 'content_block_stop':
        return this.stop(event.index);
      case 'message_start':
        this.mergeUsage(event.message.usage);
        return undefined;
      case 'message_delta':
        if (event.delta.stop_reason !== null) this.stopReason = event.delta.stop_reason;
        this.mergeUsage(event.usage);
        return undefined;
      case 'message_stop':
        this.finished = true;
        return undefined;
      default:
        return undefined;
    }
  }

  /** Usage gathered so far. */
  usage(): Usage {
    return toUsage(this.rawUsage);
  }

  /** The turn's `providerData` (its thinking blocks), when it has any. */
  providerData(): Record<string, unknown> | undefined {
    return this.sent === undefined ? undefined : thinkingData(this.sent);
  }

  /** The finish reason; a lone call of the output tool counts as a normal stop. */
  finishReason(): FinishReason {
    const reason = toFinishReason(this.stopReason);
    return reason === 'tool_calls' && this.sawOutput && this.toolCalls === 0 ? 'stop' : reason;
  }

  private start(
    index: number,
    block: Extract<RawMessageStreamEvent, { type: 'content_block_start' }>['content_block'],
  ): ModelStreamEvent | undefined {
    if (block.type === 'text') {
      this.blocks[index] = { kind: TEXT, id: '', name: '', args: '', input: undefined };
      return block.text.length > 0 ? { type: 'text-delta', text: block.text } : undefined;
    }
    if (block.type === 'tool_use') {
      if (this.output !== undefined && block.name === this.output.name) {
        this.sawOutput = true;
        this.blocks[index] = { kind: OUTPUT, id: block.id, name: block.name, args: '', input: block.input };
        return undefined;
      }
      this.toolCalls++;
      this.blocks[index] = { kind: TOOL, id: block.id, name: block.name, args: '', input: block.input };
      return { type: 'tool-call-start', id: block.id, name: block.name };
    }
    if (block.type === 'thinking') {
      this.blocks[index] = { kind: THINKING, id: '', name: '', args: block.thinking, input: block.signature };
      return this.reasoning(index, block.thinking);
    }
    if (block.type === 'redacted_thinking')
      (this.thinking ??= []).push({ type: 'redacted_thinking', data: block.data });
    this.blocks[index] = { kind: OTHER, id: '', name: '', args: '', input: undefined };
    return undefined;
  }

  /** A `reasoning-delta` for thinking text of block `index` (a blank line before a new block's first). */
  private reasoning(index: number, text: string): ModelStreamEvent | undefined {
    if (text.length === 0) return undefined;
    const last = this.reasoningBlock;
    if (last === index) return { type: 'reasoning-delta', text };
    this.reasoningBlock = index;
    return { type: 'reasoning-delta', text: last === -1 ? text : `\n\n${text}` };
  }

  private stop(index: number): ModelStreamEvent | undefined {
    const block = this.blocks[index];
    if (block === undefined) return undefined;
    this.blocks[index] = undefined;
    if (block.kind === TOOL) {
      const call = toolCall(block);
      if (this.thinking !== undefined) {
        attachThinking(call, this.thinking);
        for (const block of this.thinking) (this.sent ??= []).push(block);
        this.thinking = undefined;
      }
      return { type: 'tool-call-end', toolCall: call };
    }
    if (block.kind === THINKING) {
      (this.thinking ??= []).push({
        type: 'thinking',
        thinking: block.args,
        signature: String(block.input ?? ''),
      });
      return undefined;
    }
    if (block.kind === OUTPUT) {
      const output = this.output!;
      // Unwrapped output already went out as text deltas, unless the input came whole at the start.
      if (!output.wrapped && block.args.length > 0) return undefined;
      const call = toolCall(block);
      const text = call.invalidArgs ?? outputText(output, call.args);
      return { type: 'text-delta', text };
    }
    return undefined;
  }

  private mergeUsage(u: AnthropicUsage | null | undefined): void {
    if (u === null || u === undefined) return;
    const into = this.rawUsage;
    if (u.input_tokens != null) into.input_tokens = u.input_tokens;
    if (u.output_tokens != null) into.output_tokens = u.output_tokens;
    if (u.cache_read_input_tokens != null) into.cache_read_input_tokens = u.cache_read_input_tokens;
    if (u.cache_creation_input_tokens != null)
      into.cache_creation_input_tokens = u.cache_creation_input_tokens;
    if (u.output_tokens_details != null) into.output_tokens_details = u.output_tokens_details;
  }
}

/** The finished call of a tool block; malformed argument JSON is kept raw in `invalidArgs`. */
function toolCall(block: BlockState): ToolCall {
  const text = block.args;
  if (text.length === 0) {
    const input = block.input;
    return { id: block.id, name: block.name, args: input === undefined || input === null ? {} : input };
  }
  try {
    return { id: block.id, name: block.name, args: JSON.parse(text) };
  } catch {
    return { id: block.id, name: block.name, args: undefined, invalidArgs: text };
  }
}
