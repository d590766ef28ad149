/**
 * Composing several sets of hooks into one (the agent's own, then any added with `addHooks`).
 */
import type { HookDecision, Hooks } from './run-types.js';

type BeforeName = 'beforeModelCall' | 'beforeToolCall';
type AfterName = 'afterModelCall' | 'afterToolCall';

/** One {@link Hooks} that calls each set in order; the first before-hook to block wins. */
export function composeHooks(list: readonly Hooks[]): Hooks | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  const out: Hooks = {};
  for (const name of ['beforeModelCall', 'beforeToolCall'] as BeforeName[]) {
    const fns = list.flatMap((h) => (h[name] ? [h[name]!.bind(h)] : []));
    if (fns.length > 0) out[name] = before(fns as ((ctx: unknown) => HookDecision | Promise<HookDecision>)[]);
  }
  for (const name of ['afterModelCall', 'afterToolCall'] as AfterName[]) {
    const fns = list.flatMap((h) => (h[name] ? [h[name]!.bind(h)] : []));
    if (fns.length > 0) out[name] = after(fns as ((ctx: unknown) => void | Promise<void>)[]);
  }
  const prepares = list.flatMap((h) => (h.prepareRequest ? [h.prepareRequest.bind(h)] : []));
  if (prepares.length > 0) out.prepareRequest = prepare(prepares);
  return out;
}

type Prepare = NonNullable<Hooks['prepareRequest']>;

/** prepareRequest hooks in order, each seeing the request the one before returned. */
function prepare(fns: Prepare[]): Prepare {
  return async (ctx) => {
    let request = ctx.request;
    for (const fn of fns) request = await fn({ ...ctx, request });
    return request;
  };
}

function isBlock(decision: HookDecision): decision is { block: string } {
  return typeof decision === 'object' && decision !== null && 'block' in decision;
}

/** Before-hooks in order; synchronous as long as each hook is (no promise per call). */
function before(fns: ((ctx: unknown) => HookDecision | Promise<HookDecision>)[]) {
  const rest = async (ctx: unknown, from: number, pending: Promise<HookDecision>): Promise<HookDecision> => {
    const first = await pending;
    if (isBlock(first)) return first;
    for (let i = from; i < fns.length; i++) {
      const decision = await fns[i]!(ctx);
      if (isBlock(decision)) return decision;
    }
    return undefined;
  };
  return (ctx: unknown): HookDecision | Promise<HookDecision> => {
    for (let i = 0; i < fns.length; i++) {
      const decision = fns[i]!(ctx);
      if (decision instanceof Promise) return rest(ctx, i + 1, decision);
      if (isBlock(decision)) return decision;
    }
    return undefined;
  };
}

/** After-hooks in order; synchronous as long as each hook is. */
function after(fns: ((ctx: unknown) => void | Promise<void>)[]) {
  const rest = async (ctx: unknown, from: number, pending: Promise<void>): Promise<void> => {
    await pending;
    for (let i = from; i < fns.length; i++) await fns[i]!(ctx);
  };
  return (ctx: unknown): void | Promise<void> => {
    for (let i = 0; i < fns.length; i++) {
      const done = fns[i]!(ctx);
      if (done instanceof Promise) return rest(ctx, i + 1, done);
    }
  };
}
