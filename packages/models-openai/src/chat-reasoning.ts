/**
 * Reasoning on Chat Completions and the servers that speak it: core's `ReasoningOptions` as the
 * request field the server reads (`reasoning_effort`, OpenRouter's `reasoning` object, DeepSeek's
 * `thinking` toggle), the reasoning text of a reply (`reasoning_content`, as DeepSeek and vLLM
 * send it, or `reasoning`, as OpenRouter, Groq and newer vLLM do), and OpenRouter's
 * `reasoning_details`, kept in the turn's `providerData` and sent back with it.
 */
import type { ReasoningOptions } from '@agno/core';
import { reasoningEffort } from '@agno/core/utils';
import type { ChatCompat } from './settings.js';

/** What a turn keeps for its provider under `providerData[provider]`. */
export interface ChatTurnData {
  /** OpenRouter's `reasoning_details` of the turn, as they go back to it. */
  reasoningDetails?: Record<string, unknown>[];
}

/** Sets the reasoning fields of a request `body` for `options`, the way `param` says. */
export function applyReasoning(
  body: Record<string, unknown>,
  options: ReasoningOptions,
  param: Required<ChatCompat>['reasoningParam'],
): void {
  switch (param) {
    case 'reasoning_effort': {
      const effort = reasoningEffort(options);
      if (effort !== undefined) body.reasoning_effort = effort;
      return;
    }
    case 'reasoning': {
      const out: Record<string, unknown> = {};
      const budget = options.budgetTokens;
      if (options.effort !== undefined) out.effort = options.effort;
      else if (budget !== undefined) {
        if (budget > 0) out.max_tokens = budget;
        else out.effort = 'none';
      } else out.enabled = true;
      if (options.includeText === false) out.exclude = true;
      body.reasoning = out;
      return;
    }
    case 'thinking': {
      const effort = reasoningEffort(options);
      if (effort === 'none') {
        body.thinking = { type: 'disabled' };
        return;
      }
      body.thinking = { type: 'enabled' };
      // DeepSeek takes high or max (it reads low and medium as high).
      if (effort !== undefined) body.reasoning_effort = effort === 'minimal' ? 'low' : effort;
      return;
    }
    case 'none':
      return;
  }
}

/** The reasoning text of a reply message or stream delta: `reasoning_content`, else `reasoning`. */
export function reasoningOf(part: object): string | undefined {
  const p = part as { reasoning_content?: unknown; reasoning?: unknown };
  const text = p.reasoning_content ?? p.reasoning;
  return typeof text === 'string' && text.length > 0 ? text : undefined;
}

/** The `reasoning_details` of a reply message or stream delta, when it has any. */
export function detailsOf(part: object): Record<string, unknown>[] | undefined {
  const details = (part as { reasoning_details?: unknown }).reasoning_details;
  return Array.isArray(details) && details.length > 0 ? details : undefined;
}

/** The providerData of a turn whose reply carried `details`. */
export function turnData(
  provider: string,
  details: Record<string, unknown>[] | undefined,
): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  const data: ChatTurnData = { reasoningDetails: details };
  return { [provider]: data };
}

/** The `reasoning_details` a past turn kept for `provider`. */
export function keptDetails(
  providerData: Record<string, unknown> | undefined,
  provider: string,
): Record<string, unknown>[] | undefined {
  const data = providerData?.[provider] as ChatTurnData | undefined;
  const details = data?.reasoningDetails;
  return Array.isArray(details) && details.length > 0 ? details : undefined;
}

/**
 * Streamed `reasoning_details` put back together: pieces with the same `index` (else the same
 * position) are one detail, their `text`, `summary` and `data` strings joined, other fields taken
 * from the latest piece that has them.
 */
export class DetailsAssembler {
  private readonly details: Record<string, unknown>[] = [];

  /** Adds the pieces of one delta. */
  add(pieces: readonly Record<string, unknown>[]): void {
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const at = typeof piece.index === 'number' ? piece.index : i;
      const into = this.details[at];
      if (into === undefined) {
        this.details[at] = { ...piece };
        continue;
      }
      for (const key in piece) {
        const value = piece[key];
        if (value === null || value === undefined) continue;
        const had = into[key];
        into[key] =
          (key === 'text' || key === 'summary' || key === 'data') &&
          typeof had === 'string' &&
          typeof value === 'string'
            ? had + value
            : value;
      }
    }
  }

  /** The details assembled, or undefined when none arrived. */
  result(): Record<string, unknown>[] | undefined {
    const out = this.details.filter((d) => d !== undefined);
    return out.length > 0 ? out : undefined;
  }
}
