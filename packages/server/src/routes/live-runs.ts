/**
 * Runs in flight or recently ended, by id: their status, their events from any id
 * (`Last-Event-ID`), and cancellation. A run another server started (with a shared backend) is
 * attached on first request, its events read from the beginning.
 */
import { AbortedError } from '@agno/core';
import type { Hono } from 'hono';
import { ownRun, type ServerContext, type ServerEnv, userOf } from '../context.js';
import { errorResponse, HttpError } from '../http-errors.js';
import { streamEntry } from '../respond.js';
import { param } from '../route-book.js';
import type { RunEntry } from '../run-registry.js';
import { RunInfoSchema } from '../schemas.js';
import { lastEventId } from '../sse.js';

/** A run from the registry, or attached from the backend; 404 for runs the user may not see. */
async function findRun(ctx: ServerContext, user: string | undefined, runId: string): Promise<RunEntry> {
  if (ctx.registry.get(runId) === undefined && ctx.options.backend?.attach !== undefined) {
    const found = await ctx.options.backend.attach(runId);
    if (found !== undefined && ctx.registry.get(runId) === undefined) {
      const target = ctx.targets.get(`${found.kind}:${found.name}`);
      if (target !== undefined) {
        ctx.registry.adopt(target, runId, found.source, {
          userId: found.userId,
          sessionId: found.sessionId,
          keepRunning: true,
        });
      }
    }
  }
  return ownRun(ctx, user, runId);
}

/** Registers the live-run routes. */
export function liveRunRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  ctx.routes.push({
    method: 'get',
    path: '/runs/:runId',
    summary: 'A run in flight or recently ended: status, last event id, result or error',
    tags: ['runs'],
    responses: { 200: { description: 'The run', schema: RunInfoSchema } },
  });
  app.get('/runs/:runId', async (c) => {
    const entry = await findRun(ctx, userOf(ctx, c), param(c, 'runId'));
    const info: Record<string, unknown> = {
      runId: entry.runId,
      kind: entry.target.kind,
      name: entry.target.name,
      status: entry.status,
      lastEventId: entry.log.nextId - 1,
    };
    if (entry.sessionId !== undefined) info.sessionId = entry.sessionId;
    if (entry.result !== undefined) info.result = entry.result;
    if (entry.error !== undefined) info.error = errorResponse(entry.error).body.error;
    return c.json(info);
  });

  ctx.routes.push({
    method: 'get',
    path: '/runs/:runId/events',
    summary:
      'The run’s events as server-sent events, after the `Last-Event-ID` header (or `lastEventId` query)',
    tags: ['runs'],
    responses: {
      200: { description: 'Events; `gap` says how many were dropped from the bounded log', sse: true },
    },
  });
  app.get('/runs/:runId/events', async (c) => {
    const entry = await findRun(ctx, userOf(ctx, c), param(c, 'runId'));
    const fields = c.get('logFields');
    if (fields !== undefined) fields.runId = entry.runId;
    return streamEntry(ctx, c, entry, lastEventId(c.req.raw));
  });

  ctx.routes.push({
    method: 'post',
    path: '/runs/:runId/cancel',
    summary: 'Cancel a running run (its tools and model call see their signal abort)',
    tags: ['runs'],
    responses: { 202: { description: 'Cancellation requested' } },
  });
  app.post('/runs/:runId/cancel', async (c) => {
    const entry = await findRun(ctx, userOf(ctx, c), param(c, 'runId'));
    if (entry.status !== 'running') throw new HttpError('conflict', `run "${entry.runId}" is not running`);
    entry.cancel(new AbortedError('the run was cancelled by its caller'));
    return c.json({ runId: entry.runId, status: 'cancelling' }, 202);
  });
}
