/**
 * One reply read part by part, from a whole `generateContent` response or from the chunks of a
 * stream: text, thoughts (as reasoning), function calls (with ids of their own when the API
 * gives none), thought signatures, usage, and how the turn ended. The same reader serves both
 * paths, so a streamed turn and a whole one give the same calls, ids and `providerData`.
 */
import {
  type AgnoError,
  type FinishReason,
  ModelError,
  type ModelStreamEvent,
  type ToolCall,
} from '@agno/core';
import type { GenerateContentResponse, GenerateContentResponseUsageMetadata, Part } from '@google/genai';
import { ContentFilteredError, RecitationError } from './content-filter.js';
import { type GoogleTurnData, providerDataOf } from './signatures.js';
import { finishKind, toFinishReason } from './usage.js';

/** The prefix of the ids this package gives function calls that came without one. */
export const CALL_ID_PREFIX = 'gcall_';

/** Reads one turn. With `collect`, it keeps the text and reasoning (for a whole reply). */
export class TurnReader {
  /** The text so far (when collecting). */
  text = '';
  /** The reasoning so far (when collecting). */
  reasoning = '';
  /** The function calls so far. */
  readonly calls: ToolCall[] = [];
  /** The API's finish reason, once it came. */
  finishReason: string | undefined = undefined;
  /** The latest usage (each chunk of a stream carries the running totals). */
  usage: GenerateContentResponseUsageMetadata | undefined = undefined;
  /** Why the prompt was blocked, when it was. */
  blockReason: string | undefined = undefined;
  private hasText = false;
  private thoughtText = '';
  private data: GoogleTurnData | undefined = undefined;
  /** What makes this turn's call ids unique: the response id, else a random tag. */
  private tag: string | undefined = undefined;

  constructor(private readonly collect: boolean) {}

  /** True once the reply said how it ended (a finish reason, or a blocked prompt). */
  get complete(): boolean {
    return this.finishReason !== undefined || this.blockReason !== undefined;
  }

  /** Reads a response or a stream chunk; stream events for it go to `out`. */
  read(response: GenerateContentResponse, out?: ModelStreamEvent[]): void {
    if (response.usageMetadata !== undefined) this.usage = response.usageMetadata;
    const blocked = response.promptFeedback?.blockReason;
    if (blocked) this.blockReason = blocked;
    const candidate = response.candidates?.[0];
    if (candidate === undefined) return;
    if (candidate.finishReason) this.finishReason = candidate.finishReason;
    const parts = candidate.content?.parts;
    if (parts !== undefined) for (const part of parts) this.part(part, response.responseId, out);
  }

  /** Core's finish reason for the turn. */
  finish(): FinishReason {
    return toFinishReason(this.finishReason, this.calls.length > 0);
  }

  /** The turn's `providerData` (its signatures, whether its call ids are the API's), if any. */
  providerData(): Record<string, unknown> | undefined {
    return this.data === undefined ? undefined : providerDataOf(this.data);
  }

  /**
   * The error of a turn that gave nothing usable (no text, no call): a blocked prompt, a reply
   * withheld by a filter or for recitation, a malformed call. `undefined` when the turn is usable.
   */
  failure(): AgnoError | undefined {
    if (this.hasText || this.calls.length > 0) return undefined;
    const details = this.usage === undefined ? undefined : { usage: this.usage };
    if (this.blockReason !== undefined)
      return new ContentFilteredError(this.blockReason, 'prompt', { details });
    const reason = this.finishReason;
    switch (finishKind(reason)) {
      case 'filtered':
        return new ContentFilteredError(reason!, 'response', { details });
      case 'recitation':
        return new RecitationError(reason!, { details });
      case 'broken':
        return reason === 'MISSING_THOUGHT_SIGNATURE'
          ? new ModelError(
              'google: the API stopped because a function call in the history lacked its thought signature',
              { code: 'bad_request', details: { finishReason: reason } },
            )
          : new ModelError(`google: the model produced an unusable reply (${reason})`, {
              retryable: true,
              details: { finishReason: reason },
            });
      default:
        return undefined;
    }
  }

  private part(part: Part, responseId: string | undefined, out: ModelStreamEvent[] | undefined): void {
    const signature = part.thoughtSignature;
    if (part.thought === true) {
      const text = part.text ?? '';
      if (text.length > 0) {
        if (this.collect) this.reasoning += text;
        this.thoughtText += text;
        out?.push({ type: 'reasoning-delta', text });
      }
      if (signature) {
        (this.own().thoughts ??= []).push({ text: this.thoughtText, signature });
        this.thoughtText = '';
      }
      return;
    }
    const fc = part.functionCall;
    if (fc !== undefined) {
      this.tag ??= responseId || randomTag();
      const id = fc.id || `${CALL_ID_PREFIX}${this.tag}_${this.calls.length}`;
      if (fc.id) this.own().apiCallIds = true;
      const call: ToolCall = { id, name: fc.name ?? '', args: fc.args ?? {} };
      this.calls.push(call);
      if (signature) (this.own().callSignatures ??= {})[id] = signature;
      if (out !== undefined) {
        out.push({ type: 'tool-call-start', id, name: call.name });
        out.push({ type: 'tool-call-end', toolCall: call });
      }
      return;
    }
    const text = part.text;
    if (text !== undefined) {
      if (text.length > 0) {
        this.hasText = true;
        if (this.collect) this.text += text;
        out?.push({ type: 'text-delta', text });
      }
      if (signature) this.own().textSignature = signature;
    }
  }

  private own(): GoogleTurnData {
    return (this.data ??= {});
  }
}

function randomTag(): string {
  return Math.random().toString(36).slice(2, 10);
}
