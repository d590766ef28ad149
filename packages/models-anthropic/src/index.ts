/**
 * @agno/models-anthropic: Claude through the Messages API, as a core `Model`, on the official
 * `@anthropic-ai/sdk` client (its retries, SSE parsing and types).
 */
export { AnthropicModel, type AnthropicModelView, anthropic } from './anthropic-model.js';
export {
  type AnthropicModelOptions,
  type AnthropicModelSettings,
  DEFAULT_MAX_TOKENS,
  type PromptCacheOptions,
  type StructuredOutputMode,
} from './options.js';
