/**
 * Core's reasoning options in the two forms providers take: an effort level or a thinking-token
 * budget, converted with one table (`minimal` 512, `low` 1024, `medium` 4096, `high` 16384).
 */
import type { ReasoningOptions } from '../model.js';

/** An effort level of {@link ReasoningOptions}. */
export type ReasoningEffort = NonNullable<ReasoningOptions['effort']>;

/** Thinking tokens per effort level (`none` is 0). */
export const REASONING_BUDGETS: Readonly<Record<ReasoningEffort, number>> = Object.freeze({
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 4096,
  high: 16384,
});

/**
 * The effort level of `options`: `effort` as given, else the level nearest to `budgetTokens`
 * (on a log scale: 2048 and up is `medium`, 8192 and up `high`; 0 is `none`), else undefined.
 */
export function reasoningEffort(options: ReasoningOptions): ReasoningEffort | undefined {
  if (options.effort !== undefined) return options.effort;
  const budget = options.budgetTokens;
  if (budget === undefined) return undefined;
  if (budget <= 0) return 'none';
  if (budget < 724) return 'minimal';
  if (budget < 2048) return 'low';
  return budget < 8192 ? 'medium' : 'high';
}

/**
 * The thinking-token budget of `options`: `budgetTokens` as given, else the budget of its
 * `effort` ({@link REASONING_BUDGETS}), else undefined.
 */
export function reasoningBudget(options: ReasoningOptions): number | undefined {
  if (options.budgetTokens !== undefined) return options.budgetTokens;
  return options.effort === undefined ? undefined : REASONING_BUDGETS[options.effort];
}
