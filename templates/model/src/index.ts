/**
 * __pkg__: __Title__ models as core `Model`s.
 *
 * This starting point is a preset of `@agno/models-openai`, which fits any server that speaks
 * OpenAI's Chat Completions. For an API of its own, implement `Model` from `@agno/core` on the
 * provider's official client instead: see docs/writing-a-model-provider.md.
 */
export * from './model.js';
