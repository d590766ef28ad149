/** What the server serves (`GET /agents`, `/teams`, `/workflows`) and stored team and workflow runs. */
import type { Hono } from 'hono';
import { mayAccess, type ServerContext, type ServerEnv, userOf } from '../context.js';
import { HttpError } from '../http-errors.js';
import { runOwner } from '../ownership.js';
import { param } from '../route-book.js';
import { TargetListSchema } from '../schemas.js';
import { serialise } from '../wire.js';

/** Registers the catalog routes. */
export function catalogRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  for (const kind of ['agent', 'team', 'workflow'] as const) {
    const plural = `${kind}s`;
    ctx.routes.push({
      method: 'get',
      path: `/${plural}`,
      summary: `The ${plural} this server runs`,
      tags: [plural],
      responses: { 200: { description: plural, schema: TargetListSchema } },
    });
    app.get(`/${plural}`, (c) => {
      const list: Array<{ name: string; description?: string }> = [];
      for (const t of ctx.targets.values()) {
        if (t.kind !== kind) continue;
        list.push(
          t.description === undefined ? { name: t.name } : { name: t.name, description: t.description },
        );
      }
      return c.json(list);
    });
    if (kind === 'agent') continue;
    const path = `/${plural}/:name/runs/:runId`;
    ctx.routes.push({
      method: 'get',
      path,
      summary: `A stored ${kind} run of the caller (steps, outputs, pauses)`,
      tags: [plural],
      responses: { 200: { description: 'The stored run' } },
    });
    app.get(path, async (c) => {
      const name = param(c, 'name');
      const runId = param(c, 'runId');
      const flow = ctx.flows.get(`${kind}:${name}`);
      if (flow === undefined) throw new HttpError('not_found', `no ${kind} named "${name}"`);
      const owner = await runOwner(ctx, runId);
      if (!owner.known || !mayAccess(ctx, userOf(ctx, c), owner.userId))
        throw new HttpError('not_found', `no run "${runId}"`);
      if (flow.getRun === undefined)
        throw new HttpError('config_error', `${kind} "${name}" cannot read stored runs`, 501);
      const run = await flow.getRun(runId).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'config_error')
          throw new HttpError('config_error', `${kind} "${name}" has no store`, 501);
        throw error;
      });
      if (run === undefined) throw new HttpError('not_found', `no run "${runId}"`);
      return new Response(serialise(run), { headers: { 'content-type': 'application/json' } });
    });
  }
}
