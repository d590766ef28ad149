/**
 * Moderation through OpenAI's moderation endpoint, with the application's own client: text the
 * endpoint flags (or scores above a threshold) blocks the run.
 */
import type { Guardrail, GuardrailContext, GuardrailVerdict } from '@agno/core';

/** One result of the moderation endpoint (the fields read here). */
export interface ModerationResult {
  flagged: boolean;
  /** Category name → flagged (OpenAI's `Categories`). */
  categories: object;
  /** Category name → score in 0..1 (OpenAI's `CategoryScores`). */
  category_scores: object;
}

/** What the guardrail needs of a client: `new OpenAI()` fits (or any object with this method). */
export interface ModerationClient {
  moderations: {
    create(
      body: { model?: string; input: string },
      options?: { signal?: AbortSignal },
    ): Promise<{ results: ModerationResult[] }>;
  };
}

/** Options of {@link moderationGuardrail}. */
export interface ModerationGuardrailOptions {
  /** The OpenAI client (any OpenAI-compatible server that serves `/moderations`). */
  client: ModerationClient;
  /** Named in errors. Default `moderation`. */
  name?: string;
  /** The moderation model. Default `omni-moderation-latest`. */
  model?: string;
  /** Check the run's `input`, the model's `output`, or both (default). */
  stages?: readonly ('input' | 'output')[];
  /**
   * Block only for these categories when flagged (default: any category the endpoint flags).
   */
  categories?: readonly string[];
  /** Block when a category's score reaches its threshold, flagged or not (`{ violence: 0.5 }`). */
  thresholds?: Record<string, number>;
  /** How output checks meet streams (see `Guardrail.mode`). Default `hold`. */
  mode?: 'hold' | 'pass-through';
}

/** The categories of `result` that call for a block under `options`. */
function offending(result: ModerationResult, options: ModerationGuardrailOptions): string[] {
  const out = new Set<string>();
  if (result.flagged) {
    for (const [category, on] of Object.entries(result.categories ?? {}) as [string, unknown][]) {
      if (on === true && (options.categories === undefined || options.categories.includes(category)))
        out.add(category);
    }
  }
  for (const [category, limit] of Object.entries(options.thresholds ?? {})) {
    const score = (result.category_scores as Record<string, unknown> | undefined)?.[category];
    if (typeof score === 'number' && score >= limit) out.add(category);
  }
  return [...out];
}

/**
 * A guardrail that sends text to the moderation endpoint and blocks what it flags. Each check is a
 * network call before the model is called (input) or before the answer is released (output);
 * an endpoint that fails fails the run (closed), with the client's error as the cause.
 */
export function moderationGuardrail(options: ModerationGuardrailOptions): Guardrail {
  const model = options.model ?? 'omni-moderation-latest';
  const check = async (text: string, ctx: GuardrailContext): Promise<GuardrailVerdict> => {
    if (text.trim().length === 0) return undefined;
    const response = await options.client.moderations.create({ model, input: text }, { signal: ctx.signal });
    const categories = new Set<string>();
    for (const result of response.results ?? [])
      for (const c of offending(result, options)) categories.add(c);
    if (categories.size === 0) return undefined;
    const list = [...categories];
    return { block: `moderation flagged ${list.join(', ')}`, details: { categories: list } };
  };
  const stages = options.stages ?? ['input', 'output'];
  const guardrail: { -readonly [K in keyof Guardrail]: Guardrail[K] } = {
    name: options.name ?? 'moderation',
  };
  if (options.mode !== undefined) guardrail.mode = options.mode;
  if (stages.includes('input')) guardrail.input = check;
  if (stages.includes('output')) guardrail.output = check;
  return guardrail;
}
