/**
 * @agno/server/node: serve an `AgnoServer` on Node's HTTP server (through `@hono/node-server`),
 * with graceful shutdown: stop accepting connections, let runs in flight finish or cancel them at
 * a deadline, close the agents and stores, then end the remaining connections.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AgnoServer, ServerCloseOptions } from '../server.js';

export { UsageError, wholeNumber } from '../cli/args.js';
export { loadApp } from '../cli/load-app.js';

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Port (default 3000; 0 picks a free one). */
  port?: number;
  /** Interface (default `127.0.0.1`; `0.0.0.0` for every interface). */
  hostname?: string;
  /** Close gracefully on SIGTERM and SIGINT (default false). */
  handleSignals?: boolean;
  /** Deadline for runs in flight when a signal closes the server (default 30 s). */
  shutdownTimeoutMs?: number;
  /** After the runs ended, how long responses may take to finish before connections are cut (default 5 s). */
  graceMs?: number;
}

/** A listening server. */
export interface Listening {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  /** Graceful shutdown (see {@link AgnoServer.close}); ends the remaining connections after. */
  close(options?: ServerCloseOptions): Promise<void>;
}

/** Serves `server` on Node; resolves once it listens. */
export function listen(
  server: Pick<AgnoServer, 'fetch' | 'close'>,
  options: ListenOptions = {},
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const http = serve(
      { fetch: server.fetch, port: options.port ?? 3000, hostname: options.hostname ?? '127.0.0.1' },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        let closing: Promise<void> | undefined;
        const close = (closeOptions: ServerCloseOptions = {}) =>
          (closing ??= (async () => {
            let stoppedFlag = false;
            const stopped = new Promise<void>((done) =>
              http.close(() => {
                stoppedFlag = true;
                done();
              }),
            );
            const h = http as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
            h.closeIdleConnections?.();
            await server.close(closeOptions);
            // Responses of the runs that just ended are still being written: give them a moment,
            // closing connections as they fall idle, then end whatever is left.
            const graceEnd = Date.now() + (options.graceMs ?? 5000);
            while (!stoppedFlag && Date.now() < graceEnd) {
              h.closeIdleConnections?.();
              await new Promise((r) => setTimeout(r, 20));
            }
            h.closeAllConnections?.();
            await stopped;
            if (options.handleSignals) {
              process.off('SIGTERM', onSignal);
              process.off('SIGINT', onSignal);
            }
          })());
        const onSignal = () => void close({ timeoutMs: options.shutdownTimeoutMs ?? 30_000 });
        if (options.handleSignals) {
          process.once('SIGTERM', onSignal);
          process.once('SIGINT', onSignal);
        }
        resolve({ url: `http://${host}:${info.port}`, port: info.port, close });
      },
    );
    http.once('error', reject);
  });
}
