/**
 * The response cache's entry points: {@link cacheMiddleware} (a middleware for core's
 * `wrapModel`, to compose with others) and {@link cachedModel} (one model, one cache).
 */
import { type Model, type ModelRequest, wrapModel } from '@agno/core';
import type { CachedModelOptions, CacheStats } from './cache-options.js';
import { ResponseCache } from './response-cache.js';

/**
 * A response cache as a model middleware. One cache may sit in front of several models: the
 * key includes provider, model id and endpoint. See {@link CachedModelOptions}.
 *
 * ```ts
 * const cache = cacheMiddleware({ ttlMs: 10 * 60_000 });
 * const model = wrapModel(openai, [limitMiddleware({ limit: 8 }), cache]);
 * ```
 */
export function cacheMiddleware(options: CachedModelOptions = {}): ResponseCache {
  return new ResponseCache(options);
}

/** A model with a response cache in front, as {@link cachedModel} makes it. */
export interface CachedModel extends Model {
  /** The wrapped model. */
  readonly model: Model;
  /** The cache (a middleware; `metrics.observeCache` reads its `stats()`). */
  readonly cache: ResponseCache;
  /** A snapshot of the cache's counters. */
  stats(): CacheStats;
  /** Sets every counter back to zero (entries stay). */
  resetStats(): void;
  /** Forgets the entry of `request`, in memory and in the backend. Rejects with a StoreError if the backend fails. */
  invalidate(request: ModelRequest): Promise<void>;
  /** Forgets every entry of the memory layer (the backend keeps its own). */
  clear(): void;
  /** Waits until every backend write started so far has finished (or failed). */
  flushWrites(): Promise<void>;
  /** The cache key of `request` for this model. */
  keyOf(request: ModelRequest): string;
  /** Whether `request` may be served from or stored in the cache. */
  isCacheable(request: ModelRequest): boolean;
}

/**
 * Wraps `model` with a response cache: `wrapModel(model, cacheMiddleware(options))` with the
 * cache's controls on the result. See {@link CachedModelOptions}.
 *
 * ```ts
 * const model = cachedModel(openai, { ttlMs: 10 * 60_000, maxEntries: 5000 });
 * ```
 */
export function cachedModel(model: Model, options: CachedModelOptions = {}): CachedModel {
  const cache = cacheMiddleware(options);
  return Object.assign(wrapModel(model, cache), {
    model,
    cache,
    stats: () => cache.stats(),
    resetStats: () => cache.resetStats(),
    invalidate: (request: ModelRequest) => cache.invalidate(request, model),
    clear: () => cache.clear(),
    flushWrites: () => cache.flushWrites(),
    keyOf: (request: ModelRequest) => cache.keyOf(request, model),
    isCacheable: (request: ModelRequest) => cache.isCacheable(request),
  });
}
