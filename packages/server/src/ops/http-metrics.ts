/**
 * The server's own HTTP metrics, fed from its structured request log: requests by method, route
 * pattern and status, their durations, and runs in flight read at scrape time. Labels carry route
 * patterns (`/agents/:name/runs`), never paths, ids, credentials or prompts; a path that no
 * described route matches is counted as `route="unmatched"`.
 */
import { TrieRouter } from 'hono/router/trie-router';
import type { RequestLogEntry } from '../request-log.js';
import type { RouteDoc } from '../route-book.js';
import type { PromClient, PromMetric, Registry } from './prometheus.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Request duration buckets, in seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Where the metrics read the server's routes and runs. */
export interface MetricsSource {
  /** The routes, in registration order (the server's route book). */
  readonly routes: readonly RouteDoc[];
  /** Prefix of every route (`basePath`). */
  readonly basePath: string;
  /** Runs in flight now. */
  running(): number;
}

/** Maps request paths to the route pattern that serves them. */
class RoutePatterns {
  private router = new TrieRouter<string>();
  private known = 0;

  constructor(private readonly source: MetricsSource) {}

  of(method: string, path: string): string {
    const routes = this.source.routes;
    if (routes.length !== this.known) {
      // Routes described after the last lookup (a route added to `server.app`): rebuild once.
      this.router = new TrieRouter<string>();
      for (const r of routes)
        this.router.add(r.method.toUpperCase(), this.source.basePath + r.path, this.source.basePath + r.path);
      this.known = routes.length;
    }
    const found = this.router.match(method === 'HEAD' ? 'GET' : method, path)[0][0];
    return found === undefined ? 'unmatched' : found[0];
  }
}

/** HTTP metrics of one server in a registry. */
export class HttpMetrics {
  private readonly requests: PromMetric;
  private readonly duration: PromMetric;
  private readonly patterns: RoutePatterns;
  private readonly series = new Map<
    string,
    { count: ReturnType<PromMetric['labels']>; time: ReturnType<PromMetric['labels']> }
  >();

  constructor(client: PromClient, registry: Registry, prefix: string, source: MetricsSource) {
    const registers = [registry];
    this.patterns = new RoutePatterns(source);
    this.requests = new client.Counter({
      name: `${prefix}http_requests_total`,
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new client.Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: 'Time until the response started (for streams: until the first byte), by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    new client.Gauge({
      name: `${prefix}server_runs_in_flight`,
      help: 'Runs of agents, teams and workflows the server is driving now.',
      registers,
      collect() {
        this.set(source.running());
      },
    });
  }

  /** Counts one answered request (a request-log entry). */
  record(entry: RequestLogEntry): void {
    // A method a client made up is `OTHER`: labels come from a bounded set.
    const method = METHODS.has(entry.method) ? entry.method : 'OTHER';
    const route = this.patterns.of(method, entry.path);
    const key = `${method} ${route} ${entry.status}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = {
        count: this.requests.labels(method, route, String(entry.status)),
        time: this.duration.labels(method, route),
      };
      this.series.set(key, s);
    }
    s.count.inc();
    s.time.observe(entry.durationMs / 1000);
  }
}
