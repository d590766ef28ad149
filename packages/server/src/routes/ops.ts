/** Operating the server: liveness, readiness and the OpenAPI document. */
import type { Hono } from 'hono';
import type { ServerContext, ServerEnv } from '../context.js';
import { openAPIDocument } from '../route-book.js';

/** Registers `/health`, `/ready` and `/openapi.json`. */
export function opsRoutes(app: Hono<ServerEnv>, ctx: ServerContext, state: { closing: boolean }): void {
  ctx.routes.push({
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process answers',
    tags: ['ops'],
    public: true,
    responses: { 200: { description: 'OK' } },
  });
  app.get('/health', (c) => c.json({ status: 'ok' }));

  ctx.routes.push({
    method: 'get',
    path: '/ready',
    summary: 'Readiness: accepting runs (503 while shutting down)',
    tags: ['ops'],
    public: true,
    responses: { 200: { description: 'Ready' }, 503: { description: 'Shutting down' } },
  });
  app.get('/ready', (c) =>
    state.closing
      ? c.json({ status: 'closing' }, 503)
      : c.json({ status: 'ready', running: ctx.registry.running }),
  );

  ctx.routes.push({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tags: ['ops'],
    responses: { 200: { description: 'OpenAPI 3.1' } },
  });
  let doc: string | undefined;
  app.get('/openapi.json', (c) => {
    doc ??= JSON.stringify(
      openAPIDocument(
        ctx.routes,
        {
          title: ctx.options.info?.title ?? 'agno-ts server',
          version: ctx.options.info?.version ?? '1.0.0',
          ...(ctx.options.info?.description === undefined
            ? {}
            : { description: ctx.options.info.description }),
        },
        { basePath: ctx.options.basePath ?? '', secured: ctx.secured },
      ),
    );
    return c.body(doc, 200, { 'content-type': 'application/json' });
  });
}
