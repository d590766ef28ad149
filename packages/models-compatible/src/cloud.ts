/**
 * Hosted OpenAI-compatible services: Groq, OpenRouter, DeepSeek and Together AI, each with its
 * base URL, API key variable and quirks.
 */
import type { OpenAIModel } from '@agno/models-openai';
import { type CompatibleModelOptions, presetModel, type ServicePreset } from './preset.js';

/** Groq: `GROQ_API_KEY`; reasoning in `reasoning`; `strict` left out (most of its models refuse it). */
export const GROQ: ServicePreset = Object.freeze({
  provider: 'groq',
  baseURL: 'https://api.groq.com/openai/v1',
  apiKeyEnv: 'GROQ_API_KEY',
  maxTokensField: 'max_completion_tokens',
  compat: Object.freeze({ strict: false }),
});

/**
 * OpenRouter: `OPENROUTER_API_KEY`; reasoning asked for with its `reasoning` object (effort or
 * `max_tokens`, `exclude`), read from `reasoning`, and its `reasoning_details` sent back with
 * the turn they came with (what Anthropic and Gemini models need between tool calls).
 */
export const OPENROUTER: ServicePreset = Object.freeze({
  provider: 'openrouter',
  baseURL: 'https://openrouter.ai/api/v1',
  apiKeyEnv: 'OPENROUTER_API_KEY',
  maxTokensField: 'max_tokens',
  compat: Object.freeze({ reasoningParam: 'reasoning' }),
});

/**
 * DeepSeek: `DEEPSEEK_API_KEY`; thinking turned on and off with `thinking` (effort as
 * `reasoning_effort`); `reasoning_content` read, sent back on the tool-call turns of the current
 * question and never on an earlier question's turns; no `strict` (beta only).
 */
export const DEEPSEEK: ServicePreset = Object.freeze({
  provider: 'deepseek',
  baseURL: 'https://api.deepseek.com/v1',
  apiKeyEnv: 'DEEPSEEK_API_KEY',
  maxTokensField: 'max_tokens',
  compat: Object.freeze({ strict: false, reasoningParam: 'thinking', reasoningReplay: 'tool-loop' }),
});

/** Together AI: `TOGETHER_API_KEY`; reasoning in `reasoning`; no `strict`. */
export const TOGETHER: ServicePreset = Object.freeze({
  provider: 'together',
  baseURL: 'https://api.together.xyz/v1',
  apiKeyEnv: 'TOGETHER_API_KEY',
  maxTokensField: 'max_tokens',
  compat: Object.freeze({ strict: false }),
});

/** Options of {@link openrouter}: those of every preset, and the app attribution OpenRouter shows. */
export interface OpenRouterOptions extends CompatibleModelOptions {
  /** Your app's name on openrouter.ai (`X-Title`). */
  appName?: string;
  /** Your app's URL (`HTTP-Referer`). */
  appURL?: string;
}

/** A model on Groq: `groq('llama-3.3-70b-versatile')`. The key comes from `GROQ_API_KEY` unless `apiKey` is given. */
export function groq(modelId: string, options?: CompatibleModelOptions): OpenAIModel {
  return presetModel(GROQ, modelId, options);
}

/** A model on OpenRouter: `openrouter('anthropic/claude-sonnet-4')`. The key comes from `OPENROUTER_API_KEY`. */
export function openrouter(modelId: string, options: OpenRouterOptions = {}): OpenAIModel {
  const { appName, appURL, ...rest } = options;
  if (appName === undefined && appURL === undefined) return presetModel(OPENROUTER, modelId, rest);
  const headers: Record<string, string> = { ...rest.defaultHeaders };
  if (appName !== undefined) headers['X-Title'] = appName;
  if (appURL !== undefined) headers['HTTP-Referer'] = appURL;
  return presetModel(OPENROUTER, modelId, { ...rest, defaultHeaders: headers });
}

/** A model on DeepSeek: `deepseek('deepseek-chat')`, `deepseek('deepseek-reasoner')`. The key comes from `DEEPSEEK_API_KEY`. */
export function deepseek(modelId: string, options?: CompatibleModelOptions): OpenAIModel {
  return presetModel(DEEPSEEK, modelId, options);
}

/** A model on Together AI: `together('meta-llama/Llama-3.3-70B-Instruct-Turbo')`. The key comes from `TOGETHER_API_KEY`. */
export function together(modelId: string, options?: CompatibleModelOptions): OpenAIModel {
  return presetModel(TOGETHER, modelId, options);
}
