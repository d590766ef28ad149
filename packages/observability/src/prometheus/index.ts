/**
 * @agno/observability/prometheus: Prometheus metrics for agents, caches and workflow steps
 * through `prom-client` (an optional peer dependency: install it to use this entry point).
 */
export {
  AgentMetrics,
  type AgentMetricsOptions,
  type CacheStatsSource,
  type LimiterStatsSource,
  type MetricBuckets,
} from './agent-metrics.js';
export { type MetricsHandlerOptions, metricsHandler } from './metrics-handler.js';
