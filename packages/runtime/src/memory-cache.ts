/**
 * The in-process layer of the response cache: a thin adapter over `lru-cache` (size bound,
 * per-entry TTL, recency order) that adds the value-based eviction policy (hits × cost ÷ age)
 * and the eviction and expiration counters the cache statistics report.
 */
import { ConfigError } from '@agno/core';
import { LRUCache } from 'lru-cache';
import type { CacheEntry } from './cache-entry.js';

/**
 * Which entry goes when the cache is full: `lru` drops the least recently used one;
 * `value` drops the one with the lowest hits × cost (ms) ÷ age (s, at least 1), so that
 * entries that were expensive to compute and are still read stay longest.
 */
export type EvictionPolicy = 'lru' | 'value';

/** Options of {@link MemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; 0 keeps none. Default 1000. */
  maxEntries?: number;
  /** Default `lru`. */
  eviction?: EvictionPolicy;
  /** Epoch-millisecond clock, for tests. Default `Date.now`. */
  clock?: () => number;
}

interface Slot {
  entry: CacheEntry;
  /** Reads plus one (the write counts, as in the value formula). */
  hits: number;
}

/** A bounded in-memory map of cache entries. */
export class MemoryCache {
  /** Entries dropped to make room. */
  evictions = 0;
  /** Entries dropped because their TTL passed. */
  expirations = 0;
  private readonly slots: LRUCache<string, Slot> | undefined;
  private readonly maxEntries: number;
  private readonly lru: boolean;
  private readonly clock: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    const max = options.maxEntries ?? 1000;
    if (!Number.isInteger(max) || max < 0) {
      throw new ConfigError(`maxEntries must be a whole number ≥ 0, got ${max}`);
    }
    const eviction = options.eviction ?? 'lru';
    if (eviction !== 'lru' && eviction !== 'value') {
      throw new ConfigError(`eviction must be "lru" or "value", got "${String(eviction)}"`);
    }
    this.maxEntries = max;
    this.lru = eviction === 'lru';
    this.clock = options.clock ?? Date.now;
    if (max === 0) return;
    this.slots = new LRUCache<string, Slot>({
      max,
      // The clock is read on every TTL check (lru-cache's default debounces it with a timer per read).
      ttlResolution: 0,
      ...(options.clock === undefined ? {} : { perf: { now: options.clock } }),
      dispose: (_slot, _key, reason) => {
        if (reason === 'evict') this.evictions++;
        else if (reason === 'expire') this.expirations++;
      },
    });
  }

  /** Number of entries held (expired ones included until they are read or evicted). */
  get size(): number {
    return this.slots?.size ?? 0;
  }

  /** The live entry for `key`, counting the read. */
  get(key: string): CacheEntry | undefined {
    const slot = this.slots?.get(key);
    if (slot === undefined) return undefined;
    slot.hits++;
    return slot.entry;
  }

  /** Stores `entry`, evicting first when full. `ttlMs` undefined keeps it until evicted. */
  set(key: string, entry: CacheEntry, ttlMs: number | undefined): void {
    const slots = this.slots;
    if (slots === undefined) return;
    if (!this.lru && slots.size >= this.maxEntries && !slots.has(key)) this.evictLeastValuable(slots);
    slots.set(key, { entry, hits: 1 }, ttlMs === undefined ? undefined : { ttl: ttlMs });
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.slots?.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.slots?.clear();
  }

  /** Value-based: expired entries go first; else one scan for the lowest hits × cost ÷ age. */
  private evictLeastValuable(slots: LRUCache<string, Slot>): void {
    if (slots.purgeStale() && slots.size < this.maxEntries) return;
    const now = this.clock();
    let victim: string | undefined;
    let lowest = Number.POSITIVE_INFINITY;
    for (const [key, slot] of slots.entries()) {
      const ageSeconds = Math.max((now - slot.entry.createdAt) / 1000, 1);
      const score = (slot.hits * slot.entry.costMs) / ageSeconds;
      if (score < lowest) {
        lowest = score;
        victim = key;
      }
    }
    if (victim !== undefined) {
      slots.delete(victim);
      this.evictions++;
    }
  }
}
