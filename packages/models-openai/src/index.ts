/**
 * @agno/models-openai: OpenAI models (Chat Completions and the Responses API) for agno-ts,
 * on the official `openai` client. Works with any OpenAI-compatible server through `baseURL`.
 */

export { isStrictCompatible } from '@agno/core/utils';
export type { ChatTurnData } from './chat-reasoning.js';
export {
  type OpenAIApi,
  OpenAIModel,
  type OpenAIModelOptions,
  type OpenAIModelView,
  openai,
} from './openai-model.js';
export type { ResponsesTurnData } from './responses-data.js';
export type { ChatCompat } from './settings.js';
