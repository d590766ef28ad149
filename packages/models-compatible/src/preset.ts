/**
 * What every preset of this package is: an {@link OpenAIModel} on Chat Completions with a
 * service's base URL, where its API key comes from, the provider name its `providerOptions` go
 * under, and the service's quirks as `@agno/models-openai` compat settings.
 */
import { type ChatCompat, OpenAIModel, type OpenAIModelOptions } from '@agno/models-openai';

/** Options of every preset: any option of `@agno/models-openai` but `api` (these services speak Chat Completions). */
export interface CompatibleModelOptions extends Omit<OpenAIModelOptions, 'modelId' | 'api' | 'apiKeyEnv'> {
  /** The service's quirks, over the preset's own (see `ChatCompat` in `@agno/models-openai`). */
  compat?: ChatCompat;
}

/** An OpenAI-compatible service, as a preset describes it. */
export interface ServicePreset {
  /** Provider name: what the model reports, and its key in `providerOptions`. */
  readonly provider: string;
  /** The service's base URL (ending in `/v1` or as the service documents it). */
  readonly baseURL: string;
  /** An environment variable that overrides {@link baseURL} (local servers on another host). */
  readonly baseURLEnv?: string;
  /** The environment variable that holds the API key. */
  readonly apiKeyEnv?: string;
  /**
   * Local servers that need no key: the key sent when neither `apiKey` nor {@link apiKeyEnv} gives
   * one. Never the provider's name (keys are removed from error messages, and would blank it out).
   */
  readonly placeholderKey?: string;
  /** The field that carries `maxTokens`. */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** The service's quirks. */
  readonly compat: ChatCompat;
}

/**
 * The model `modelId` of the service `preset` describes; `options` override the preset's settings
 * (their `compat` field by field).
 */
export function presetModel(
  preset: ServicePreset,
  modelId: string,
  options: CompatibleModelOptions = {},
): OpenAIModel {
  const { compat, ...rest } = options;
  const env = globalThis.process?.env;
  const baseURL =
    options.baseURL ??
    (preset.baseURLEnv === undefined ? undefined : env?.[preset.baseURLEnv] || undefined) ??
    preset.baseURL;
  const model: OpenAIModelOptions = {
    provider: preset.provider,
    maxTokensField: preset.maxTokensField,
    ...rest,
    baseURL,
    modelId,
    api: 'chat',
    compat: compat === undefined ? preset.compat : { ...preset.compat, ...compat },
  };
  if (options.apiKey === undefined && options.client === undefined) {
    if (preset.placeholderKey === undefined) model.apiKeyEnv = preset.apiKeyEnv;
    else {
      const key = preset.apiKeyEnv === undefined ? undefined : env?.[preset.apiKeyEnv];
      model.apiKey = key || preset.placeholderKey;
    }
  }
  return new OpenAIModel(model);
}
