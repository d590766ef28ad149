/**
 * @agno/models-compatible: OpenAI-compatible services as core `Model`s, presets of
 * `@agno/models-openai` on Chat Completions: Groq, OpenRouter, DeepSeek, Together AI, vLLM and
 * LM Studio, each with its base URL, API key variable and quirks.
 */
export {
  DEEPSEEK,
  deepseek,
  GROQ,
  groq,
  OPENROUTER,
  type OpenRouterOptions,
  openrouter,
  TOGETHER,
  together,
} from './cloud.js';
export { LM_STUDIO, lmStudio, VLLM, vllm } from './local.js';
export { type CompatibleModelOptions, presetModel, type ServicePreset } from './preset.js';
