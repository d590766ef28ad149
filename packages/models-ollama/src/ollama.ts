/**
 * `ollama()`: an {@link OpenAIModel} preset for a local Ollama server's OpenAI-compatible API
 * (`/v1/chat/completions`). Built only on the public APIs of `@agno/core` and `@agno/models-openai`.
 */
import { OpenAIModel, type OpenAIModelOptions } from '@agno/models-openai';

/** Where a local Ollama server listens by default. */
export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';

/**
 * The API key sent to Ollama, which ignores it (the client needs one). Not `'ollama'`: the key is
 * removed from every error message, and a key equal to the provider's name would blank it out.
 */
export const OLLAMA_PLACEHOLDER_KEY = 'ollama-local-no-key';

/** A few model names Ollama serves (`ollama pull <name>`); any other name works too. */
export type OllamaModelName =
  | 'llama3.2'
  | 'llama3.1'
  | 'qwen3'
  | 'qwen2.5'
  | 'mistral'
  | 'gemma3'
  | 'phi4'
  | 'gpt-oss:20b'
  | (string & {});

/** Options of {@link ollama}: Ollama's own settings, plus any option of `@agno/models-openai`. */
export interface OllamaModelOptions extends Omit<OpenAIModelOptions, 'modelId' | 'api'> {
  /**
   * How long Ollama keeps the model loaded after a request (`keep_alive`): a duration such as
   * `'10m'`, seconds as a number, `0` to unload at once, `-1` to keep it forever.
   */
  keepAlive?: string | number;
  /** Reasoning effort for thinking models (`reasoning_effort`): `'low'`, `'medium'`, `'high'`, or `'none'`. */
  reasoningEffort?: string;
}

/**
 * The base URL of the Ollama server: `OLLAMA_HOST` (as Ollama's own CLI reads it, `host:port` or a URL)
 * with `/v1` appended, else {@link OLLAMA_BASE_URL}.
 */
export function ollamaBaseURL(host: string | undefined = process.env.OLLAMA_HOST): string {
  if (host === undefined || host.trim() === '') return OLLAMA_BASE_URL;
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  return `${withScheme.replace(/\/+$/, '')}/v1`;
}

/**
 * A model served by a local Ollama server. No API key is needed (Ollama ignores it), the request
 * carries `max_tokens`, and Ollama's `keep_alive` and `reasoning_effort` go in the body.
 *
 * ```ts
 * const agent = new Agent({ model: ollama('llama3.2', { keepAlive: '10m' }) });
 * ```
 */
export function ollama(modelId: OllamaModelName, options: OllamaModelOptions = {}): OpenAIModel {
  const { keepAlive, reasoningEffort, providerOptions, ...rest } = options;
  const extra: Record<string, unknown> = {};
  if (keepAlive !== undefined) extra.keep_alive = keepAlive;
  if (reasoningEffort !== undefined) extra.reasoning_effort = reasoningEffort;
  return new OpenAIModel({
    apiKey: OLLAMA_PLACEHOLDER_KEY,
    baseURL: ollamaBaseURL(),
    provider: 'ollama',
    maxTokensField: 'max_tokens',
    ...rest,
    modelId,
    api: 'chat',
    providerOptions: { ...extra, ...providerOptions },
  });
}
