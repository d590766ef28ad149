/**
 * Options of a {@link GoogleModel}: how to reach the Gemini API (or Vertex AI) and the defaults of
 * every call.
 */
import type { GenerateContentConfig, GoogleGenAI, GoogleGenAIOptions, HttpOptions } from '@google/genai';

/**
 * How core's `reasoning` option becomes Gemini's `thinkingConfig`: `level` sends `thinkingLevel`
 * (Gemini 3 and later), `budget` sends `thinkingBudget` (Gemini 2.5). Default: by model id.
 */
export type ThinkingStyle = 'level' | 'budget';

/** Options of {@link GoogleModel}. Everything is optional except the model id. */
export interface GoogleModelOptions {
  /** The model id, for example `gemini-2.5-flash` or `gemini-3-pro-preview`. */
  modelId: string;
  /**
   * API key. Default: `GOOGLE_API_KEY` or `GEMINI_API_KEY` (read by the client). On Vertex AI a
   * key selects express mode; without one the client uses Google Cloud credentials.
   */
  apiKey?: string;
  /** Use Vertex AI instead of the Gemini API (with `project` and `location`, or an express-mode key). */
  vertexai?: boolean;
  /** The Google Cloud project (Vertex AI). Default: `GOOGLE_CLOUD_PROJECT`. */
  project?: string;
  /** The Google Cloud location (Vertex AI), for example `us-central1`. Default: `GOOGLE_CLOUD_LOCATION` or `global`. */
  location?: string;
  /** Options of `google-auth-library` for Vertex AI (service account credentials, scopes). */
  googleAuthOptions?: GoogleGenAIOptions['googleAuthOptions'];
  /**
   * Base URL of the API (a proxy, a gateway, a local test server). Default:
   * `GOOGLE_GEMINI_BASE_URL` (or `GOOGLE_VERTEX_BASE_URL`), else Google's.
   */
  baseURL?: string;
  /** The API version in the path (`v1beta`, `v1beta1`...). Default: the client's (`v1` for this client major). */
  apiVersion?: string;
  /**
   * How many times a call that failed with a retryable error (429, 5xx, a network failure) before
   * any of its reply arrived is made again, waiting what the server asked (`retry-after`, or the
   * `RetryInfo` of the error body), else a short backoff. Default 2.
   */
  maxRetries?: number;
  /** The longest wait a retry may take; a server asking for longer gets the error back at once. Default 60,000 ms. */
  maxRetryDelayMs?: number;
  /** Time limit of one HTTP attempt, in milliseconds (the client's `httpOptions.timeout`). Default: none. */
  timeout?: number;
  /** Headers sent with every request (gateway headers). */
  headers?: Record<string, string>;
  /** A custom `fetch` (proxies, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Any other HTTP option of the official client, passed as is. */
  httpOptions?: HttpOptions;
  /**
   * A client to use instead of building one (a `GoogleGenAI`, or a function that makes one, called
   * on the first call). Connection options above are then ignored; errors then carry no response
   * headers (the client drops them), so only the error body's `RetryInfo` paces retries.
   */
  client?: GoogleGenAI | (() => GoogleGenAI);
  /** `maxOutputTokens` when the request sets none. Default: the model's own limit. */
  maxTokens?: number;
  /** How `reasoning` maps to `thinkingConfig`. Default: `level` for Gemini 3 and later, else `budget`. */
  thinking?: ThinkingStyle;
  /**
   * Default `GenerateContentConfig` fields of every call (`safetySettings`, `topK`, `seed`,
   * `thinkingConfig`, `cachedContent`...). The request's own settings win over these, and
   * `providerOptions.google` wins over both.
   */
  config?: GenerateContentConfig;
}

/**
 * The options of a {@link GoogleModel} that carry no credentials, as `model.options` gives them
 * (`apiKey`, `googleAuthOptions`, `headers`, `httpOptions`, `fetch` and `client` are left out).
 */
export type GoogleModelSettings = Omit<
  GoogleModelOptions,
  'apiKey' | 'googleAuthOptions' | 'headers' | 'httpOptions' | 'fetch' | 'client'
>;
