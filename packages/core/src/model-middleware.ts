/**
 * Model middleware: wrap a model to change what goes in and what comes out, without writing a
 * whole provider. A middleware may transform the request, wrap `generate`, wrap `stream`, or any
 * of these; caches, rate limits, instrumentation, fallbacks and guardrails are middleware.
 */
import type { Model, ModelRequest, ModelResponse, ModelStreamEvent } from './model.js';

/** Which call a middleware sees. */
export type ModelCallKind = 'generate' | 'stream';

/** One layer around a model. Every member is optional. */
export interface ModelMiddleware {
  /** A short name, for errors and traces. */
  readonly name?: string;
  /**
   * Returns the request to send (a new object; never mutate the one given). Runs before
   * {@link wrapGenerate} and {@link wrapStream} of the same middleware.
   */
  transformRequest?(options: {
    request: ModelRequest;
    kind: ModelCallKind;
    model: Model;
  }): ModelRequest | Promise<ModelRequest>;
  /** Wraps a whole-reply call: call `generate` (the next layer) zero or more times. */
  wrapGenerate?(options: {
    generate: (request: ModelRequest) => Promise<ModelResponse>;
    request: ModelRequest;
    model: Model;
  }): Promise<ModelResponse>;
  /** Wraps a streamed call: call `stream` (the next layer) and yield its events, changed or not. */
  wrapStream?(options: {
    stream: (request: ModelRequest) => AsyncIterable<ModelStreamEvent>;
    request: ModelRequest;
    model: Model;
  }): AsyncIterable<ModelStreamEvent>;
}

/**
 * A model that runs `model` through `middleware`, the first one outermost (it sees the request
 * first and the reply last). Provider, model id and endpoint are the wrapped model's.
 */
export function wrapModel(model: Model, middleware: ModelMiddleware | readonly ModelMiddleware[]): Model {
  const layers = Array.isArray(middleware)
    ? (middleware as readonly ModelMiddleware[])
    : [middleware as ModelMiddleware];
  let inner: Model = model;
  for (let i = layers.length - 1; i >= 0; i--) inner = new WrappedModel(inner, layers[i]!);
  return inner;
}

/** One middleware around one model. */
class WrappedModel implements Model {
  readonly provider: string;
  readonly modelId: string;
  readonly endpoint: string | undefined;

  constructor(
    private readonly inner: Model,
    private readonly layer: ModelMiddleware,
  ) {
    this.provider = inner.provider;
    this.modelId = inner.modelId;
    this.endpoint = inner.endpoint;
  }

  generate(request: ModelRequest): Promise<ModelResponse> {
    const { inner, layer } = this;
    if (layer.transformRequest === undefined) return this.generateWith(request);
    return Promise.resolve(layer.transformRequest({ request, kind: 'generate', model: inner })).then((r) =>
      this.generateWith(r),
    );
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    // No generator layer of our own unless the request must be awaited first: a stream through
    // N middleware costs N of the middleware's own iterators, not 2N.
    if (this.layer.transformRequest === undefined) return this.streamWith(request);
    return this.transformedStream(request);
  }

  private generateWith(request: ModelRequest): Promise<ModelResponse> {
    const { inner, layer } = this;
    if (layer.wrapGenerate === undefined) return inner.generate(request);
    return layer.wrapGenerate({ generate: (r) => inner.generate(r), request, model: inner });
  }

  private streamWith(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const { inner, layer } = this;
    if (layer.wrapStream === undefined) return inner.stream(request);
    return layer.wrapStream({ stream: (r) => inner.stream(r), request, model: inner });
  }

  private async *transformedStream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const req = await this.layer.transformRequest!({ request, kind: 'stream', model: this.inner });
    yield* this.streamWith(req);
  }

  /** Shows the layers, not the inner objects (which may hold clients and keys). */
  toString(): string {
    return `${this.layer.name ?? 'middleware'}(${this.provider}:${this.modelId})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `WrappedModel ${this.toString()}`;
  }
}
