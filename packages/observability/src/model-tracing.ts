/**
 * The model-call instrumentation as a model middleware: a `chat {model}` CLIENT span around
 * every `generate` and `stream` of a wrapped model, with the same attributes as the agent
 * tracer's chat spans. For model calls made outside `instrumentAgent` (direct calls, a workflow
 * step, another framework); an instrumented agent already gets its chat spans, so do not add
 * both to one agent's model.
 */
import type {
  Model,
  ModelMiddleware,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelUsage,
  ToolCall,
} from '@agno/core';
import { context, type Span, type Tracer, trace } from '@opentelemetry/api';
import { outputContent } from './content.js';
import { errorType } from './error-type.js';
import { ATTR_GEN_AI_OUTPUT_MESSAGES } from './semconv.js';
import { chatOutcome, fail, noSdk, startChatSpan, TRACER_NAME } from './spans.js';

/** Options of {@link tracingMiddleware}. */
export interface ModelTracingOptions {
  /** Tracer to use. Default: `trace.getTracer('@agno/observability')` (the global provider). */
  tracer?: Tracer;
  /** Record prompts and replies (secrets redacted). Default false. */
  recordContent?: boolean;
  /** Also write the provider as `gen_ai.system`. Default true. */
  legacySystemAttribute?: boolean;
  /**
   * Reads what a response cache did with a request (pass `cacheStatusOf` from
   * `@agno/runtime`, and put this middleware outside the cache); written as `agno.cache.status`.
   */
  cacheStatus?: (request: ModelRequest) => string | undefined;
}

/** Traces one model's calls. Created by {@link tracingMiddleware}. */
class ModelTracing implements ModelMiddleware {
  readonly name = 'tracing';
  private readonly tracer: Tracer;
  private readonly explicit: boolean;
  private readonly span: { legacy: boolean; content: boolean };
  private readonly cacheStatus: ModelTracingOptions['cacheStatus'];

  constructor(options: ModelTracingOptions) {
    this.tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
    this.explicit = options.tracer !== undefined;
    this.span = { legacy: options.legacySystemAttribute !== false, content: options.recordContent === true };
    this.cacheStatus = options.cacheStatus;
  }

  /** The span of one call, or undefined when nothing would record it. */
  private start(model: Model, request: ModelRequest): Span | undefined {
    if (!this.explicit && noSdk()) return undefined;
    return startChatSpan(this.tracer, model, request, this.span, context.active());
  }

  private finish(
    span: Span,
    request: ModelRequest,
    reply: {
      text: string;
      toolCalls?: readonly ToolCall[] | undefined;
      finishReason: string;
      usage?: ModelUsage | undefined;
    },
  ): void {
    chatOutcome(span, reply.finishReason, reply.usage, this.cacheStatus?.(request));
    if (this.span.content && span.isRecording()) {
      span.setAttribute(
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        outputContent(reply.text, reply.toolCalls, reply.finishReason),
      );
    }
  }

  async wrapGenerate(options: {
    generate: (request: ModelRequest) => Promise<ModelResponse>;
    request: ModelRequest;
    model: Model;
  }): Promise<ModelResponse> {
    const { request } = options;
    const span = this.start(options.model, request);
    if (span === undefined) return options.generate(request);
    try {
      const response = await context.with(trace.setSpan(context.active(), span), () =>
        options.generate(request),
      );
      this.finish(span, request, response);
      return response;
    } catch (error) {
      fail(span, errorType(error), error instanceof Error ? error.message : undefined);
      throw error;
    } finally {
      span.end();
    }
  }

  async *wrapStream(options: {
    stream: (request: ModelRequest) => AsyncIterable<ModelStreamEvent>;
    request: ModelRequest;
    model: Model;
  }): AsyncIterable<ModelStreamEvent> {
    const { request } = options;
    const span = this.start(options.model, request);
    if (span === undefined) {
      yield* options.stream(request);
      return;
    }
    let text = '';
    const toolCalls: ToolCall[] = [];
    let usage: ModelUsage | undefined;
    try {
      for await (const event of options.stream(request)) {
        if (event.type === 'text-delta') {
          if (this.span.content) text += event.text;
        } else if (event.type === 'tool-call-end') toolCalls.push(event.toolCall);
        else if (event.type === 'usage') usage = event.usage;
        else if (event.type === 'finish') {
          this.finish(span, request, {
            text,
            toolCalls,
            finishReason: event.finishReason,
            usage: event.usage ?? usage,
          });
        }
        yield event;
      }
    } catch (error) {
      fail(span, errorType(error), error instanceof Error ? error.message : undefined);
      throw error;
    } finally {
      // Also when the reader stops early: the span ends with what it saw.
      span.end();
    }
  }
}

/**
 * A model middleware that traces every call of the wrapped model as a `chat {model}` span
 * (GenAI semantic conventions), a child of the span active at the call.
 *
 * ```ts
 * const model = wrapModel(openai, [tracingMiddleware(), cacheMiddleware()]);
 * ```
 */
export function tracingMiddleware(options: ModelTracingOptions = {}): ModelMiddleware {
  return new ModelTracing(options);
}
