/**
 * Core's `ReasoningOptions` as the Messages API's thinking settings. In `budget` mode (the
 * default), extended thinking with a token budget: `{ type: 'enabled', budget_tokens }`, at least
 * the API's minimum and below `max_tokens` (raised when needed: thinking counts toward it). In
 * `adaptive` mode, `{ type: 'adaptive' }` with `output_config.effort` (newer models). Effort
 * `none` turns thinking off; `includeText: false` asks for the thinking display `omitted`.
 */
import { ModelError, type ReasoningOptions } from '@agno/core';
import { reasoningBudget, reasoningEffort } from '@agno/core/utils';
import type { MessageCreateParamsBase, OutputConfig } from '@anthropic-ai/sdk/resources/messages';

/** How `reasoning` is asked for: a thinking budget, or adaptive thinking with an effort level. */
export type ReasoningMode = 'budget' | 'adaptive';

/** The smallest `budget_tokens` the API accepts. */
export const MIN_THINKING_BUDGET = 1024;

/** The budget when a request asks for reasoning without an effort or a budget (core's `medium`). */
const DEFAULT_BUDGET = 4096;

/** Sets `params.thinking` (and `max_tokens` or `output_config.effort`) for `reasoning`. */
export function applyReasoning(
  params: MessageCreateParamsBase,
  reasoning: ReasoningOptions,
  mode: ReasoningMode,
): void {
  const effort = reasoningEffort(reasoning);
  if (effort === 'none') {
    params.thinking = { type: 'disabled' };
    return;
  }
  const display = reasoning.includeText === false ? 'omitted' : undefined;
  if (mode === 'adaptive') {
    params.thinking = display === undefined ? { type: 'adaptive' } : { type: 'adaptive', display };
    if (effort !== undefined) {
      const level: OutputConfig['effort'] = effort === 'minimal' ? 'low' : effort;
      params.output_config = { ...params.output_config, effort: level };
    }
  } else {
    const budget = Math.max(MIN_THINKING_BUDGET, Math.round(reasoningBudget(reasoning) ?? DEFAULT_BUDGET));
    // The API wants max_tokens above the budget: keep the room the caller gave the answer.
    if (params.max_tokens <= budget) params.max_tokens += budget;
    params.thinking =
      display === undefined
        ? { type: 'enabled', budget_tokens: budget }
        : { type: 'enabled', budget_tokens: budget, display };
  }
  const choice = params.tool_choice?.type;
  if (choice === 'any' || choice === 'tool') throw forcedToolWithThinking();
}

function forcedToolWithThinking(): ModelError {
  return new ModelError(
    'anthropic: thinking cannot be combined with a forced tool choice (structured output in ' +
      "`tool` mode forces one). Use structuredOutput: 'json', a tool choice of `auto`, or leave reasoning out.",
    { code: 'bad_request' },
  );
}
