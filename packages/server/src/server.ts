/**
 * `createServer`: agents, teams and workflows behind one Hono app — run routes (JSON and SSE),
 * live-run routes (events from any id, cancel), sessions and memories for their owner, OpenAPI,
 * health — with auth on every route (routes added to `server.app` later included), CORS, a body
 * limit, per-caller run limits and graceful shutdown. The app is web-standard: `server.fetch` runs
 * on Node (see `@agno/server/node`), Bun, Deno or Workers.
 */
import { AgnoError, isAgnoError } from '@agno/core';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { authMiddleware } from './auth/middleware.js';
import { CallerLimits } from './caller-limits.js';
import { bodyLimitOf, buildTargets, type ServerContext, type ServerEnv } from './context.js';
import { errorJSON, HttpError } from './http-errors.js';
import type { ServerOptions, ServerStore } from './options.js';
import { requestLog } from './request-log.js';
import type { RouteDoc } from './route-book.js';
import { catalogRoutes } from './routes/catalog.js';
import { chatRoutes } from './routes/chat.js';
import { graphRoutes } from './routes/graph.js';
import { liveRunRoutes } from './routes/live-runs.js';
import { opsRoutes } from './routes/ops.js';
import { runRoutes } from './routes/runs.js';
import { sessionRoutes } from './routes/sessions.js';
import { RunRegistry } from './run-registry.js';
import { StreamsInFlight } from './streams-in-flight.js';

/** Options of {@link AgnoServer.close}. */
export interface ServerCloseOptions {
  /** How long runs in flight may take before they are cancelled (default: as long as they take). */
  timeoutMs?: number;
  /** Close the agents (their toolkits and stores) and the server's store too (default true). */
  closeAgents?: boolean;
}

/** A server: its Hono `app`, a web-standard `fetch`, and `close`. */
export class AgnoServer {
  /** The Hono app: add your own routes; the server's auth applies to them. */
  readonly app: Hono<ServerEnv>;
  /** @internal */
  readonly context: ServerContext;
  private readonly state = { closing: false };
  private readonly streams = new StreamsInFlight();
  private closed: Promise<void> | undefined;

  constructor(options: ServerOptions = {}) {
    const { agents, flows, targets } = buildTargets(options);
    const firstStore = [...agents.values()].find((a) => a.options.store !== undefined)?.options.store;
    const base = options.basePath ?? '';
    this.context = {
      options,
      agents,
      flows,
      targets,
      registry: new RunRegistry(options.runs),
      store: options.store ?? (firstStore as ServerStore | undefined),
      limits: options.rateLimit === undefined ? undefined : new CallerLimits(options.rateLimit),
      routes: [],
      secured: options.auth !== undefined,
    };
    // With a base path, every route, the server's and those added later, lives under it.
    const app = (
      base === '' ? new Hono<ServerEnv>() : new Hono<ServerEnv>().basePath(base)
    ) as Hono<ServerEnv>;
    if (options.log) app.use('*', requestLog(options.log));
    if (options.cors !== undefined) {
      app.use(
        '*',
        cors({
          ...options.cors,
          // What a browser client needs to read and send unless the app says otherwise.
          allowHeaders: options.cors.allowHeaders ?? [
            'authorization',
            'content-type',
            'x-api-key',
            'last-event-id',
            'x-user-id',
          ],
          exposeHeaders: options.cors.exposeHeaders ?? ['x-run-id'],
        }),
      );
    }
    app.use('*', async (c, next) => {
      if (this.state.closing && c.req.method !== 'GET' && c.req.method !== 'OPTIONS') {
        return errorJSON(new AgnoError('closed', 'the server is shutting down'), { connection: 'close' });
      }
      return next();
    });
    // A declared length over the limit is refused before anything is read; routes check what they read.
    const limit = bodyLimitOf(this.context);
    app.use('*', async (c, next) => {
      const length = Number(c.req.header('content-length') ?? 0);
      if (length > limit)
        return errorJSON(new HttpError('payload_too_large', 'the request body is over the size limit', 413));
      return next();
    });
    app.use('*', authMiddleware(options.auth, base));
    opsRoutes(app, this.context, this.state);
    catalogRoutes(app, this.context);
    graphRoutes(app, this.context);
    runRoutes(app, this.context);
    liveRunRoutes(app, this.context);
    sessionRoutes(app, this.context);
    chatRoutes(app, this.context, this.streams);
    const mcp = options.mcp;
    if (mcp !== undefined) {
      this.context.routes.push({
        method: 'post',
        path: '/mcp',
        summary: 'MCP over Streamable HTTP (GET for its event stream, DELETE to end a session)',
        tags: ['mcp'],
        responses: { 200: { description: 'JSON-RPC answers, or their event stream', sse: true } },
      });
      app.all('/mcp', (c) => {
        const userId =
          c.get('principal')?.subject ?? (this.context.secured ? undefined : c.req.header('x-user-id'));
        return mcp(c.req.raw, { ...(userId === undefined ? {} : { userId }), signal: c.req.raw.signal });
      });
    }
    app.notFound(() => errorJSON(new HttpError('not_found', 'no such route')));
    app.onError((error, c) => {
      if (!isAgnoError(error)) options.onError?.(error, c.req.raw);
      return errorJSON(error);
    });
    this.app = app;
    this.fetch = (request: Request) => app.fetch(request);
  }

  /** Answers one request (web-standard; give it to `Bun.serve`, Deno, Workers or `@agno/server/node`). */
  readonly fetch: (request: Request) => Response | Promise<Response>;

  /** Runs in flight. */
  get running(): number {
    return this.context.registry.running;
  }

  /** Whether `close()` was called. */
  get closing(): boolean {
    return this.state.closing;
  }

  /** Adds a route of yours to `/openapi.json` (register its handler on `app` yourself). */
  describe(route: RouteDoc): void {
    this.context.routes.push(route);
  }

  /**
   * Stops accepting runs (503), lets runs in flight finish (past `timeoutMs` they are cancelled),
   * then closes the backend, the agents and the store. Idempotent.
   */
  close(options: ServerCloseOptions = {}): Promise<void> {
    this.closed ??= (async () => {
      this.state.closing = true;
      await Promise.all([
        this.context.registry.drain(options.timeoutMs),
        this.streams.drain(options.timeoutMs),
      ]);
      await this.context.options.backend?.close?.();
      await (this.context.options.mcp as { close?: () => Promise<void> } | undefined)?.close?.();
      if (options.closeAgents ?? true) {
        await Promise.all([...this.context.agents.values()].map((a) => a.close()));
        await this.context.store?.close?.();
      }
    })();
    return this.closed;
  }
}

/** Creates a server for `options`. */
export function createServer(options: ServerOptions = {}): AgnoServer {
  return new AgnoServer(options);
}
