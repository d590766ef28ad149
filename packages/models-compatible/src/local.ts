/**
 * OpenAI-compatible servers you run yourself: vLLM and LM Studio. No key is needed unless the
 * server was started with one; `strict` is left out, since they constrain output with the schema
 * as it is.
 */
import type { OpenAIModel } from '@agno/models-openai';
import { type CompatibleModelOptions, presetModel, type ServicePreset } from './preset.js';

/**
 * vLLM (`vllm serve <model>`): `VLLM_BASE_URL`, else `http://127.0.0.1:8000/v1`; the key from
 * `VLLM_API_KEY` when the server was started with `--api-key`. Reasoning parsers give
 * `reasoning_content` (or `reasoning` in newer versions): both are read.
 */
export const VLLM: ServicePreset = Object.freeze({
  provider: 'vllm',
  baseURL: 'http://127.0.0.1:8000/v1',
  baseURLEnv: 'VLLM_BASE_URL',
  apiKeyEnv: 'VLLM_API_KEY',
  placeholderKey: 'vllm-local-no-key',
  maxTokensField: 'max_tokens',
  compat: Object.freeze({ strict: false }),
});

/** LM Studio's local server: `LMSTUDIO_BASE_URL`, else `http://127.0.0.1:1234/v1`; no key. */
export const LM_STUDIO: ServicePreset = Object.freeze({
  provider: 'lmstudio',
  baseURL: 'http://127.0.0.1:1234/v1',
  baseURLEnv: 'LMSTUDIO_BASE_URL',
  placeholderKey: 'lm-studio-local-no-key',
  maxTokensField: 'max_tokens',
  compat: Object.freeze({ strict: false }),
});

/** A model served by vLLM: `vllm('Qwen/Qwen3-8B')` (the name the server was started with). */
export function vllm(modelId: string, options?: CompatibleModelOptions): OpenAIModel {
  return presetModel(VLLM, modelId, options);
}

/** A model loaded in LM Studio: `lmStudio('qwen/qwen3-8b')`. */
export function lmStudio(modelId: string, options?: CompatibleModelOptions): OpenAIModel {
  return presetModel(LM_STUDIO, modelId, options);
}
