/**
 * Concurrency limits on model calls: {@link limitMiddleware} (a middleware for core's
 * `wrapModel`) and {@link limitModel}. At most N calls (or streams) in flight, the rest queued
 * by priority, an aborted request leaving the queue.
 */
import type { Model, ModelMiddleware, ModelRequest, ModelResponse, ModelStreamEvent } from '@agno/core';
import { wrapModel } from '@agno/core';
import { Limiter, type Permit } from './limiter.js';

/** Options of {@link limitModel}. */
export interface LimitModelOptions {
  /** How many calls may wait; more are rejected with QueueFullError. Default unbounded. */
  maxQueue?: number;
  /** Priority of a request (higher first; a finite number). Default 0 for all. */
  priority?: (request: ModelRequest) => number;
}

/** Options of {@link limitMiddleware}. */
export interface LimitMiddlewareOptions extends LimitModelOptions {
  /** Calls in flight at once (a limiter of its own), or a {@link Limiter} shared with other models or runs. */
  limit: number | Limiter;
  /** Name of a limiter made here, for its errors. Default `model`. */
  name?: string;
}

/** A concurrency limit as a model middleware. Create one with {@link limitMiddleware}. */
export interface LimitMiddleware extends ModelMiddleware {
  /** The limiter calls go through (may be shared with other models). */
  readonly limiter: Limiter;
}

/** A model behind a limiter, as {@link limitModel} makes it. */
export interface LimitedModel extends Model {
  /** The wrapped model. */
  readonly model: Model;
  /** The limiter its calls go through (may be shared with other models). */
  readonly limiter: Limiter;
}

/**
 * Bounds how many calls are in flight through a {@link Limiter}. A stream holds its slot from
 * its first read until it ends or is abandoned. A priority that is not a finite number fails
 * the call with a ValidationError.
 */
export function limitMiddleware(options: LimitMiddlewareOptions): LimitMiddleware {
  const { limit, priority } = options;
  const limiter =
    typeof limit === 'number'
      ? new Limiter({ concurrency: limit, maxQueue: options.maxQueue, name: options.name ?? 'model' })
      : limit;
  /** A free slot at once when there is one (no await), else a place in the queue. */
  const acquire = (request: ModelRequest): Permit | Promise<Permit> => {
    const p = priority === undefined ? 0 : priority(request);
    const signal = request.signal;
    if (Number.isFinite(p) && signal?.aborted !== true) {
      const permit = limiter.tryAcquire();
      if (permit !== undefined) return permit;
    }
    return limiter.acquire({ signal, priority: p });
  };
  return {
    name: 'limit',
    limiter,
    async wrapGenerate({ generate, request }): Promise<ModelResponse> {
      const got = acquire(request);
      const permit = got instanceof Promise ? await got : got;
      try {
        return await generate(request);
      } finally {
        permit.release();
      }
    },
    async *wrapStream({ stream, request }): AsyncIterable<ModelStreamEvent> {
      const got = acquire(request);
      const permit = got instanceof Promise ? await got : got;
      try {
        yield* stream(request);
      } finally {
        permit.release();
      }
    },
  };
}

/**
 * Bounds how many calls of `model` are in flight: `limit` is a number (a limiter of its own)
 * or a {@link Limiter} shared with other models or with whole runs.
 * `wrapModel(model, limitMiddleware(...))` with the limiter on the result.
 */
export function limitModel(
  model: Model,
  limit: number | Limiter,
  options: LimitModelOptions = {},
): LimitedModel {
  const mw = limitMiddleware({ ...options, limit, name: `${model.modelId} model` });
  return Object.assign(wrapModel(model, mw), { model, limiter: mw.limiter });
}
