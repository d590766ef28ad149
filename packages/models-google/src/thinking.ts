/**
 * Core's `reasoning` option as Gemini's `thinkingConfig`: a `thinkingLevel` for Gemini 3 and
 * later, a `thinkingBudget` in tokens for Gemini 2.5 (which Gemini 3 still accepts). Thought
 * summaries are asked for (`includeThoughts`) unless `includeText` is false or thinking is off.
 */
import type { ReasoningOptions } from '@agno/core';
import { type ThinkingConfig, ThinkingLevel } from '@google/genai';
import type { ThinkingStyle } from './options.js';

/** Token budgets of the effort levels (core's defaults). */
const BUDGETS = { none: 0, minimal: 512, low: 1024, medium: 4096, high: 16384 } as const;

const LEVELS = {
  none: ThinkingLevel.MINIMAL,
  minimal: ThinkingLevel.MINIMAL,
  low: ThinkingLevel.LOW,
  medium: ThinkingLevel.MEDIUM,
  high: ThinkingLevel.HIGH,
} as const;

/** The Gemini generation of a model id (`gemini-2.5-flash` → 2, `models/gemini-3-pro` → 3), if it names one. */
export function generationOf(modelId: string): number | undefined {
  const m = /gemini-(\d+)/.exec(modelId);
  return m === null ? undefined : Number(m[1]);
}

/** The thinking style of a model: `level` from Gemini 3 on, else `budget`. */
export function thinkingStyleOf(modelId: string): ThinkingStyle {
  return (generationOf(modelId) ?? 0) >= 3 ? 'level' : 'budget';
}

/** The `thinkingConfig` for `reasoning`. */
export function thinkingConfig(reasoning: ReasoningOptions, style: ThinkingStyle): ThinkingConfig {
  const { effort, budgetTokens } = reasoning;
  const config: ThinkingConfig = {};
  let off: boolean;
  if (style === 'level') {
    config.thinkingLevel =
      effort !== undefined
        ? LEVELS[effort]
        : budgetTokens !== undefined
          ? nearestLevel(budgetTokens)
          : ThinkingLevel.MEDIUM;
    // Gemini 3 cannot turn thinking off: `none` is its least, without summaries.
    off = effort === 'none';
  } else {
    const budget = budgetTokens ?? (effort === undefined ? undefined : BUDGETS[effort]);
    if (budget !== undefined) config.thinkingBudget = budget;
    off = budget === 0;
  }
  if (!off && reasoning.includeText !== false) config.includeThoughts = true;
  return config;
}

/** The level nearest a token budget (the geometric middles of core's budgets). */
function nearestLevel(budget: number): ThinkingLevel {
  if (budget < 512) return ThinkingLevel.MINIMAL;
  if (budget < 2048) return ThinkingLevel.LOW;
  if (budget < 8192) return ThinkingLevel.MEDIUM;
  return ThinkingLevel.HIGH;
}
