/**
 * Metrics read at scrape time from response caches and limiters (anything with the same
 * `stats()` shape: this package does not depend on the runtime). Counters grow by what the
 * source counted since the previous scrape.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Anything that reports response-cache counters, such as a `CachedModel` of `@agno/runtime`
 * (matched by shape: this package does not depend on the runtime).
 */
export interface CacheStatsSource {
  stats(): {
    hits: number;
    misses: number;
    savedTokens: number;
    savedMs: number;
    entries: number;
    backendErrors: number;
  };
}

/** The cache counters exported as Prometheus counters. */
export type CacheField = 'hits' | 'misses' | 'savedTokens' | 'savedMs' | 'backendErrors';

/**
 * Anything that reports limiter counters, such as a `Limiter` of `@agno/runtime` (matched by
 * shape).
 */
export interface LimiterStatsSource {
  stats(): { active: number; queued: number; rejected: number; aborted: number };
}

/** A limiter being reported, with its counters at the previous scrape. */
export interface ObservedLimiter {
  source: LimiterStatsSource;
  last: { rejected: number; aborted: number };
}

/** A cache being reported, with its counters at the previous scrape. */
export interface ObservedCache {
  source: CacheStatsSource;
  last: Record<CacheField, number>;
}

/** Registers the cache and limiter metrics named `${p}...`, fed from `caches` and `limiters` at each scrape. */
export function registerSourceMetrics(
  p: string,
  registers: Registry[],
  caches: Map<string, ObservedCache>,
  limiters: Map<string, ObservedLimiter>,
): void {
  /** What a cache counter grew by since the last scrape (after a stats reset: all it counts now). */
  const grown = (c: ObservedCache, field: CacheField, now: number): number => {
    const delta = now >= c.last[field] ? now - c.last[field] : now;
    c.last[field] = now;
    return delta;
  };
  new Counter({
    name: `${p}cache_requests_total`,
    help: 'Cacheable model calls, by result (hit, miss).',
    labelNames: ['cache', 'result'],
    registers,
    collect() {
      for (const [cache, c] of caches) {
        const s = c.source.stats();
        const hits = grown(c, 'hits', s.hits);
        const misses = grown(c, 'misses', s.misses);
        if (hits > 0) this.inc({ cache, result: 'hit' }, hits);
        if (misses > 0) this.inc({ cache, result: 'miss' }, misses);
      }
    },
  });
  const cacheCounter = (name: string, help: string, field: CacheField, scale: number) =>
    new Counter({
      name,
      help,
      labelNames: ['cache'],
      registers,
      collect() {
        for (const [cache, c] of caches) {
          const delta = grown(c, field, c.source.stats()[field]);
          if (delta > 0) this.inc({ cache }, delta * scale);
        }
      },
    });
  cacheCounter(`${p}cache_saved_tokens_total`, 'Tokens not spent thanks to cache hits.', 'savedTokens', 1);
  cacheCounter(
    `${p}cache_saved_seconds_total`,
    'Model time not spent thanks to cache hits.',
    'savedMs',
    1 / 1000,
  );
  cacheCounter(
    `${p}cache_backend_errors_total`,
    'Failed calls to a shared cache backend.',
    'backendErrors',
    1,
  );
  /** A gauge set at each scrape from every source of `sources`. */
  const gauge = <S>(
    name: string,
    help: string,
    label: string,
    sources: Map<string, S>,
    read: (s: S) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers,
      collect() {
        for (const [key, source] of sources) this.set({ [label]: key }, read(source));
      },
    });
  gauge(
    `${p}cache_entries`,
    'Entries in the in-process cache layer.',
    'cache',
    caches,
    (c) => c.source.stats().entries,
  );
  gauge(
    `${p}limiter_active`,
    'Slots of a limiter held now.',
    'limiter',
    limiters,
    (l) => l.source.stats().active,
  );
  gauge(
    `${p}limiter_queued`,
    'Waiters in a limiter queue now.',
    'limiter',
    limiters,
    (l) => l.source.stats().queued,
  );
  for (const field of ['rejected', 'aborted'] as const) {
    new Counter({
      name: `${p}limiter_${field}_total`,
      help:
        field === 'rejected'
          ? 'Acquisitions a limiter refused because its queue was full.'
          : 'Waiters that left a limiter queue through their signal.',
      labelNames: ['limiter'],
      registers,
      collect() {
        for (const [limiter, l] of limiters) {
          const now = l.source.stats()[field];
          const delta = now >= l.last[field] ? now - l.last[field] : now;
          l.last[field] = now;
          if (delta > 0) this.inc({ limiter }, delta);
        }
      },
    });
  }
}
