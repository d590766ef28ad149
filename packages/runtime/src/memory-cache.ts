/**
 * The in-process layer of the response cache: a size-bounded map with per-entry TTL and
 * one of two eviction policies, least recently used, or least valuable (hits × cost ÷ age).
 */
import { ConfigError } from '@agno/core';
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
  /** Epoch ms after which the entry is gone; Infinity without a TTL. */
  expiresAt: number;
  /** Reads plus one (the write counts, as in the value formula). */
  hits: number;
}

/** A bounded in-memory map of cache entries. */
export class MemoryCache {
  /** Entries dropped to make room. */
  evictions = 0;
  /** Entries dropped because their TTL passed. */
  expirations = 0;
  private readonly slots = new Map<string, Slot>();
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
  }

  /** Number of entries held (expired ones included until they are read or evicted). */
  get size(): number {
    return this.slots.size;
  }

  /** The live entry for `key`, counting the read. */
  get(key: string): CacheEntry | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt !== Number.POSITIVE_INFINITY && slot.expiresAt <= this.clock()) {
      this.slots.delete(key);
      this.expirations++;
      return undefined;
    }
    slot.hits++;
    if (this.lru) {
      this.slots.delete(key);
      this.slots.set(key, slot);
    }
    return slot.entry;
  }

  /** Stores `entry`, evicting first when full. `ttlMs` undefined keeps it until evicted. */
  set(key: string, entry: CacheEntry, ttlMs: number | undefined): void {
    if (this.maxEntries === 0) return;
    this.slots.delete(key);
    while (this.slots.size >= this.maxEntries) this.evictOne();
    const expiresAt = ttlMs === undefined ? Number.POSITIVE_INFINITY : this.clock() + ttlMs;
    this.slots.set(key, { entry, expiresAt, hits: 1 });
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.slots.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.slots.clear();
  }

  private evictOne(): void {
    if (this.lru) {
      const oldest = this.slots.keys().next().value as string;
      this.slots.delete(oldest);
      this.evictions++;
      return;
    }
    // Value-based: one linear scan, only when full; expired entries found on the way go first.
    const now = this.clock();
    let victim: string | undefined;
    let lowest = Number.POSITIVE_INFINITY;
    for (const [key, slot] of this.slots) {
      if (slot.expiresAt <= now) {
        this.slots.delete(key);
        this.expirations++;
        return;
      }
      const ageSeconds = Math.max((now - slot.entry.createdAt) / 1000, 1);
      const score = (slot.hits * slot.entry.costMs) / ageSeconds;
      if (score < lowest) {
        lowest = score;
        victim = key;
      }
    }
    if (victim !== undefined) {
      this.slots.delete(victim);
      this.evictions++;
    }
  }
}
