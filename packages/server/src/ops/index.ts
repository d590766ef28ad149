/**
 * Operating a server: Prometheus metrics (agents, HTTP requests, runs in flight) mounted at
 * `/metrics`. Needs the optional peers `@agno/observability` and `prom-client`.
 */
export { type MetricsRouteOptions, metricsRoute, type ServerMetrics } from './metrics-route.js';
export type { Registry } from './prometheus.js';
