/**
 * The two storage layers of the response cache: the in-process {@link MemoryCache} and an
 * optional shared {@link CacheBackend} behind it. A failing backend never fails a call: the
 * failure is counted and reported, and the call goes on uncached.
 */
import { ConfigError, StoreError } from '@agno/core';
import { type CacheEntry, deepFreeze } from './cache-entry.js';
import type { CacheBackend, CachedModelOptions } from './cache-options.js';
import { MemoryCache } from './memory-cache.js';

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

/** Memory in front, the backend behind; entries read back are frozen. */
export class CacheLayers {
  /** The memory layer (absent with `maxEntries: 0`). */
  readonly memory: MemoryCache | undefined;
  /** The shared layer, when there is one. */
  readonly backend: CacheBackend | undefined;
  /** Hits served by the backend. */
  backendHits = 0;
  /** Backend calls that failed. */
  backendErrors = 0;
  private readonly ttlMs: number | undefined;
  private readonly clock: () => number;
  private readonly onBackendError: CachedModelOptions['onBackendError'];
  private readonly writes = new Set<Promise<void>>();

  constructor(options: CachedModelOptions, clock: () => number) {
    const ttl = options.ttlMs;
    if (ttl !== undefined && !(ttl > 0)) throw new ConfigError(`ttlMs must be > 0, got ${ttl}`);
    const maxEntries = options.maxEntries ?? 1000;
    const memory = new MemoryCache({ maxEntries, eviction: options.eviction, clock: options.clock });
    this.memory = maxEntries === 0 ? undefined : memory;
    if (this.memory === undefined && options.backend === undefined) {
      throw new ConfigError('a cache with maxEntries 0 needs a backend');
    }
    this.backend = options.backend;
    this.ttlMs = ttl;
    this.clock = clock;
    this.onBackendError = options.onBackendError;
  }

  /** The entry in memory, then in the backend. */
  async lookup(key: string): Promise<CacheEntry | undefined> {
    return this.memory?.get(key) ?? (this.backend === undefined ? undefined : await this.fromBackend(key));
  }

  /** Stores `entry` in memory and, without waiting, in the backend. */
  store(key: string, entry: CacheEntry): void {
    this.memory?.set(key, entry, this.ttlMs);
    const backend = this.backend;
    if (backend === undefined) return;
    const write: Promise<void> = (async () => backend.set(key, entry, this.ttlMs))()
      .catch((error) => this.failed(error, 'set'))
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }

  /** The live backend entry for `key` (copied into memory), or undefined (a failure counts). */
  async fromBackend(key: string): Promise<CacheEntry | undefined> {
    const backend = this.backend;
    if (backend === undefined) return undefined;
    let found: unknown;
    try {
      found = await backend.get(key);
    } catch (error) {
      this.failed(error, 'get');
      return undefined;
    }
    if (found === undefined || found === null) return undefined;
    if (!isEntry(found)) {
      this.failed(new StoreError('the cache backend returned an entry of an unknown shape'), 'get');
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

  /** Forgets `key` in both layers. Rejects with a StoreError if the backend fails. */
  async delete(key: string): Promise<void> {
    this.memory?.delete(key);
    if (this.backend === undefined) return;
    try {
      await this.backend.delete(key);
    } catch (error) {
      this.failed(error, 'delete');
      throw new StoreError('the cache backend failed to delete an entry', { cause: error });
    }
  }

  /** Waits until every backend write started so far has finished (or failed). */
  async flushWrites(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  private failed(error: unknown, operation: 'get' | 'set' | 'delete'): void {
    this.backendErrors++;
    try {
      this.onBackendError?.(error, operation);
    } catch {
      // A failing error callback must not fail the model call either.
    }
  }
}
