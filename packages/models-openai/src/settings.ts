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
  /** Chat Completions: how the server departs from OpenAI's API (every field resolved). */
  readonly compat: Readonly<Required<ChatCompat>>;
}

/**
 * How an OpenAI-compatible server departs from OpenAI's Chat Completions API, for the quirks that
 * cannot be read from its replies. (Those that can are handled for every server: missing or
 * repeated tool-call ids get unique ones, usage a server does not send stays undefined, reasoning
 * text comes from `reasoning_content` or `reasoning`, and OpenRouter-style `reasoning_details`
 * go back to the provider that gave them.)
 */
export interface ChatCompat {
  /** Streams ask for the usage chunk with `stream_options` (servers that reject it: false). Default true. */
  streamOptions?: boolean;
  /**
   * Tools and response formats may ask for `strict` schemas. Default true. False: tools go out
   * without `strict`, and a structured-output schema as it is (not strict-transformed).
   */
  strict?: boolean;
  /**
   * How `request.reasoning` is sent: `reasoning_effort` (OpenAI's field, the default),
   * `reasoning` (OpenRouter's object: effort or `max_tokens`, and `exclude`), `thinking`
   * (DeepSeek's `thinking: { type }` toggle with `reasoning_effort`), or `none` (not sent).
   */
  reasoningParam?: 'reasoning_effort' | 'reasoning' | 'thinking' | 'none';
  /**
   * Which earlier assistant turns carry their reasoning text back: `none` (the default: OpenAI
   * accepts none), `tool-loop` (only turns after the last user message, so the model sees its
   * thinking between tool calls, never a past question's: DeepSeek), or `all`.
   */
  reasoningReplay?: 'none' | 'tool-loop' | 'all';
  /** The message field replayed reasoning goes in. Default `reasoning_content`. */
  reasoningReplayField?: 'reasoning_content' | 'reasoning';
}

/** The compat settings of OpenAI itself. */
export const OPENAI_COMPAT: Readonly<Required<ChatCompat>> = Object.freeze({
  streamOptions: true,
  strict: true,
  reasoningParam: 'reasoning_effort',
  reasoningReplay: 'none',
  reasoningReplayField: 'reasoning_content',
});

/** `compat` with every field filled in (OpenAI's behaviour where it says nothing). */
export function resolveCompat(compat: ChatCompat | undefined): Readonly<Required<ChatCompat>> {
  if (compat === undefined) return OPENAI_COMPAT;
  return Object.freeze({
    streamOptions: compat.streamOptions ?? true,
    strict: compat.strict ?? true,
    reasoningParam: compat.reasoningParam ?? 'reasoning_effort',
    reasoningReplay: compat.reasoningReplay ?? 'none',
    reasoningReplayField: compat.reasoningReplayField ?? 'reasoning_content',
  });
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
