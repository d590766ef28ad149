/**
 * Starting and continuing runs: `POST /agents/:name/runs` (teams, workflows alike), continuing a
 * paused agent run with a decision per pending tool call (exactly once: the agent's store claims the
 * paused run), and resuming a paused team or workflow run with answers.
 */
import { type Agent, ConflictError, type PausedRun, type PausedRunStore } from '@agno/core';
import type { Hono } from 'hono';
import type { z } from 'zod';
import { bodyLimitOf, mayAccess, type ServerContext, type ServerEnv, targetOf, userOf } from '../context.js';
import { HttpError } from '../http-errors.js';
import { checkSession, recordOwner, runOwner, sessionStoreOf } from '../ownership.js';
import { jsonEntry, streamEntry, wantsSSE } from '../respond.js';
import { check, param, readBody } from '../route-book.js';
import type { RunStart } from '../run-registry.js';
import {
  AgentInputSchema,
  ContinueBodySchema,
  ResumeBodySchema,
  RunBodySchema,
  type RunOptionsSchema,
  RunResultSchema,
} from '../schemas.js';
import type { TargetKind } from '../targets.js';

const PLURAL: Record<TargetKind, string> = { agent: 'agents', team: 'teams', workflow: 'workflows' };

/** The run options of a request, with the server's deadline cap applied. */
function runOptions(
  ctx: ServerContext,
  given: z.output<typeof RunOptionsSchema> | undefined,
): Record<string, unknown> {
  const options: Record<string, unknown> = { ...given };
  const cap = ctx.options.maxRunTimeoutMs;
  if (cap !== undefined) options.timeoutMs = Math.min((given?.timeoutMs as number | undefined) ?? cap, cap);
  return options;
}

/** Starts `how` in the registry under the caller's limit, and answers as SSE or JSON. */
async function launch(
  ctx: ServerContext,
  c: import('hono').Context<ServerEnv>,
  kind: TargetKind,
  name: string,
  how: RunStart,
  meta: {
    userId: string | undefined;
    sessionId: string | undefined;
    keepRunning: boolean;
    stream: boolean | undefined;
  },
): Promise<Response> {
  const target = targetOf(ctx, kind, name);
  const sse = wantsSSE(c, meta.stream);
  const fields = c.get('logFields');
  if (fields !== undefined) {
    fields.runId = how.request.runId;
    fields.target = `${kind}:${name}`;
  }
  const caller = meta.userId ?? c.req.header('x-forwarded-for') ?? 'anonymous';
  const permit = ctx.limits === undefined ? undefined : await ctx.limits.acquire(caller, c.req.raw.signal);
  let entry: ReturnType<typeof ctx.registry.start>;
  try {
    entry = ctx.registry.start(target, how, { ...meta, quiet: !sse });
  } catch (error) {
    permit?.release();
    throw error;
  }
  if (permit !== undefined) void entry.done.then(() => permit.release());
  return sse
    ? streamEntry(ctx, c, entry, how.kind === 'resume' ? entry.log.nextId - 1 : 0)
    : jsonEntry(c, entry);
}

/** The paused run `runId` of `agent`, if `user` may continue it; 409 when nothing is pending. */
async function pausedRunFor(
  ctx: ServerContext,
  agent: Agent,
  user: string | undefined,
  runId: string,
  decisions: Record<string, unknown>,
): Promise<PausedRun> {
  const store = agent.options.store as Partial<PausedRunStore> | undefined;
  if (store?.loadPausedRun === undefined) {
    throw new HttpError('config_error', `agent "${agent.name}" has no store that keeps paused runs`, 501);
  }
  const paused = await store.loadPausedRun(runId);
  if (paused === undefined) {
    const live = ctx.registry.get(runId);
    if (live !== undefined && !mayAccess(ctx, user, live.userId))
      throw new HttpError('not_found', `no run "${runId}"`);
    throw new ConflictError(`run "${runId}" has no tool call waiting for a decision`);
  }
  if (!mayAccess(ctx, user, paused.userId) || paused.agentName !== agent.name) {
    throw new HttpError('not_found', `no run "${runId}"`);
  }
  const pending = new Set(paused.pending.map((p) => p.toolCall.id));
  for (const id of Object.keys(decisions)) {
    if (!pending.has(id))
      throw new ConflictError(`tool call "${id}" of run "${runId}" is not waiting for a decision`);
  }
  return paused;
}

/** Registers the run routes. */
export function runRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  for (const kind of ['agent', 'team', 'workflow'] as const) {
    const path = `/${PLURAL[kind]}/:name/runs`;
    ctx.routes.push({
      method: 'post',
      path,
      summary: `Run a${kind === 'agent' ? 'n' : ''} ${kind} (JSON, or server-sent events with stream: true)`,
      tags: [PLURAL[kind]],
      body: RunBodySchema,
      responses: {
        200: {
          description: 'The run result, or its events',
          schema: kind === 'agent' ? RunResultSchema : undefined,
          sse: true,
        },
      },
    });
    app.post(path, async (c) => {
      const name = param(c, 'name');
      targetOf(ctx, kind, name);
      const body = await readBody(c, RunBodySchema, bodyLimitOf(ctx));
      const input = kind === 'agent' ? check(AgentInputSchema, body.input, 'body.input') : body.input;
      const userId = userOf(ctx, c, body.userId);
      if (body.sessionId !== undefined) {
        await checkSession(ctx, sessionStoreOf(ctx, ctx.agents.get(name)), userId, body.sessionId);
      }
      const runId = globalThis.crypto.randomUUID();
      if (kind !== 'agent') await recordOwner(ctx, runId, userId);
      const fields = c.get('logFields');
      if (ctx.options.logPrompts && fields !== undefined && typeof input === 'string') fields.input = input;
      const how: RunStart = {
        kind: 'start',
        request: { runId, input, sessionId: body.sessionId, userId, options: runOptions(ctx, body.options) },
      };
      return launch(ctx, c, kind, name, how, {
        userId,
        sessionId: body.sessionId,
        keepRunning: body.keepRunning ?? false,
        stream: body.stream,
      });
    });
  }

  ctx.routes.push({
    method: 'post',
    path: '/agents/:name/runs/:runId/continue',
    summary:
      'Continue a paused agent run with a decision per pending tool call (each approval executes once)',
    tags: ['agents'],
    body: ContinueBodySchema,
    responses: { 200: { description: 'The rest of the run', schema: RunResultSchema, sse: true } },
  });
  app.post('/agents/:name/runs/:runId/continue', async (c) => {
    const name = param(c, 'name');
    const runId = param(c, 'runId');
    targetOf(ctx, 'agent', name);
    const body = await readBody(c, ContinueBodySchema, bodyLimitOf(ctx));
    const userId = userOf(ctx, c);
    const paused = await pausedRunFor(ctx, ctx.agents.get(name)!, userId, runId, body.decisions);
    const how: RunStart = {
      kind: 'resume',
      request: {
        runId,
        answers: body.decisions,
        paused,
        userId: paused.userId,
        options: runOptions(ctx, body.options),
      },
    };
    return launch(ctx, c, 'agent', name, how, {
      userId: paused.userId,
      sessionId: paused.sessionId,
      keepRunning: body.keepRunning ?? false,
      stream: body.stream,
    });
  });

  for (const kind of ['team', 'workflow'] as const) {
    const path = `/${PLURAL[kind]}/:name/runs/:runId/resume`;
    ctx.routes.push({
      method: 'post',
      path,
      summary: `Resume a paused, failed or interrupted ${kind} run with answers per pause id`,
      tags: [PLURAL[kind]],
      body: ResumeBodySchema,
      responses: { 200: { description: 'The rest of the run', sse: true } },
    });
    app.post(path, async (c) => {
      const name = param(c, 'name');
      const runId = param(c, 'runId');
      targetOf(ctx, kind, name);
      const body = await readBody(c, ResumeBodySchema, bodyLimitOf(ctx));
      const userId = userOf(ctx, c);
      const owner = await runOwner(ctx, runId);
      if ((ctx.secured && !owner.known) || (owner.known && !mayAccess(ctx, userId, owner.userId))) {
        throw new HttpError('not_found', `no run "${runId}"`);
      }
      const how: RunStart = {
        kind: 'resume',
        request: { runId, answers: body.answers, userId, options: {} },
      };
      return launch(ctx, c, kind, name, how, {
        userId,
        sessionId: undefined,
        keepRunning: body.keepRunning ?? false,
        stream: body.stream,
      });
    });
  }
}
