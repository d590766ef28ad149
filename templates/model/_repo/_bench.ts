/**
 * __pkg__: one agent run through the provider against a local wire-format server.
 * Build the package first (`pnpm --filter __pkg__ build`); run with `pnpm bench __name__`.
 */

import { Agent } from '@agno/core';
import { FakeOpenAIServer } from '@agno/models-openai/testing';
import { __fn__ } from '__pkg__';
import { bench, do_not_optimize } from 'mitata';
import type { Budgets, SuiteContext } from '../src/suite.js';

/** Targets, keyed by the full benchmark name. */
export const budgets: Budgets = {
  '__name__/agent-run': { maxNs: 5_000_000, note: 'agent.run of one text turn over local HTTP' },
};

/** Registers the benchmarks; returns the cleanup. */
export default async function register(_ctx: SuiteContext): Promise<() => Promise<void>> {
  const server = await FakeOpenAIServer.start();
  const agent = new Agent({ model: __fn__('bench-model', { apiKey: 'bench', baseURL: server.baseURL }) });
  bench('__name__/agent-run', async () => {
    server.reset();
    server.reply({ text: 'ok' });
    do_not_optimize(await agent.run('hi'));
  });
  return () => server.close();
}
