/**
 * __pkg__: one tool call as an agent makes it. Run with `pnpm bench __name__` (build first).
 */
import { __fn__Toolkit } from '__pkg__';
import { bench, do_not_optimize } from 'mitata';
import type { Budgets, SuiteContext } from '../src/suite.js';

/** Targets, keyed by the full benchmark name. */
export const budgets: Budgets = {
  '__name__/greet': { maxNs: 5_000, note: 'validate + execute one call' },
};

/** Registers the benchmarks. */
export default async function register(_ctx: SuiteContext): Promise<void> {
  const [greet] = await __fn__Toolkit().tools();
  const context = { signal: new AbortController().signal } as never;
  bench('__name__/greet', async () => do_not_optimize(await greet!.execute({ name: 'Ada' }, context)));
}
