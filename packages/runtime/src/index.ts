/**
 * @agno/runtime: the parts agents need once they meet real traffic: a response cache, a
 * concurrency limiter, an agent pool, a batch processor, a load tester and a profiler.
 */

export { AgentPool, type AgentPoolOptions, type AgentPoolStats } from './agent-pool.js';
export {
  type BatchContext,
  type BatchFunction,
  BatchProcessor,
  type BatchProcessorOptions,
  type BatchStats,
} from './batch-processor.js';
export type { CacheEntry } from './cache-entry.js';
export { requestKey } from './cache-key.js';
export {
  type CacheBackend,
  type CachedModelOptions,
  type CacheStats,
  type CacheStatus,
  cacheStatusOf,
} from './cache-options.js';
export { type CachedModel, cachedModel, cacheMiddleware } from './cached-model.js';
export {
  DocumentStoreCacheBackend,
  type DocumentStoreCacheBackendOptions,
} from './document-store-backend.js';
export { QueueFullError } from './errors.js';
export {
  type LimitedModel,
  type LimitMiddleware,
  type LimitMiddlewareOptions,
  type LimitModelOptions,
  limitMiddleware,
  limitModel,
} from './limit-model.js';
export {
  type AcquireOptions,
  Limiter,
  type LimiterOptions,
  type LimiterStats,
  type Permit,
} from './limiter.js';
export {
  type ErrorCount,
  formatReport,
  type LoadSample,
  type LoadTarget,
  type LoadTestContext,
  type LoadTestOptions,
  type LoadTestReport,
  loadTest,
} from './load-test.js';
export { type EvictionPolicy, MemoryCache, type MemoryCacheOptions } from './memory-cache.js';
export { type LatencySummary, percentile, summarize } from './percentiles.js';
export type {
  Bottleneck,
  MeasureOptions,
  OperationKind,
  OperationStats,
  ProfileReport,
  ProfilerOptions,
  ProfileSample,
  ProfileTimer,
} from './profile-types.js';
export { Profiler } from './profiler.js';
export { ResponseCache } from './response-cache.js';
