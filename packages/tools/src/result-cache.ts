/**
 * A result cache for tools whose answers may be reused: keyed by tool name and canonical
 * arguments (key order never matters), entries live `ttlMs`, the least recently used entry
 * goes first when the cache is full. Only successful results are kept: a tool that throws,
 * returns an error result or something that is not JSON is called again next time.
 * Results are stored as the text the model reads, so a hit costs one lookup. The TTL/LRU
 * bookkeeping is the `lru-cache` package's.
 */
import { canonicalJSON, errorMessage, type ToolContext, type ToolResultContent } from '@agno/core';
import { LRUCache } from 'lru-cache';

/** Options of a {@link ToolResultCache}. */
export interface ResultCacheOptions {
  /** How long a result stays valid, in ms. Default 300 000 (5 minutes). 0 keeps nothing. */
  ttlMs?: number;
  /** Most entries kept; the least recently used goes first. Default 1000. */
  maxEntries?: number;
  /** Clock in ms (for tests). Default a monotonic clock. */
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

type Stored = string | ToolResultContent;

/** The function a cache wraps: a tool's own `execute`. */
export type ExecuteFn = (args: any, context: ToolContext) => unknown;

/** Separates the tool name from the arguments in a key (tool names never contain it). */
const SEP = '\u0000';

/** An LRU cache of tool results with a TTL and hit/miss counters. One cache may serve many tools. */
export class ToolResultCache {
  /** Lookups answered from the cache. */
  hits = 0;
  /** Lookups that called the tool. */
  misses = 0;
  /** Entries dropped because the cache was full. */
  evictions = 0;
  /** Entries dropped because their time was up. */
  expirations = 0;
  /** Entries by `toolName + SEP + canonical arguments`; undefined when `ttlMs` is 0. */
  private readonly lru: LRUCache<string, Stored> | undefined;

  constructor(options: ResultCacheOptions = {}) {
    const ttlMs = options.ttlMs ?? 300_000;
    if (!(ttlMs > 0)) return;
    const now = options.now;
    this.lru = new LRUCache<string, Stored>({
      max: Math.max(1, Math.floor(options.maxEntries ?? 1000)),
      ttl: Math.max(1, Math.ceil(ttlMs)),
      // lru-cache reuses a clock reading for 1 ms (hits skip the clock); a test clock is read every time.
      ttlResolution: now === undefined ? 1 : 0,
      // lru-cache takes a start time of 0 for "no TTL": shift a test clock that starts at 0.
      perf: now === undefined ? undefined : { now: () => now() + 1 },
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.evictions++;
        else if (reason === 'expire') this.expirations++;
      },
    });
  }

  /** A snapshot of the counters. */
  get stats(): ResultCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      size: this.size,
      evictions: this.evictions,
      expirations: this.expirations,
    };
  }

  /** Number of entries held. */
  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** Drops every entry (counters stay). */
  clear(): void {
    this.lru?.clear();
  }

  /** Drops the entries of one tool. */
  invalidate(toolName: string): void {
    const lru = this.lru;
    if (lru === undefined) return;
    const prefix = toolName + SEP;
    for (const key of [...lru.keys()]) if (key.startsWith(prefix)) lru.delete(key);
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
    const key = toolName + SEP + cacheKey(args);
    const hit = this.lru?.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
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

  private store(toolName: string, key: string, value: unknown): Stored {
    const stored = settle(toolName, value);
    if (typeof stored === 'object' && stored.isError === true) return stored;
    this.lru?.set(key, stored);
    return stored;
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
