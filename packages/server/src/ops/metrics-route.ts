/**
 * `metricsRoute`: Prometheus metrics for a server — the agents' metrics of
 * `@agno/observability/prometheus` (`AgentMetrics`: runs, errors, latencies, tokens, tool calls),
 * the server's HTTP metrics fed from its request log, and `GET /metrics` on the server's app,
 * behind the server's auth like every route (list it in `auth.public` to scrape it without
 * credentials).
 */
import { ConfigError } from '@agno/core';
import type { RequestLogEntry } from '../request-log.js';
import type { AgnoServer } from '../server.js';
import { HttpMetrics } from './http-metrics.js';
import { loadPrometheus, type Registry } from './prometheus.js';

type AgentMetrics = InstanceType<Awaited<ReturnType<typeof loadPrometheus>>['observability']['AgentMetrics']>;

/** Options of {@link metricsRoute}. */
export interface MetricsRouteOptions {
  /** The prom-client registry (default: a new one; pass prom-client's `register` to share the global one). */
  registry?: Registry;
  /** Prefix of every metric name (default `agno_`). */
  prefix?: string;
  /** Path of the metrics route (default `/metrics`, under the server's `basePath`). */
  path?: string;
  /**
   * The agents' metrics: an `AgentMetrics` you already have (its registry is then used), or
   * `false` for HTTP metrics only. Default: a new `AgentMetrics` in the registry.
   */
  agentMetrics?: AgentMetrics | false;
  /** Your own request-log sink: each entry goes on to it after it is counted. */
  log?: (entry: RequestLogEntry) => void;
}

/** A server's metrics: give `log` to `createServer`, then `mount` the server. */
export interface ServerMetrics {
  /** The registry served at `/metrics`. */
  readonly registry: Registry;
  /** The agents' metrics (undefined with `agentMetrics: false`). */
  readonly agentMetrics: AgentMetrics | undefined;
  /** The request-log sink that feeds the HTTP metrics: `createServer({ log: metrics.log })`. */
  readonly log: (entry: RequestLogEntry) => void;
  /** Adds `GET /metrics` to the server's app and observes its agents. Once per server. */
  mount(server: AgnoServer): void;
  /** Stops observing the agents (the registry keeps what it counted). */
  close(): void;
}

/**
 * Prepares the metrics of a server. Loads `@agno/observability/prometheus` (an optional peer) on
 * first use: a `ConfigError` says what to install when it is missing.
 */
export async function metricsRoute(options: MetricsRouteOptions = {}): Promise<ServerMetrics> {
  const { observability, client } = await loadPrometheus();
  const prefix = options.prefix ?? 'agno_';
  const given = options.agentMetrics;
  const registry = given ? given.registry : (options.registry ?? new client.Registry());
  const agentMetrics =
    given === false ? undefined : (given ?? new observability.AgentMetrics({ registry, prefix }));
  const forward = options.log;
  let http: HttpMetrics | undefined;
  const offs: Array<() => void> = [];
  return {
    registry,
    agentMetrics,
    log: (entry) => {
      http?.record(entry);
      forward?.(entry);
    },
    mount(server) {
      if (http !== undefined) throw new ConfigError('these metrics are mounted on a server already');
      const ctx = server.context;
      if (typeof ctx.options.log !== 'function') {
        throw new ConfigError(
          'HTTP metrics read the request log: create the server with { log: metrics.log }',
        );
      }
      const path = options.path ?? '/metrics';
      server.describe({
        method: 'get',
        path,
        summary: 'Prometheus metrics: agents, HTTP requests, runs in flight',
        tags: ['ops'],
        responses: { 200: { description: 'The Prometheus text exposition format' } },
      });
      server.app.get(path, async (c) =>
        c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }),
      );
      http = new HttpMetrics(client, registry, prefix, {
        routes: ctx.routes,
        basePath: ctx.options.basePath ?? '',
        running: () => server.running,
      });
      if (agentMetrics !== undefined)
        for (const agent of ctx.agents.values()) offs.push(agentMetrics.observe(agent));
    },
    close() {
      for (const off of offs.splice(0)) off();
    },
  };
}
