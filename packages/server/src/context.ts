/**
 * What every route module shares: the registered targets, the run registry, the store, the
 * caller's identity and the route book.
 */
import type { Agent } from '@agno/core';
import { AgnoError, ConfigError } from '@agno/core';
import type { Context } from 'hono';
import type { Principal } from './auth/types.js';
import type { CallerLimits } from './caller-limits.js';
import { HttpError } from './http-errors.js';
import type { ServerOptions, ServerStore } from './options.js';
import type { LogFields } from './request-log.js';
import type { RouteDoc } from './route-book.js';
import type { RunEntry, RunRegistry } from './run-registry.js';
import {
  agentTarget,
  type RunTarget,
  type TargetKind,
  type WorkflowLike,
  workflowTarget,
} from './targets.js';

/** The Hono environment of the server's app. */
export interface ServerEnv {
  Variables: { principal: Principal | undefined; logFields: LogFields };
}

/** What the route modules share. */
export interface ServerContext {
  readonly options: ServerOptions;
  readonly agents: ReadonlyMap<string, Agent>;
  readonly flows: ReadonlyMap<string, WorkflowLike>;
  readonly targets: ReadonlyMap<string, RunTarget>;
  readonly registry: RunRegistry;
  readonly store: ServerStore | undefined;
  readonly limits: CallerLimits | undefined;
  readonly routes: RouteDoc[];
  readonly secured: boolean;
}

function named<T extends { name: string }>(
  kind: string,
  items: Record<string, T> | T[] | undefined,
): Map<string, T> {
  const out = new Map<string, T>();
  const entries = Array.isArray(items) ? items.map((i) => [i.name, i] as const) : Object.entries(items ?? {});
  for (const [name, item] of entries) {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name)) {
      throw new ConfigError(`${kind} name "${name}" must be 1-128 letters, digits, "_", "." or "-"`);
    }
    if (out.has(name)) throw new ConfigError(`two ${kind}s are named "${name}"`);
    out.set(name, item);
  }
  return out;
}

/** Builds the targets of the server's options (keyed `kind:name`). */
export function buildTargets(options: ServerOptions): {
  agents: Map<string, Agent>;
  flows: Map<string, WorkflowLike>;
  targets: Map<string, RunTarget>;
} {
  const agents = named('agent', options.agents);
  const teams = named('team', options.teams);
  const workflows = named('workflow', options.workflows);
  const flows = new Map<string, WorkflowLike>();
  const targets = new Map<string, RunTarget>();
  const wrap = (t: RunTarget) => options.backend?.wrap(t) ?? t;
  for (const [name, agent] of agents) targets.set(`agent:${name}`, wrap(agentTarget(name, agent)));
  for (const [name, team] of teams) {
    flows.set(`team:${name}`, team);
    targets.set(`team:${name}`, wrap(workflowTarget('team', name, team)));
  }
  for (const [name, wf] of workflows) {
    flows.set(`workflow:${name}`, wf);
    targets.set(`workflow:${name}`, wrap(workflowTarget('workflow', name, wf)));
  }
  return { agents, flows, targets };
}

/** The largest request body the server takes, in bytes (default 1 MiB). */
export function bodyLimitOf(ctx: ServerContext): number {
  return ctx.options.bodyLimit ?? 1024 * 1024;
}

/** The target `kind:name`, or a 404. */
export function targetOf(ctx: ServerContext, kind: TargetKind, name: string): RunTarget {
  const target = ctx.targets.get(`${kind}:${name}`);
  if (target === undefined) throw new HttpError('not_found', `no ${kind} named "${name}"`);
  return target;
}

/**
 * The user a request acts for: the authenticated subject; without auth, the `userId` the request
 * names (a development server trusts its callers).
 */
export function userOf(ctx: ServerContext, c: Context<ServerEnv>, requested?: string): string | undefined {
  if (ctx.secured) {
    const principal = c.get('principal');
    if (principal === undefined) throw new AgnoError('auth_error', 'credentials are required');
    return principal.subject;
  }
  return requested ?? c.req.header('x-user-id') ?? c.req.query('userId') ?? undefined;
}

/** Whether `user` may see something owned by `owner` (on a server with auth, only its owner may). */
export function mayAccess(ctx: ServerContext, user: string | undefined, owner: string | undefined): boolean {
  if (!ctx.secured) return user === undefined || owner === undefined || owner === user;
  return owner !== undefined && owner === user;
}

/** A run in the registry that `user` may see, or a 404 (another user's run is not found either). */
export function ownRun(ctx: ServerContext, user: string | undefined, runId: string): RunEntry {
  const entry = ctx.registry.get(runId);
  if (entry === undefined || !mayAccess(ctx, user, entry.userId)) {
    throw new HttpError('not_found', `no run "${runId}"`);
  }
  return entry;
}
