/**
 * A `node:http` request listener that serves a registry in the Prometheus exposition format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { register as defaultRegistry, type Registry } from 'prom-client';

/** Options of {@link metricsHandler}. */
export interface MetricsHandlerOptions {
  /** Path served. Default `/metrics`. */
  path?: string;
}

/**
 * Serves `registry` on GET (and HEAD) `path`: 404 for other paths, 405 for other methods,
 * 500 (without details) when collecting fails. Use it as the listener of `http.createServer`,
 * or call it from your own routing.
 */
export function metricsHandler(
  registry: Registry = defaultRegistry,
  options: MetricsHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const path = options.path ?? '/metrics';
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('collecting metrics failed\n');
      },
    );
  };
}
