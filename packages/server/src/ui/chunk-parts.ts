/**
 * The pieces chunks are built from: an agent run's open parts and tag, the tags themselves,
 * step chunks and finish reasons.
 */
import type { FinishReason } from '@agno/core';
import { safeErrorText } from './chunk-values.js';
import type { AgnoEvent, ProviderMetadata, UIChunk, UIFinishReason } from './types.js';

/** One agent run's state: its open text part and its tag. */
export interface Source {
  textId: string | undefined;
  /** The open reasoning part (see the reasoning hook). */
  reasoningId?: string;
  /** True once the current model call streamed text (else its text is sent whole at the run's end). */
  streamed?: boolean;
  /** `{ agno: { member, path } }` for a member run, else undefined. */
  tag: ProviderMetadata | undefined;
}

/** Core's finish reasons as the AI SDK names them. */
export const FINISH_REASONS: Record<FinishReason, UIFinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
  error: 'error',
  other: 'other',
};

/** Closes the source's open text and reasoning parts. */
export function closeText(src: Source, out: UIChunk[]): void {
  if (src.reasoningId !== undefined) {
    out.push(withTag({ type: 'reasoning-end', id: src.reasoningId }, src.tag));
    src.reasoningId = undefined;
  }
  if (src.textId === undefined) return;
  out.push(withTag({ type: 'text-end', id: src.textId }, src.tag));
  src.textId = undefined;
}

type TextChunk = Extract<UIChunk, { type: `text-${string}` | `reasoning-${string}` }>;
type ToolChunk = Extract<
  UIChunk,
  { type: `tool-input-${string}` | 'tool-output-available' | 'tool-output-error' }
>;

/** `chunk` with a member's tag as its provider metadata. */
export function withTag(chunk: TextChunk, tag: ProviderMetadata | undefined): TextChunk {
  if (tag !== undefined) chunk.providerMetadata = tag;
  return chunk;
}

/** `chunk` with a member's tag as its tool metadata. */
export function withToolTag(chunk: ToolChunk, tag: ProviderMetadata | undefined): ToolChunk {
  if (tag !== undefined) chunk.toolMetadata = tag;
  return chunk;
}

type StepEvent = Extract<
  AgnoEvent,
  { type: 'step-started' | 'step-completed' | 'step-skipped' | 'step-error' }
>;

const STEP_STATUS = {
  'step-started': 'started',
  'step-completed': 'completed',
  'step-skipped': 'skipped',
  'step-error': 'error',
} as const;

/** A transient `data-agno-step` chunk for a step event (the error as its code and safe message). */
export function stepChunk(event: StepEvent): UIChunk {
  const data: Record<string, unknown> = {
    path: event.path,
    name: event.name,
    kind: event.kind,
    status: STEP_STATUS[event.type],
  };
  if (event.type === 'step-error') data.error = safeErrorText(event.error);
  return { type: 'data-agno-step', id: event.path, data, transient: true };
}
