/**
 * Reasoning on the Responses API: core's `ReasoningOptions` as the `reasoning` field, whether a
 * request asks for encrypted reasoning (needed to send reasoning back when `store: false`), and
 * the reasoning text of a reply (summaries, or the raw reasoning text open-weight models give),
 * whole or streamed in parts.
 */
import type { ModelRequest, ReasoningOptions } from '@agno/core';
import { reasoningEffort } from '@agno/core/utils';
import type { Response } from 'openai/resources/responses/responses';
import type { Reasoning } from 'openai/resources/shared';

/** The `include` value that asks for reasoning items' `encrypted_content`. */
export const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

/**
 * Model ids of OpenAI's reasoning models (o-series, GPT-5 but its `-chat` models, Codex,
 * gpt-oss), with or without a gateway's `vendor/` prefix. Other models reject
 * `include: ['reasoning.encrypted_content']`.
 */
const REASONING_MODEL = /(?:^|\/)(?:o\d|gpt-5(?![.\d]*-chat)|codex|gpt-oss)/i;

/** The Responses `reasoning` field for `options`: the effort, and `summary: 'auto'` when text is wanted. */
export function reasoningField(options: ReasoningOptions): Reasoning {
  const effort = reasoningEffort(options);
  const out: Reasoning = {};
  if (effort !== undefined) out.effort = effort;
  if (effort !== 'none' && options.includeText !== false) out.summary = 'auto';
  return out;
}

/**
 * True when a request to `modelId` produces reasoning items: the model is a known reasoning
 * model, or the request asks for reasoning (with an effort other than `none`).
 */
export function producesReasoning(modelId: string, request: ModelRequest): boolean {
  const asked = request.reasoning;
  if (asked !== undefined && reasoningEffort(asked) === 'none') return false;
  return asked !== undefined || REASONING_MODEL.test(modelId);
}

/** `include` with `reasoning.encrypted_content` added (a copy; the caller's array is kept). */
export function withEncryptedReasoning(include: unknown): string[] {
  const list = Array.isArray(include) ? (include as string[]) : [];
  return list.includes(ENCRYPTED_REASONING) ? list : [...list, ENCRYPTED_REASONING];
}

/**
 * The reasoning text of a finished response: each reasoning item's summary parts (or, without
 * any, its raw reasoning text), a blank line between parts; undefined when there is none.
 */
export function reasoningText(response: Response): string | undefined {
  let text: string | undefined;
  for (const item of response.output ?? []) {
    if (item.type !== 'reasoning') continue;
    const parts = item.summary !== undefined && item.summary.length > 0 ? item.summary : item.content;
    if (parts === undefined) continue;
    for (const part of parts) {
      if (part.text.length === 0) continue;
      text = text === undefined ? part.text : `${text}\n\n${part.text}`;
    }
  }
  return text;
}

/**
 * Streamed reasoning deltas joined as {@link reasoningText} joins the finished parts: the first
 * delta of every part after the first gets a blank line before it.
 */
export class ReasoningParts {
  private item = -1;
  private part = -1;
  private started = false;

  /** The text to stream for `delta` of part `part` of output item `item`. */
  text(item: number, part: number, delta: string): string {
    if (item === this.item && part === this.part) return delta;
    this.item = item;
    this.part = part;
    if (!this.started) {
      this.started = true;
      return delta;
    }
    return `\n\n${delta}`;
  }
}
