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
  return out;
}

function before(fns: ((ctx: unknown) => HookDecision | Promise<HookDecision>)[]) {
  return async (ctx: unknown): Promise<HookDecision> => {
    for (const fn of fns) {
      const decision = await fn(ctx);
      if (decision && typeof decision === 'object' && 'block' in decision) return decision;
    }
    return undefined;
  };
}

function after(fns: ((ctx: unknown) => void | Promise<void>)[]) {
  return async (ctx: unknown): Promise<void> => {
    for (const fn of fns) await fn(ctx);
  };
}
