/**
 * A result cache for tools whose answers may be reused: keyed by tool name and canonical
 * arguments (key order never matters), entries live `ttlMs`, the least recently used entry
 * goes first when the cache is full. Only successful results are kept: a tool that throws,
 * returns an error result or something that is not JSON is called again next time.
 * Results are stored as the text the model reads, so a hit costs one map lookup.
 */
import { canonicalJSON, errorMessage, type ToolContext, type ToolResultContent } from '@agno/core';

/** Options of a {@link ToolResultCache}. */
export interface ResultCacheOptions {
  /** How long a result stays valid, in ms. Default 300 000 (5 minutes). */
  ttlMs?: number;
  /** Most entries kept; the least recently used goes first. Default 1000. */
  maxEntries?: number;
  /** Clock in ms (for tests). Default `Date.now`. */
  now?: () => number;
}

/** Counters of a {@link ToolResultCache}. */
export interface ResultCacheStats {
  hits: number;
  misses: number;
  /** Entries held now. */
  size: number;
  /** Entries dropped because the cache was full. */
  evictions: number;
  /** Entries dropped because their time was up. */
  expirations: number;
}

/** What a tool's `cache` option accepts: `true` for defaults, options, or a cache to share. */
export type CacheOption = boolean | ResultCacheOptions | ToolResultCache;

interface Entry {
  value: string | ToolResultContent;
  expires: number;
  /** Read since it was last passed over for eviction (second-chance LRU). */
  used: boolean;
  /** The entries of its tool, and its key there. */
  bucket: Map<string, Entry>;
  key: string;
}

/** The function a cache wraps: a tool's own `execute`. */
export type ExecuteFn = (args: any, context: ToolContext) => unknown;

/**
 * An LRU cache of tool results with a TTL and hit/miss counters. One cache may serve many tools.
 * Recency is kept the "second chance" way: a hit only marks its entry, and eviction passes over
 * (and renews) marked entries, so a hit costs no map reordering.
 */
export class ToolResultCache {
  /** Lookups answered from the cache. */
  hits = 0;
  /** Lookups that called the tool. */
  misses = 0;
  /** Entries dropped because the cache was full. */
  evictions = 0;
  /** Entries dropped because their time was up. */
  expirations = 0;
  /** Entries by tool name, then by canonical arguments. */
  private readonly buckets = new Map<string, Map<string, Entry>>();
  /** Every entry, oldest first (the eviction order). */
  private readonly order = new Set<Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ResultCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 300_000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 1000);
    this.now = options.now ?? Date.now;
  }

  /** A snapshot of the counters. */
  get stats(): ResultCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      size: this.order.size,
      evictions: this.evictions,
      expirations: this.expirations,
    };
  }

  /** Number of entries held. */
  get size(): number {
    return this.order.size;
  }

  /** Drops every entry (counters stay). */
  clear(): void {
    this.buckets.clear();
    this.order.clear();
  }

  /** Drops the entries of one tool. */
  invalidate(toolName: string): void {
    const bucket = this.buckets.get(toolName);
    if (bucket === undefined) return;
    for (const entry of bucket.values()) this.order.delete(entry);
    this.buckets.delete(toolName);
  }

  /**
   * Answers from the cache, or runs `execute` (with `thisArg`) and keeps its result.
   * A hit returns synchronously.
   */
  call(
    toolName: string,
    args: unknown,
    context: ToolContext,
    execute: ExecuteFn,
    thisArg?: unknown,
  ): unknown {
    const key = cacheKey(args);
    const entry = this.buckets.get(toolName)?.get(key);
    if (entry !== undefined) {
      if (entry.expires > this.now()) {
        this.hits++;
        entry.used = true;
        return entry.value;
      }
      this.remove(entry);
      this.expirations++;
    }
    this.misses++;
    const value = execute.call(thisArg, args, context);
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as Promise<unknown>).then === 'function'
    ) {
      return (value as Promise<unknown>).then((v) => this.store(toolName, key, v));
    }
    return this.store(toolName, key, value);
  }

  private store(toolName: string, key: string, value: unknown): string | ToolResultContent {
    const stored = settle(toolName, value);
    if (typeof stored === 'object' && stored.isError === true) return stored;
    let bucket = this.buckets.get(toolName);
    if (bucket === undefined) this.buckets.set(toolName, (bucket = new Map()));
    const previous = bucket.get(key);
    if (previous !== undefined) this.order.delete(previous);
    const entry: Entry = { value: stored, expires: this.now() + this.ttlMs, used: false, bucket, key };
    bucket.set(key, entry);
    this.order.add(entry);
    if (this.order.size > this.maxEntries) this.evict(entry);
    return stored;
  }

  private remove(entry: Entry): void {
    this.order.delete(entry);
    entry.bucket.delete(entry.key);
  }

  /** Drops the least recently used entry: the oldest one not read since it was last passed over. */
  private evict(newest: Entry): void {
    const order = this.order;
    for (const entry of order) {
      order.delete(entry);
      if (entry.used || entry === newest) {
        entry.used = false;
        order.add(entry);
        continue;
      }
      entry.bucket.delete(entry.key);
      this.evictions++;
      return;
    }
  }
}

/**
 * Canonical JSON of the arguments: core's `canonicalJSON`, with a fast path for the common
 * case of a flat object of primitives (same output, without its per-call allocations).
 */
export function cacheKey(args: unknown): string {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return canonicalJSON(args);
  const obj = args as Record<string, unknown>;
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) return canonicalJSON(args);
  let sorted = true;
  let previous = '';
  let first = true;
  for (const key in obj) {
    const t = typeof obj[key];
    if (t === 'object' ? obj[key] !== null : t === 'bigint' || t === 'function' || t === 'symbol') {
      return canonicalJSON(args);
    }
    if (!first && key < previous) sorted = false;
    previous = key;
    first = false;
  }
  if (sorted) return JSON.stringify(obj);
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const key of keys) {
    const value = obj[key];
    if (value === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return `${out}}`;
}

/** Turns a result into what the model reads (throws when it is not JSON, so nothing is cached). */
function settle(toolName: string, value: unknown): string | ToolResultContent {
  if (typeof value === 'string') return value;
  if (isRich(value)) {
    if (value.isError === true) return value;
    return { ...value, value: toText(toolName, value.value) };
  }
  return toText(toolName, value);
}

function toText(toolName: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new Error(`the result of "${toolName}" is not JSON-serialisable: ${errorMessage(error)}`);
  }
  return text === undefined ? String(value) : text;
}

function isRich(value: unknown): value is ToolResultContent {
  return typeof value === 'object' && value !== null && (value as ToolResultContent).type === 'tool-result';
}

/** Resolves a tool's `cache` option to a cache, or `undefined` when there is none. */
export function resolveCache(option: CacheOption | undefined): ToolResultCache | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return new ToolResultCache();
  if (option instanceof ToolResultCache) return option;
  return new ToolResultCache(option);
}
