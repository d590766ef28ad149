/**
 * The per-model settings that shape every request body, resolved once per model instance.
 */

/** What the request builders read from the model's options. */
export interface RequestSettings {
  /** The model id sent as `model`. */
  readonly modelId: string;
  /** Role given to core's system messages. */
  readonly systemRole: 'system' | 'developer';
  /** Chat Completions only: the field that carries `maxTokens`. */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** `parallel_tool_calls`, sent (with tools only) when set. */
  readonly parallelToolCalls: boolean | undefined;
  /** Extra body fields for every request; the request's own `providerOptions[provider]` win. */
  readonly providerOptions: Readonly<Record<string, unknown>> | undefined;
}

/** Image/file data as a `data:` URL (data that is one already is kept). */
export function dataURL(data: string, mediaType: string | undefined, fallback: string): string {
  return data.startsWith('data:') ? data : `data:${mediaType ?? fallback};base64,${data}`;
}

/** A name OpenAI accepts for a response format (`^[a-zA-Z0-9_-]{1,64}$`). */
export function formatName(name: string): string {
  const safe = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return safe.length > 0 ? safe : 'output';
}

/** Copies the model's extra fields into `body`, then the request's own (its provider's key only). */
export function applyProviderOptions(
  body: Record<string, unknown>,
  modelOptions: Readonly<Record<string, unknown>> | undefined,
  requestOptions: Record<string, unknown> | undefined,
): void {
  if (modelOptions !== undefined) for (const key in modelOptions) body[key] = modelOptions[key];
  if (requestOptions !== undefined) for (const key in requestOptions) body[key] = requestOptions[key];
}
