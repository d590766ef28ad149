/**
 * A response cache for any {@link Model}: the same request (messages, tools, tool choice and
 * options, never the signal) gets the same reply without calling the model again.
 *
 * - Only successful replies are cached: errors, broken or abandoned streams and replies that
 *   finish with `error` never are.
 * - Requests with a temperature above `maxTemperature` (default 0) are passed through,
 *   so sampled answers are not frozen unless you say so. A request that sets no
 *   temperature is cached (set one to opt a call out, or use `shouldCache`).
 * - Concurrent identical `generate` misses share one model call (`coalesce`, on by
 *   default); streams are not shared, each miss streams from the model.
 * - A shared backend (Redis, a SQL store...) sits behind the in-process layer. A backend
 *   that fails never fails the call: the call goes to the model, uncached, and the failure
 *   is counted in `stats().backendErrors`.
 */
import {
  AbortedError,
  ConfigError,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  StoreError,
} from '@agno/core';
import {
  type CacheEntry,
  deepFreeze,
  eventsOf,
  replayEvent,
  responseOf,
  storedEvents,
  storedResponse,
} from './cache-entry.js';
import { requestKey } from './cache-key.js';
import { type EvictionPolicy, MemoryCache } from './memory-cache.js';

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

/** Options of {@link cachedModel}. */
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

/** Counters of a {@link CachedModel}. */
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
 * What a {@link CachedModel} did with `request` (the same object an agent's model hooks
 * receive), or `undefined` when no cache saw it. Profilers and tracers read this.
 */
export function cacheStatusOf(request: ModelRequest): CacheStatus | undefined {
  return statuses.get(request);
}

interface Fill {
  /** The model's own reply (leader) or undefined when the entry came from the backend. */
  response: ModelResponse | undefined;
  /** The cached entry, when there is one. */
  entry: CacheEntry | undefined;
}

interface InFlight {
  promise: Promise<Fill>;
  signal: AbortSignal | undefined;
}

function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as CacheEntry;
  if (typeof e.costMs !== 'number' || typeof e.createdAt !== 'number') return false;
  if (Array.isArray(e.events)) return true;
  return (
    typeof e.response === 'object' &&
    e.response !== null &&
    typeof e.response.text === 'string' &&
    Array.isArray(e.response.toolCalls)
  );
}

function abortedBy(signal: AbortSignal): AbortedError {
  return new AbortedError('the model call was aborted', { cause: signal.reason });
}

/** Resolves like `promise`, or rejects as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortedBy(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedBy(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A {@link Model} with a response cache in front. Create one with {@link cachedModel}. */
export class CachedModel implements Model {
  /** The wrapped model. */
  readonly model: Model;
  private readonly memory: MemoryCache | undefined;
  private readonly backend: CacheBackend | undefined;
  private readonly ttlMs: number | undefined;
  private readonly maxTemperature: number;
  private readonly shouldCache: ((request: ModelRequest) => boolean) | undefined;
  private readonly coalesce: boolean;
  private readonly namespace: string;
  private readonly onBackendError: CachedModelOptions['onBackendError'];
  private readonly clock: () => number;
  private readonly inflight = new Map<string, InFlight>();
  private readonly writes = new Set<Promise<void>>();
  private hits = 0;
  private misses = 0;
  private backendHits = 0;
  private coalesced = 0;
  private skipped = 0;
  private savedMs = 0;
  private savedTokens = 0;
  private backendErrors = 0;

  constructor(model: Model, options: CachedModelOptions = {}) {
    const ttl = options.ttlMs;
    if (ttl !== undefined && !(ttl > 0)) throw new ConfigError(`ttlMs must be > 0, got ${ttl}`);
    const maxT = options.maxTemperature ?? 0;
    if (typeof maxT !== 'number' || Number.isNaN(maxT)) {
      throw new ConfigError(`maxTemperature must be a number, got ${String(maxT)}`);
    }
    this.model = model;
    this.clock = options.clock ?? Date.now;
    const maxEntries = options.maxEntries ?? 1000;
    const memory = new MemoryCache({ maxEntries, eviction: options.eviction, clock: this.clock });
    this.memory = maxEntries === 0 ? undefined : memory;
    if (this.memory === undefined && options.backend === undefined) {
      throw new ConfigError('a cache with maxEntries 0 needs a backend');
    }
    this.backend = options.backend;
    this.ttlMs = ttl;
    this.maxTemperature = maxT;
    this.shouldCache = options.shouldCache;
    this.coalesce = options.coalesce ?? true;
    this.namespace = options.namespace ?? '';
    this.onBackendError = options.onBackendError;
  }

  /** The wrapped model's provider. */
  get provider(): string {
    return this.model.provider;
  }

  /** The wrapped model's id. */
  get modelId(): string {
    return this.model.modelId;
  }

  /** Whether `request` may be served from or stored in the cache. */
  isCacheable(request: ModelRequest): boolean {
    if (this.shouldCache !== undefined) return this.shouldCache(request);
    const t = request.temperature;
    return t === undefined || t <= this.maxTemperature;
  }

  /** The cache key of `request` for this model. */
  keyOf(request: ModelRequest): string {
    return requestKey(this.model, request, this.namespace);
  }

  /** {@inheritDoc Model.generate} */
  async generate(request: ModelRequest): Promise<ModelResponse> {
    if (!this.isCacheable(request)) {
      this.skipped++;
      statuses.set(request, 'skip');
      return this.model.generate(request);
    }
    const key = this.keyOf(request);
    const entry = this.memory?.get(key);
    if (entry !== undefined) {
      this.countHit(request, entry);
      return responseOf(entry);
    }
    if (!this.coalesce) return this.lead(key, request);
    const shared = this.inflight.get(key);
    if (shared !== undefined) return this.follow(key, shared, request);
    const record: InFlight = { promise: this.fill(key, request), signal: request.signal };
    this.inflight.set(key, record);
    try {
      return this.answer(await record.promise);
    } finally {
      if (this.inflight.get(key) === record) this.inflight.delete(key);
    }
  }

  private async lead(key: string, request: ModelRequest): Promise<ModelResponse> {
    return this.answer(await this.fill(key, request));
  }

  private answer(fill: Fill): ModelResponse {
    return fill.response ?? responseOf(fill.entry!);
  }

  /** A call identical to one in flight waits for it; if the other caller aborted, it calls on its own. */
  private async follow(key: string, shared: InFlight, request: ModelRequest): Promise<ModelResponse> {
    let fill: Fill;
    try {
      fill = await untilAborted(shared.promise, request.signal);
    } catch (error) {
      if (request.signal?.aborted !== true && shared.signal?.aborted === true) return this.lead(key, request);
      throw error;
    }
    this.coalesced++;
    if (fill.entry !== undefined) {
      this.countHit(request, fill.entry);
      return responseOf(fill.entry);
    }
    // The shared reply was not cacheable (it finished with `error`): still one call for all.
    this.hits++;
    statuses.set(request, 'hit');
    const r = fill.response!;
    const copy: ModelResponse = {
      text: r.text,
      toolCalls: r.toolCalls.slice(),
      finishReason: r.finishReason,
    };
    if (r.usage !== undefined) copy.usage = { ...r.usage };
    return copy;
  }

  /** Backend lookup, then the model; stores what the model answered. */
  private async fill(key: string, request: ModelRequest): Promise<Fill> {
    const found = await this.fromBackend(key);
    if (found !== undefined) {
      this.countHit(request, found);
      return { response: undefined, entry: found };
    }
    this.misses++;
    statuses.set(request, 'miss');
    const start = performance.now();
    const response = await this.model.generate(request);
    const costMs = performance.now() - start;
    if (response.finishReason === 'error') return { response, entry: undefined };
    const entry = deepFreeze<CacheEntry>({
      response: storedResponse(response),
      costMs,
      tokens: response.usage?.totalTokens ?? 0,
      createdAt: this.clock(),
    });
    this.store(key, entry);
    return { response, entry };
  }

  /** {@inheritDoc Model.stream} */
  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    if (!this.isCacheable(request)) {
      this.skipped++;
      statuses.set(request, 'skip');
      yield* this.model.stream(request);
      return;
    }
    const key = this.keyOf(request);
    const entry =
      this.memory?.get(key) ?? (this.backend === undefined ? undefined : await this.fromBackend(key));
    if (entry !== undefined) {
      this.countHit(request, entry);
      const signal = request.signal;
      for (const event of eventsOf(entry)) {
        if (signal?.aborted) throw abortedBy(signal);
        yield replayEvent(event);
      }
      return;
    }
    this.misses++;
    statuses.set(request, 'miss');
    const start = performance.now();
    const events: ModelStreamEvent[] = [];
    let finished = false;
    let failed = false;
    for await (const event of this.model.stream(request)) {
      events.push(event);
      if (event.type === 'finish') {
        finished = true;
        failed = event.finishReason === 'error';
      }
      yield event;
    }
    // Reached only when the stream ran to its end and the reader kept reading.
    if (finished && !failed && request.signal?.aborted !== true) {
      const recorded = storedEvents(events);
      let tokens = 0;
      for (const e of recorded) {
        if (e.type === 'usage') tokens = e.usage.totalTokens;
        else if (e.type === 'finish' && e.usage !== undefined) tokens = e.usage.totalTokens;
      }
      this.store(key, {
        events: recorded,
        costMs: performance.now() - start,
        tokens,
        createdAt: this.clock(),
      });
    }
  }

  private countHit(request: ModelRequest, entry: CacheEntry): void {
    this.hits++;
    this.savedMs += entry.costMs;
    this.savedTokens += entry.tokens;
    statuses.set(request, 'hit');
  }

  private store(key: string, entry: CacheEntry): void {
    this.memory?.set(key, entry, this.ttlMs);
    const backend = this.backend;
    if (backend === undefined) return;
    const write: Promise<void> = (async () => backend.set(key, entry, this.ttlMs))()
      .catch((error) => this.backendFailed(error, 'set'))
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }

  private async fromBackend(key: string): Promise<CacheEntry | undefined> {
    const backend = this.backend;
    if (backend === undefined) return undefined;
    let found: unknown;
    try {
      found = await backend.get(key);
    } catch (error) {
      this.backendFailed(error, 'get');
      return undefined;
    }
    if (found === undefined || found === null) return undefined;
    if (!isEntry(found)) {
      this.backendFailed(new StoreError('the cache backend returned an entry of an unknown shape'), 'get');
      return undefined;
    }
    let remaining: number | undefined;
    if (this.ttlMs !== undefined) {
      remaining = found.createdAt + this.ttlMs - this.clock();
      if (remaining <= 0) return undefined;
    }
    const entry = deepFreeze(found);
    this.memory?.set(key, entry, remaining);
    this.backendHits++;
    return entry;
  }

  private backendFailed(error: unknown, operation: 'get' | 'set' | 'delete'): void {
    this.backendErrors++;
    try {
      this.onBackendError?.(error, operation);
    } catch {
      // A failing error callback must not fail the model call either.
    }
  }

  /** Waits until every backend write started so far has finished (or failed). */
  async flushWrites(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** Forgets the entry of `request`, in memory and in the backend. Rejects with a StoreError if the backend fails. */
  async invalidate(request: ModelRequest): Promise<void> {
    const key = this.keyOf(request);
    this.memory?.delete(key);
    if (this.backend === undefined) return;
    try {
      await this.backend.delete(key);
    } catch (error) {
      this.backendFailed(error, 'delete');
      throw new StoreError('the cache backend failed to delete an entry', { cause: error });
    }
  }

  /** Forgets every entry of the memory layer (the backend keeps its own). */
  clear(): void {
    this.memory?.clear();
  }

  /** A snapshot of the counters. */
  stats(): CacheStats {
    const lookups = this.hits + this.misses;
    return {
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups === 0 ? 0 : this.hits / lookups,
      backendHits: this.backendHits,
      coalesced: this.coalesced,
      skipped: this.skipped,
      savedMs: this.savedMs,
      savedTokens: this.savedTokens,
      entries: this.memory?.size ?? 0,
      evictions: this.memory?.evictions ?? 0,
      expirations: this.memory?.expirations ?? 0,
      backendErrors: this.backendErrors,
    };
  }

  /** Sets every counter back to zero (entries stay). */
  resetStats(): void {
    this.hits = this.misses = this.backendHits = this.coalesced = this.skipped = 0;
    this.savedMs = this.savedTokens = this.backendErrors = 0;
    if (this.memory !== undefined) this.memory.evictions = this.memory.expirations = 0;
  }
}

/**
 * Wraps `model` with a response cache. See {@link CachedModelOptions}.
 *
 * ```ts
 * const model = cachedModel(openai, { ttlMs: 10 * 60_000, maxEntries: 5000 });
 * ```
 */
export function cachedModel(model: Model, options: CachedModelOptions = {}): CachedModel {
  return new CachedModel(model, options);
}
