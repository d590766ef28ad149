/**
 * `__fn__()`: a model served by __Title__, through its OpenAI-compatible API.
 */
import { OpenAIModel, type OpenAIModelOptions } from '@agno/models-openai';

/** The API's default base URL. TODO: set the provider's real one. */
export const __CONST___BASE_URL = 'http://127.0.0.1:8080/v1';

/** Options of {@link __fn__}: any option of `@agno/models-openai` but `api`. */
export interface __Class__Options extends Omit<OpenAIModelOptions, 'modelId' | 'api'> {}

/** A model served by __Title__. The API key comes from `__CONST___API_KEY` unless given. */
export function __fn__(modelId: string, options: __Class__Options = {}): OpenAIModel {
  return new OpenAIModel({
    apiKey: process.env.__CONST___API_KEY ?? 'no-key',
    baseURL: process.env.__CONST___BASE_URL ?? __CONST___BASE_URL,
    provider: '__name__',
    ...options,
    modelId,
    api: 'chat',
  });
}
