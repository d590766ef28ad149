/**
 * Sessions, their runs, paused runs and user memories, for the caller only: a session, run or
 * memory of another user answers 404, exactly like one that does not exist.
 */
import type { PausedRunStore } from '@agno/core';
import type { Hono } from 'hono';
import { z } from 'zod';
import { mayAccess, type ServerContext, type ServerEnv, userOf } from '../context.js';
import { HttpError } from '../http-errors.js';
import type { ServerStore } from '../options.js';
import { sessionOwner } from '../ownership.js';
import { param, readQuery } from '../route-book.js';
import { PageQuerySchema, SessionSchema } from '../schemas.js';
import { wirePending } from '../wire.js';

function need<K extends keyof ServerStore>(ctx: ServerContext, method: K): NonNullable<ServerStore[K]> {
  const fn = ctx.store?.[method];
  if (typeof fn !== 'function')
    throw new HttpError('config_error', `the server's store has no ${String(method)}()`, 501);
  return (fn as (...a: unknown[]) => unknown).bind(ctx.store) as NonNullable<ServerStore[K]>;
}

async function ownSession(ctx: ServerContext, user: string | undefined, sessionId: string): Promise<void> {
  const owner = await sessionOwner(ctx.store, sessionId);
  if (!owner.exists || !mayAccess(ctx, user, owner.userId))
    throw new HttpError('not_found', `no session "${sessionId}"`);
}

/** Registers the session and memory routes. */
export function sessionRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  ctx.routes.push({
    method: 'get',
    path: '/sessions',
    summary: 'The caller’s sessions, newest first',
    tags: ['sessions'],
    query: PageQuerySchema,
    responses: { 200: { description: 'Sessions', schema: z.array(SessionSchema) } },
  });
  app.get('/sessions', async (c) => {
    const page = readQuery(c, PageQuerySchema);
    const userId = userOf(ctx, c);
    if (ctx.secured && userId === undefined) throw new HttpError('auth_error', 'credentials are required');
    return c.json(await need(ctx, 'listSessions')({ ...page, ...(userId === undefined ? {} : { userId }) }));
  });

  ctx.routes.push({
    method: 'get',
    path: '/sessions/:sessionId',
    summary: 'One of the caller’s sessions',
    tags: ['sessions'],
    responses: { 200: { description: 'The session', schema: SessionSchema } },
  });
  app.get('/sessions/:sessionId', async (c) => {
    const id = param(c, 'sessionId');
    await ownSession(ctx, userOf(ctx, c), id);
    return c.json(await need(ctx, 'getSession')(id));
  });

  ctx.routes.push({
    method: 'delete',
    path: '/sessions/:sessionId',
    summary: 'Delete one of the caller’s sessions with its runs',
    tags: ['sessions'],
    responses: { 204: { description: 'Deleted' } },
  });
  app.delete('/sessions/:sessionId', async (c) => {
    const id = param(c, 'sessionId');
    await ownSession(ctx, userOf(ctx, c), id);
    await need(ctx, 'deleteSession')(id);
    return c.body(null, 204);
  });

  ctx.routes.push({
    method: 'get',
    path: '/sessions/:sessionId/runs',
    summary: 'The stored runs of one of the caller’s sessions',
    tags: ['sessions'],
    query: PageQuerySchema,
    responses: { 200: { description: 'Runs, oldest first' } },
  });
  app.get('/sessions/:sessionId/runs', async (c) => {
    const id = param(c, 'sessionId');
    const page = readQuery(c, PageQuerySchema);
    await ownSession(ctx, userOf(ctx, c), id);
    return c.json(await need(ctx, 'listRuns')(id, page));
  });

  ctx.routes.push({
    method: 'get',
    path: '/sessions/:sessionId/state',
    summary: 'The state of one of the caller’s sessions, with its version',
    tags: ['sessions'],
    responses: { 200: { description: '{ state, version }' } },
  });
  app.get('/sessions/:sessionId/state', async (c) => {
    const id = param(c, 'sessionId');
    await ownSession(ctx, userOf(ctx, c), id);
    return c.json(await need(ctx, 'getState')(id));
  });

  ctx.routes.push({
    method: 'get',
    path: '/paused-runs',
    summary: 'The caller’s runs waiting for a decision',
    tags: ['runs'],
    query: PageQuerySchema,
    responses: { 200: { description: 'Paused runs, oldest first' } },
  });
  app.get('/paused-runs', async (c) => {
    const userId = userOf(ctx, c);
    if (userId === undefined)
      throw new HttpError('validation_error', 'name the user (x-user-id) to list paused runs');
    const { limit } = readQuery(c, PageQuerySchema);
    const seen = new Set<PausedRunStore>();
    const out: unknown[] = [];
    for (const [name, agent] of ctx.agents) {
      const store = agent.options.store as Partial<PausedRunStore> | undefined;
      if (store?.listPausedRuns === undefined || seen.has(store as PausedRunStore)) continue;
      seen.add(store as PausedRunStore);
      for (const p of await store.listPausedRuns({ userId, ...(limit === undefined ? {} : { limit }) })) {
        out.push({
          runId: p.runId,
          agent: p.agentName ?? name,
          sessionId: p.sessionId,
          createdAt: p.createdAt,
          pending: p.pending.map(wirePending),
        });
      }
    }
    return c.json(out);
  });

  ctx.routes.push({
    method: 'get',
    path: '/memories',
    summary: 'The caller’s memories',
    tags: ['memories'],
    query: PageQuerySchema,
    responses: { 200: { description: 'Memories' } },
  });
  app.get('/memories', async (c) => {
    const userId = userOf(ctx, c);
    if (userId === undefined)
      throw new HttpError('validation_error', 'name the user (x-user-id) to list memories');
    const page = readQuery(c, PageQuerySchema);
    return c.json(await need(ctx, 'listMemories')(userId, page));
  });

  ctx.routes.push({
    method: 'delete',
    path: '/memories/:memoryId',
    summary: 'Delete one of the caller’s memories',
    tags: ['memories'],
    responses: { 204: { description: 'Deleted' } },
  });
  app.delete('/memories/:memoryId', async (c) => {
    const id = param(c, 'memoryId');
    const memory = await need(ctx, 'getMemory')(id);
    if (memory === undefined || !mayAccess(ctx, userOf(ctx, c), memory.userId))
      throw new HttpError('not_found', `no memory "${id}"`);
    await need(ctx, 'deleteMemory')(id);
    return c.body(null, 204);
  });
}
