/**
 * Messages exchanged with a model, and the token usage they cost.
 */

/** A piece of a multi-part message: text, or an image/file given inline (base64) or by URL. */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; data?: string; url?: string; mediaType?: string }
  | { type: 'file'; data?: string; url?: string; mediaType?: string; name?: string };

/** A tool call the model asked for. */
export interface ToolCall {
  /** Provider-issued id; the tool result carries the same id. */
  id: string;
  /** Name of the tool to call. */
  name: string;
  /**
   * Parsed arguments (an object for well-formed calls). A model plugin may give the model's JSON
   * text instead: core parses it once before the call is run or stored.
   */
  args: unknown;
  /**
   * Set by a provider when the model's argument text was not valid JSON: the raw text.
   * The run loop sends a validation error back to the model instead of calling the tool.
   */
  invalidArgs?: string;
}

/** The system prompt. */
export interface SystemMessage {
  role: 'system';
  content: string;
}

/** What the user said. */
export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
}

/** What the model said, with the tool calls it asked for. */
export interface AssistantMessage {
  role: 'assistant';
  content: string;
  toolCalls?: ToolCall[];
  /** The model's reasoning text or summary for this turn, when the provider gave it (kept for display). */
  reasoning?: string;
  /**
   * Provider-specific parts of the turn that must be sent back with it (for example Anthropic's
   * thinking blocks). JSON-safe; core and the stores keep it as it is.
   */
  providerData?: Record<string, unknown>;
}

/** The result of one tool call, sent back to the model. */
export interface ToolMessage {
  role: 'tool';
  /** Id of the {@link ToolCall} this answers. */
  toolCallId: string;
  /** Name of the tool that ran. */
  toolName: string;
  /** The result as text (JSON for objects). */
  content: string;
  /** True when the tool failed; `content` then holds the error message. */
  isError?: boolean;
  /** Images or files the tool returned, for providers that accept them. */
  attachments?: ContentPart[];
}

/** Any message of a conversation. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** Tokens spent by one or more model calls. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache. */
  cacheCreationInputTokens?: number;
  /** Output tokens spent on hidden reasoning. */
  reasoningTokens?: number;
}

/** A fresh zero usage. */
export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
}

/** Adds `add` into `into` (mutates and returns `into`). */
export function addUsage(into: Usage, add: Usage | undefined): Usage {
  if (add === undefined) return into;
  into.inputTokens += add.inputTokens;
  into.outputTokens += add.outputTokens;
  into.totalTokens += add.totalTokens;
  if (add.cachedInputTokens) into.cachedInputTokens = (into.cachedInputTokens ?? 0) + add.cachedInputTokens;
  if (add.cacheCreationInputTokens)
    into.cacheCreationInputTokens = (into.cacheCreationInputTokens ?? 0) + add.cacheCreationInputTokens;
  if (add.reasoningTokens) into.reasoningTokens = (into.reasoningTokens ?? 0) + add.reasoningTokens;
  return into;
}

/**
 * `total` minus `base`: what a continued run added to the usage its paused state had counted
 * (`total` itself when there is no `base`). Returns a new object.
 */
export function usageSince(total: Usage, base: Usage | undefined): Usage {
  if (base === undefined) return total;
  const out: Usage = {
    inputTokens: total.inputTokens - base.inputTokens,
    outputTokens: total.outputTokens - base.outputTokens,
    totalTokens: total.totalTokens - base.totalTokens,
  };
  for (const k of ['cachedInputTokens', 'cacheCreationInputTokens', 'reasoningTokens'] as const) {
    const v = (total[k] ?? 0) - (base[k] ?? 0);
    if (v !== 0) out[k] = v;
  }
  return out;
}

/** The text of a user message, whatever its form. */
export function messageText(message: Message): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  let out = '';
  for (const part of content) if (part.type === 'text') out += part.text;
  return out;
}
