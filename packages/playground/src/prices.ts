/**
 * Prices of models, to show what a run cost: per million tokens, keyed by model as the run events
 * name it (`provider:modelId`), with `*` for any other model. Used by the page and the handler.
 */

/** What one model costs, per million tokens (in one currency of your choice). */
export interface ModelPrice {
  /** Per million input tokens. */
  input: number;
  /** Per million output tokens. */
  output: number;
  /** Per million cached input tokens (default: the input price). */
  cachedInput?: number;
}

/** Prices by `provider:modelId` (`openai:gpt-4.1-mini`, `mock:scripted`), `*` for the rest. */
export type PriceTable = Record<string, ModelPrice>;

/** The token counts a cost is computed from (a `Usage` of `@agno/core`). */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

/**
 * What `usage` of `model` cost with `prices`, or `undefined` when no price applies (no table, or
 * neither the model nor `*` in it). Cached input tokens are part of the input tokens.
 */
export function costOf(
  prices: PriceTable | undefined,
  model: string | undefined,
  usage: TokenCounts | undefined,
): number | undefined {
  if (prices === undefined || usage === undefined) return undefined;
  const price = (model === undefined ? undefined : prices[model]) ?? prices['*'];
  if (price === undefined) return undefined;
  const cached = usage.cachedInputTokens ?? 0;
  const fresh = Math.max(0, usage.inputTokens - cached);
  return (
    (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) /
    1_000_000
  );
}
