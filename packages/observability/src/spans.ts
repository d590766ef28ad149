/**
 * What every model-call span shares, whichever way it is made (the agent tracer's hooks or the
 * tracing middleware): the SDK check, the `chat {model}` span's request attributes, its usage
 * and outcome, and the error status.
 */
import { type Model, type ModelRequest, type ModelUsage, redactSecrets } from '@agno/core';
import {
  type Attributes,
  type Context,
  ProxyTracerProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { inputContent } from './content.js';
import {
  ATTR_AGNO_CACHE_STATUS,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
} from './semconv.js';

/** The tracer name this package uses by default. */
export const TRACER_NAME = '@agno/observability';

/** The API's no-op provider: what the global proxy delegates to while no SDK is registered. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * True when no SDK is registered with this copy of the API: every span would be a no-op, so
 * none is made and no attribute is built. (Anything else, another API copy included, counts
 * as an SDK: then spans are made as usual.)
 */
export function noSdk(): boolean {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider && provider.getDelegate() === NOOP_PROVIDER;
}

/** Writes a reply's (or a run's) token usage on `span`. */
export function setUsage(span: Span, usage: ModelUsage | undefined): void {
  if (usage === undefined) return;
  span.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
  span.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
  if (usage.cachedInputTokens !== undefined) {
    span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cachedInputTokens);
  }
  if (usage.cacheCreationInputTokens !== undefined) {
    span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheCreationInputTokens);
  }
  if (usage.reasoningTokens !== undefined) {
    span.setAttribute(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningTokens);
  }
}

/** Marks `span` failed with an agno error code; the message (redacted) only when given. */
export function fail(span: Span, code: string, message: string | undefined): void {
  span.setAttribute(ATTR_ERROR_TYPE, code);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: message === undefined ? code : redactSecrets(message),
  });
}

/** How a chat span is made. */
export interface ChatSpanOptions {
  /** Also write `gen_ai.system`. */
  legacy: boolean;
  /** Record the prompt (redacted). */
  content: boolean;
}

/** Starts a `chat {model}` CLIENT span for `request` under `parent`, with `extra` attributes. */
export function startChatSpan(
  tracer: Tracer,
  model: Pick<Model, 'provider' | 'modelId'>,
  request: ModelRequest,
  options: ChatSpanOptions,
  parent: Context,
  extra?: Attributes,
): Span {
  const attributes: Attributes = {
    ...extra,
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.chat,
    [ATTR_GEN_AI_PROVIDER_NAME]: model.provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: model.modelId,
  };
  if (options.legacy) attributes[ATTR_GEN_AI_SYSTEM] = model.provider;
  if (request.maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = request.maxTokens;
  if (request.temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = request.temperature;
  if (request.stop !== undefined) attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = [...request.stop];
  const span = tracer.startSpan(`chat ${model.modelId}`, { kind: SpanKind.CLIENT, attributes }, parent);
  if (options.content && span.isRecording()) {
    const { system, input } = inputContent(request.messages);
    if (system !== undefined) span.setAttribute(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system);
    span.setAttribute(ATTR_GEN_AI_INPUT_MESSAGES, input);
  }
  return span;
}

/** Writes a finished model call's outcome on its chat span (the caller ends it). */
export function chatOutcome(
  span: Span,
  finishReason: string,
  usage: ModelUsage | undefined,
  cacheStatus: string | undefined,
): void {
  if (!span.isRecording()) return;
  span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [finishReason]);
  setUsage(span, usage);
  if (cacheStatus !== undefined) span.setAttribute(ATTR_AGNO_CACHE_STATUS, cacheStatus);
}
