/**
 * The public shapes of the response cache: its options, its shared backend contract, its
 * counters, and what it did with a request ({@link cacheStatusOf}).
 */
import type { ModelRequest } from '@agno/core';
import type { CacheEntry } from './cache-entry.js';
import type { EvictionPolicy } from './memory-cache.js';

/**
 * A shared store for cache entries. Entries are plain JSON. `set` receives the TTL so the
 * store can expire entries itself; entries older than the TTL are ignored on read anyway.
 */
export interface CacheBackend {
  /** The entry stored under `key`, or `undefined`. */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Stores `entry` under `key` for `ttlMs` (undefined: no expiry). */
  set(key: string, entry: CacheEntry, ttlMs: number | undefined): Promise<void>;
  /** Forgets `key`. */
  delete(key: string): Promise<void>;
}

/** Options of {@link cacheMiddleware} and {@link cachedModel}. */
export interface CachedModelOptions {
  /** Time to live of an entry, in ms. Default: entries live until evicted. */
  ttlMs?: number;
  /** Entries kept in process memory; 0 keeps none (backend only). Default 1000. */
  maxEntries?: number;
  /** Which entry the memory layer drops when full. Default `lru`. */
  eviction?: EvictionPolicy;
  /** A shared store behind the memory layer. */
  backend?: CacheBackend;
  /** Requests with a higher temperature are not cached. Default 0; `Infinity` caches all. */
  maxTemperature?: number;
  /** Decides per request whether it may be cached (replaces the temperature rule). */
  shouldCache?: (request: ModelRequest) => boolean;
  /** Let concurrent identical `generate` misses share one model call. Default true. */
  coalesce?: boolean;
  /** Prefix of every key, to separate caches sharing one backend. */
  namespace?: string;
  /** Told about every backend failure (after it is counted). */
  onBackendError?: (error: unknown, operation: 'get' | 'set' | 'delete') => void;
  /** Epoch-millisecond clock, for tests. Default `Date.now`. */
  clock?: () => number;
}

/** Counters of a response cache. */
export interface CacheStats {
  /** Cacheable calls answered without calling the model (memory, backend or a shared call). */
  hits: number;
  /** Cacheable calls that went to the model. */
  misses: number;
  /** hits ÷ (hits + misses), 0 before any call. */
  hitRate: number;
  /** Hits served by the backend. */
  backendHits: number;
  /** Hits that waited for an identical call already in flight. */
  coalesced: number;
  /** Calls passed through because they were not cacheable. */
  skipped: number;
  /** Model time not spent: the original call's duration, summed over hits (ms). */
  savedMs: number;
  /** Tokens not spent: the original call's total tokens, summed over hits. */
  savedTokens: number;
  /** Entries in the memory layer. */
  entries: number;
  /** Entries the memory layer dropped to make room. */
  evictions: number;
  /** Entries found expired. */
  expirations: number;
  /** Backend calls that failed (the model call went on uncached). */
  backendErrors: number;
}

/** What the cache did with one request: served it, sent it to the model, or passed it through. */
export type CacheStatus = 'hit' | 'miss' | 'skip';

const statuses = new WeakMap<object, CacheStatus>();

/**
 * What a response cache did with `request` (the same object an agent's model hooks and
 * `model-call-started` event receive), or `undefined` when no cache saw it. Profilers,
 * tracers and metrics read this.
 */
export function cacheStatusOf(request: ModelRequest): CacheStatus | undefined {
  return statuses.get(request);
}

/** @internal Records what the cache did with `request`. */
export function setCacheStatus(request: ModelRequest, status: CacheStatus): void {
  statuses.set(request, status);
}
