/**
 * The response cache as a model middleware: the same request to the same model (provider,
 * model id and endpoint) gets the same reply without calling the model again.
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
  ConfigError,
  type Model,
  type ModelMiddleware,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
} from '@agno/core';
import { abortError, raceSignal } from '@agno/core/utils';
import {
  type CacheEntry,
  deepFreeze,
  eventsOf,
  replayEvent,
  responseOf,
  storedEvents,
  storedResponse,
  totalTokens,
} from './cache-entry.js';
import { requestKey } from './cache-key.js';
import { CacheLayers } from './cache-layers.js';
import { type CachedModelOptions, type CacheStats, setCacheStatus } from './cache-options.js';

type Generate = (request: ModelRequest) => Promise<ModelResponse>;

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

const WHAT = 'the model call';

/**
 * A response cache to put in front of one or more models with `wrapModel` (each model keeps
 * its own entries). Create one with {@link cacheMiddleware}.
 */
export class ResponseCache implements ModelMiddleware {
  /** Its name in traces and errors. */
  readonly name = 'cache';
  private readonly layers: CacheLayers;
  private readonly maxTemperature: number;
  private readonly shouldCache: ((request: ModelRequest) => boolean) | undefined;
  private readonly coalesce: boolean;
  private readonly namespace: string;
  private readonly clock: () => number;
  private readonly inflight = new Map<string, InFlight>();
  private hits = 0;
  private misses = 0;
  private coalesced = 0;
  private skipped = 0;
  private savedMs = 0;
  private savedTokens = 0;

  constructor(options: CachedModelOptions = {}) {
    const maxT = options.maxTemperature ?? 0;
    if (typeof maxT !== 'number' || Number.isNaN(maxT)) {
      throw new ConfigError(`maxTemperature must be a number, got ${String(maxT)}`);
    }
    this.clock = options.clock ?? Date.now;
    this.layers = new CacheLayers(options, this.clock);
    this.maxTemperature = maxT;
    this.shouldCache = options.shouldCache;
    this.coalesce = options.coalesce ?? true;
    this.namespace = options.namespace ?? '';
  }

  /** Whether `request` may be served from or stored in the cache. */
  isCacheable(request: ModelRequest): boolean {
    if (this.shouldCache !== undefined) return this.shouldCache(request);
    const t = request.temperature;
    return t === undefined || t <= this.maxTemperature;
  }

  /** The cache key of `request` sent to `model`. */
  keyOf(request: ModelRequest, model: Model): string {
    return requestKey(model, request, this.namespace);
  }

  /** {@inheritDoc ModelMiddleware.wrapGenerate} */
  async wrapGenerate(options: {
    generate: Generate;
    request: ModelRequest;
    model: Model;
  }): Promise<ModelResponse> {
    const { generate, request } = options;
    if (!this.isCacheable(request)) {
      this.skipped++;
      setCacheStatus(request, 'skip');
      return generate(request);
    }
    const key = this.keyOf(request, options.model);
    const entry = this.layers.memory?.get(key);
    if (entry !== undefined) {
      this.countHit(request, entry);
      return responseOf(entry);
    }
    if (!this.coalesce) return this.lead(key, request, generate);
    const shared = this.inflight.get(key);
    if (shared !== undefined) return this.follow(key, shared, request, generate);
    const record: InFlight = { promise: this.fill(key, request, generate), signal: request.signal };
    this.inflight.set(key, record);
    try {
      return answer(await record.promise);
    } finally {
      if (this.inflight.get(key) === record) this.inflight.delete(key);
    }
  }

  private async lead(key: string, request: ModelRequest, generate: Generate): Promise<ModelResponse> {
    return answer(await this.fill(key, request, generate));
  }

  /** A call identical to one in flight waits for it; if the other caller aborted, it calls on its own. */
  private async follow(
    key: string,
    shared: InFlight,
    request: ModelRequest,
    generate: Generate,
  ): Promise<ModelResponse> {
    let fill: Fill;
    try {
      fill = await raceSignal(shared.promise, request.signal);
    } catch (error) {
      if (request.signal?.aborted === true) throw abortError(request.signal.reason, WHAT);
      if (shared.signal?.aborted === true) return this.lead(key, request, generate);
      throw error;
    }
    this.coalesced++;
    if (fill.entry !== undefined) {
      this.countHit(request, fill.entry);
      return responseOf(fill.entry);
    }
    // The shared reply was not cacheable (it finished with `error`): still one call for all.
    this.hits++;
    setCacheStatus(request, 'hit');
    const r = fill.response!;
    const copy: ModelResponse = {
      text: r.text,
      toolCalls: (r.toolCalls ?? []).slice(),
      finishReason: r.finishReason,
      cached: true,
    };
    if (r.usage !== undefined) copy.usage = { ...r.usage };
    if (r.providerData !== undefined) copy.providerData = structuredClone(r.providerData);
    return copy;
  }

  /** Backend lookup, then the model; stores what the model answered. */
  private async fill(key: string, request: ModelRequest, generate: Generate): Promise<Fill> {
    const found = await this.layers.fromBackend(key);
    if (found !== undefined) {
      this.countHit(request, found);
      return { response: undefined, entry: found };
    }
    this.misses++;
    setCacheStatus(request, 'miss');
    const start = performance.now();
    const response = await generate(request);
    const costMs = performance.now() - start;
    if (response.finishReason === 'error') return { response, entry: undefined };
    const entry = deepFreeze<CacheEntry>({
      response: storedResponse(response),
      costMs,
      tokens: totalTokens(response.usage),
      createdAt: this.clock(),
    });
    this.layers.store(key, entry);
    return { response, entry };
  }

  /** {@inheritDoc ModelMiddleware.wrapStream} */
  async *wrapStream(options: {
    stream: (request: ModelRequest) => AsyncIterable<ModelStreamEvent>;
    request: ModelRequest;
    model: Model;
  }): AsyncGenerator<ModelStreamEvent> {
    const { stream, request } = options;
    if (!this.isCacheable(request)) {
      this.skipped++;
      setCacheStatus(request, 'skip');
      yield* stream(request);
      return;
    }
    const key = this.keyOf(request, options.model);
    const entry = await this.layers.lookup(key);
    if (entry !== undefined) {
      this.countHit(request, entry);
      const signal = request.signal;
      for (const event of eventsOf(entry)) {
        if (signal?.aborted) throw abortError(signal.reason, WHAT);
        yield replayEvent(event);
      }
      return;
    }
    this.misses++;
    setCacheStatus(request, 'miss');
    const start = performance.now();
    const events: ModelStreamEvent[] = [];
    let finished = false;
    let failed = false;
    for await (const event of stream(request)) {
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
        if (e.type === 'usage') tokens = totalTokens(e.usage);
        else if (e.type === 'finish' && e.usage !== undefined) tokens = totalTokens(e.usage);
      }
      this.layers.store(key, {
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
    setCacheStatus(request, 'hit');
  }

  /** Waits until every backend write started so far has finished (or failed). */
  flushWrites(): Promise<void> {
    return this.layers.flushWrites();
  }

  /** Forgets the entry of `request` to `model`, in memory and in the backend. Rejects with a StoreError if the backend fails. */
  invalidate(request: ModelRequest, model: Model): Promise<void> {
    return this.layers.delete(this.keyOf(request, model));
  }

  /** Forgets every entry of the memory layer (the backend keeps its own). */
  clear(): void {
    this.layers.memory?.clear();
  }

  /** A snapshot of the counters. */
  stats(): CacheStats {
    const lookups = this.hits + this.misses;
    const { memory } = this.layers;
    return {
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups === 0 ? 0 : this.hits / lookups,
      backendHits: this.layers.backendHits,
      coalesced: this.coalesced,
      skipped: this.skipped,
      savedMs: this.savedMs,
      savedTokens: this.savedTokens,
      entries: memory?.size ?? 0,
      evictions: memory?.evictions ?? 0,
      expirations: memory?.expirations ?? 0,
      backendErrors: this.layers.backendErrors,
    };
  }

  /** Sets every counter back to zero (entries stay). */
  resetStats(): void {
    this.hits = this.misses = this.coalesced = this.skipped = 0;
    this.savedMs = this.savedTokens = 0;
    this.layers.backendHits = this.layers.backendErrors = 0;
    const { memory } = this.layers;
    if (memory !== undefined) memory.evictions = memory.expirations = 0;
  }
}

function answer(fill: Fill): ModelResponse {
  return fill.response ?? responseOf(fill.entry!);
}
