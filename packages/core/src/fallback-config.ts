/**
 * Which models a run falls back on (see model-fallback.ts): its own option, its agent's defaults
 * or its agent's `fallbackModels`, checked once when the run starts.
 */
import type { AgentLike } from './compiled.js';
import { ConfigError } from './errors.js';
import type { Usage } from './messages.js';
import type { Model } from './model.js';
import type { RunOptions } from './run-types.js';

/** `provider:modelId`: how events and results name a model. */
export function modelLabel(model: Model): string {
  return `${model.provider}:${model.modelId}`;
}

/** What a run with fallback models keeps (one slot on runs without them). */
export interface FallbackState {
  /** Models that answer a turn when the speaker's fails with a retryable error (see model-fallback.ts). */
  readonly models: readonly Model[];
  /** Usage per model label. */
  readonly usageByModel: Record<string, Usage>;
  /** Label of the model that gave the last reply, when it was a fallback model. */
  answeredBy: string | undefined;
}

/** The fallback state of a run (see {@link resolveFallbacks}); undefined without fallback models. */
export function fallbackState(options: RunOptions<unknown>, agent: AgentLike): FallbackState | undefined {
  const models = resolveFallbacks(options, agent);
  return models === undefined ? undefined : { models, usageByModel: {}, answeredBy: undefined };
}

/**
 * The fallback models of a run: its own option, else its agent's defaults, else the agent's
 * `fallbackModels`; undefined when there are none. Throws a `ConfigError` for an entry that is
 * not a model.
 */
export function resolveFallbacks(
  options: RunOptions<unknown>,
  agent: AgentLike,
): readonly Model[] | undefined {
  const list =
    options.fallbackModels ?? agent.options.defaults?.fallbackModels ?? agent.options.fallbackModels;
  if (list === undefined || list.length === 0) return undefined;
  for (const model of list) {
    if (
      model === null ||
      typeof model !== 'object' ||
      typeof model.generate !== 'function' ||
      typeof model.stream !== 'function'
    ) {
      throw new ConfigError(
        'fallbackModels must hold model instances (for example openai("gpt-4o-mini")), not factories or names',
      );
    }
  }
  return list;
}
