/**
 * Adds hooks to an existing agent: the agent's own hooks keep running, ours wrap the
 * model call as tightly as possible (our `before` runs last, our `after` first).
 * Core reads `agent.options.hooks` when a run starts, so this affects runs started later.
 */
import type { Agent, HookDecision, Hooks } from '@agno/core';

type MaybePromise<T> = T | Promise<T>;

function blocks(decision: HookDecision): boolean {
  return typeof decision === 'object' && decision !== null && 'block' in decision;
}

function chainBefore<C>(
  first: ((ctx: C) => MaybePromise<HookDecision>) | undefined,
  last: (ctx: C) => void,
  active: () => boolean,
): (ctx: C) => MaybePromise<HookDecision> {
  if (first === undefined) {
    return (ctx) => {
      if (active()) last(ctx);
      return undefined;
    };
  }
  return (ctx) => {
    const decision = first(ctx);
    if (decision instanceof Promise) {
      return decision.then((d) => {
        if (!blocks(d) && active()) last(ctx);
        return d;
      });
    }
    if (!blocks(decision) && active()) last(ctx);
    return decision;
  };
}

function chainAfter<C>(
  first: (ctx: C) => void,
  then: ((ctx: C) => MaybePromise<void>) | undefined,
  active: () => boolean,
): (ctx: C) => MaybePromise<void> {
  return (ctx) => {
    if (active()) first(ctx);
    return then === undefined ? undefined : then(ctx);
  };
}

/** Synchronous hooks an instrument adds; each is optional. */
export interface InstrumentHooks {
  beforeModelCall?: (ctx: Parameters<NonNullable<Hooks['beforeModelCall']>>[0]) => void;
  afterModelCall?: (ctx: Parameters<NonNullable<Hooks['afterModelCall']>>[0]) => void;
}

/**
 * Installs `ours` around the agent's current hooks and returns a function that removes
 * them again (restoring the agent's hooks when nothing was layered on top since).
 */
export function attachHooks(agent: Agent, ours: InstrumentHooks): () => void {
  const options = agent.options as { hooks?: Hooks };
  const inner = options.hooks;
  let on = true;
  const active = () => on;
  const composite: Hooks = {};
  if (inner?.beforeToolCall !== undefined) composite.beforeToolCall = inner.beforeToolCall.bind(inner);
  if (inner?.afterToolCall !== undefined) composite.afterToolCall = inner.afterToolCall.bind(inner);
  if (inner?.beforeModelCall !== undefined) composite.beforeModelCall = inner.beforeModelCall.bind(inner);
  if (inner?.afterModelCall !== undefined) composite.afterModelCall = inner.afterModelCall.bind(inner);
  if (ours.beforeModelCall !== undefined) {
    composite.beforeModelCall = chainBefore(composite.beforeModelCall, ours.beforeModelCall, active);
  }
  if (ours.afterModelCall !== undefined) {
    composite.afterModelCall = chainAfter(ours.afterModelCall, composite.afterModelCall, active);
  }
  options.hooks = composite;
  return () => {
    if (!on) return;
    on = false;
    if (options.hooks === composite) options.hooks = inner;
  };
}
