/** `GET /workflows/:name/graph` and `GET /teams/:name/graph`: the steps of a workflow or team, to draw. */
import type { Hono } from 'hono';
import type { ServerContext, ServerEnv } from '../context.js';
import { flowGraph } from '../flow-graph.js';
import { HttpError } from '../http-errors.js';
import { param } from '../route-book.js';

/** Registers the graph routes. */
export function graphRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  for (const kind of ['team', 'workflow'] as const) {
    const path = `/${kind}s/:name/graph`;
    ctx.routes.push({
      method: 'get',
      path,
      summary: `The steps of a ${kind} (names, kinds, paths as events name them, children, DAG dependencies)`,
      tags: [`${kind}s`],
      responses: { 200: { description: 'The step graph' } },
    });
    app.get(path, (c) => {
      const name = param(c, 'name');
      const flow = ctx.flows.get(`${kind}:${name}`);
      if (flow === undefined) throw new HttpError('not_found', `no ${kind} named "${name}"`);
      const graph = flowGraph(kind, name, flow, ctx.targets.get(`${kind}:${name}`)?.description);
      if (graph === undefined)
        throw new HttpError('config_error', `${kind} "${name}" has no step tree to describe`, 501);
      return c.json(graph);
    });
  }
}
