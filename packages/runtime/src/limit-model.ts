/**
 * A {@link Model} whose calls go through a {@link Limiter}: at most N calls (or streams) of
 * the model in flight, the rest queued, an aborted request leaving the queue.
 */
import type { Model, ModelRequest, ModelResponse, ModelStreamEvent } from '@agno/core';
import { type AcquireOptions, Limiter } from './limiter.js';

/** Options of {@link limitModel}. */
export interface LimitModelOptions {
  /** How many calls may wait; more are rejected with QueueFullError. Default unbounded. */
  maxQueue?: number;
  /** Priority of a request (higher first). Default 0 for all. */
  priority?: (request: ModelRequest) => number;
}

/** A model behind a limiter. Create one with {@link limitModel}. */
export class LimitedModel implements Model {
  /** The wrapped model. */
  readonly model: Model;
  /** The limiter its calls go through (may be shared with other models). */
  readonly limiter: Limiter;
  private readonly priority: ((request: ModelRequest) => number) | undefined;

  constructor(model: Model, limiter: Limiter, priority?: (request: ModelRequest) => number) {
    this.model = model;
    this.limiter = limiter;
    this.priority = priority;
  }

  /** The wrapped model's provider. */
  get provider(): string {
    return this.model.provider;
  }

  /** The wrapped model's id. */
  get modelId(): string {
    return this.model.modelId;
  }

  private acquireOptions(request: ModelRequest): AcquireOptions {
    return { signal: request.signal, priority: this.priority === undefined ? 0 : this.priority(request) };
  }

  /** {@inheritDoc Model.generate} */
  async generate(request: ModelRequest): Promise<ModelResponse> {
    const permit = await this.limiter.acquire(this.acquireOptions(request));
    try {
      return await this.model.generate(request);
    } finally {
      permit.release();
    }
  }

  /** {@inheritDoc Model.stream} The slot is held from the first read until the stream ends or is abandoned. */
  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    const permit = await this.limiter.acquire(this.acquireOptions(request));
    try {
      yield* this.model.stream(request);
    } finally {
      permit.release();
    }
  }
}

/**
 * Bounds how many calls of `model` are in flight: `limit` is a number (a limiter of its own)
 * or a {@link Limiter} shared with other models or with whole runs.
 */
export function limitModel(
  model: Model,
  limit: number | Limiter,
  options: LimitModelOptions = {},
): LimitedModel {
  const limiter =
    typeof limit === 'number'
      ? new Limiter({ concurrency: limit, maxQueue: options.maxQueue, name: `${model.modelId} model` })
      : limit;
  return new LimitedModel(model, limiter, options.priority);
}
