/**
 * Who owns what: sessions (their stored owner, or the user of their first run), and runs of teams
 * and workflows (recorded by the server when it starts them, in the store's documents when it has
 * them, else in a bounded in-process map). On a server with auth, something without a known owner
 * belongs to nobody and is not found.
 */
import type { Agent, PausedRunStore } from '@agno/core';
import type { ServerContext } from './context.js';
import { HttpError } from './http-errors.js';
import type { ServerStore } from './options.js';

/** The documents collection where the server records who started each team or workflow run. */
export const OWNERS_COLLECTION = 'agno_server_run_owners';

const MAX_LOCAL_OWNERS = 10_000;
const localOwners = new WeakMap<ServerContext, Map<string, string | undefined>>();

/** The store that keeps an agent's sessions (its own, else the server's). */
export function sessionStoreOf(ctx: ServerContext, agent: Agent | undefined): ServerStore | undefined {
  return (agent?.options.store as ServerStore | undefined) ?? ctx.store;
}

/** The owner of a stored session: `{ exists: false }` for a session no store knows. */
export async function sessionOwner(
  store: ServerStore | undefined,
  sessionId: string,
): Promise<{ exists: boolean; userId?: string | undefined }> {
  if (store?.getSession !== undefined) {
    const s = await store.getSession(sessionId);
    if (s !== undefined) return { exists: true, userId: s.userId };
  } else if (store?.listRuns !== undefined) {
    const runs = await store.listRuns(sessionId, { limit: 1 });
    if (runs.length > 0) return { exists: true, userId: runs[0]!.userId };
  }
  // A session whose only run is paused has no stored run yet: its paused run names the user.
  const paused = (store as Partial<PausedRunStore> | undefined)?.listPausedRuns;
  if (paused !== undefined) {
    const list = await paused.call(store, { sessionId, limit: 1 });
    if (list.length > 0) return { exists: true, userId: list[0]!.userId };
  }
  return { exists: false };
}

/** Throws a 404 unless `user` may use the session (a session nobody stored yet is free to take). */
export async function checkSession(
  ctx: ServerContext,
  store: ServerStore | undefined,
  user: string | undefined,
  sessionId: string,
): Promise<void> {
  const owner = await sessionOwner(store, sessionId);
  if (!owner.exists) return;
  const ok = ctx.secured
    ? owner.userId !== undefined && owner.userId === user
    : user === undefined || owner.userId === undefined || owner.userId === user;
  if (!ok) throw new HttpError('not_found', `no session "${sessionId}"`);
}

/** Records who started a team or workflow run. */
export async function recordOwner(
  ctx: ServerContext,
  runId: string,
  userId: string | undefined,
): Promise<void> {
  if (ctx.store?.putDocument !== undefined) {
    await ctx.store.putDocument(OWNERS_COLLECTION, runId, { userId: userId ?? null });
    return;
  }
  let map = localOwners.get(ctx);
  if (map === undefined) localOwners.set(ctx, (map = new Map()));
  map.set(runId, userId);
  if (map.size > MAX_LOCAL_OWNERS) map.delete(map.keys().next().value!);
}

/** Who started a team or workflow run: `{ known: false }` when the server never recorded it. */
export async function runOwner(
  ctx: ServerContext,
  runId: string,
): Promise<{ known: boolean; userId?: string | undefined }> {
  if (ctx.store?.getDocument !== undefined) {
    const doc = await ctx.store.getDocument<{ userId: string | null }>(OWNERS_COLLECTION, runId);
    return doc === undefined ? { known: false } : { known: true, userId: doc.userId ?? undefined };
  }
  const map = localOwners.get(ctx);
  return map?.has(runId) ? { known: true, userId: map.get(runId) } : { known: false };
}
