/**
 * Fixture results for the browser tests: a history of a few packages and runs, evals, budgets,
 * and (for the new sections) the side-by-side with the newest majors, bundles, cold start,
 * serving and knowledge figures, and a run on another Node version.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BudgetsFile, HistoryEntry, RunResultFile } from '@agno/benchmarks/schema';
import { entry, history, writeHistories } from './browser-harness.ts';
import type { QualityHistoryFile } from './quality.ts';

/** Writes `latest.json`: the run of `e` (a full run on the fixture machine) with `benchmarks`. */
function writeLatest(dir: string, e: HistoryEntry, benchmarks: RunResultFile['benchmarks']): void {
  const latest: RunResultFile = {
    schema: 'agno-bench-result',
    version: 1,
    id: e.id,
    date: e.date,
    mode: 'full',
    rounds: 3,
    git: { commit: e.commit, dirty: false },
    env: { node: 'v20.20.2', cpu: 'Fixture CPU', cores: 2, platform: 'linux-x64', memoryBytes: 1 },
    suites: [],
    benchmarks,
    comparison: [],
  };
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(latest));
}

/** A results folder: core with three full runs and one short run, tools, and a side-by-side run. */
export function goodResults(dir: string): void {
  const core = history('core', [
    entry(0, 'full', {
      'core/run-text': { u: 'ns', v: 2400, p25: 2300, p75: 2500, p99: 4000, a: 5000 },
      'core/agent-new/retained': { u: 'bytes', v: 96, r: [95, 96, 97] },
    }),
    entry(10, 'full', {
      'core/run-text': { u: 'ns', v: 2200, p25: 2150, p75: 2300, p99: 3900, a: 4800 },
      'core/agent-new/retained': { u: 'bytes', v: 112, r: [111, 112, 113] },
    }),
    entry(20, 'short', { 'core/run-text': { u: 'ns', v: 9999, p75: 10_500, a: 5100 } }),
    entry(30, 'full', {
      'core/run-text': { u: 'ns', v: 2000, p25: 1950, p75: 2100, p99: 3500, a: 4700 },
      'core/agent-new/retained': { u: 'bytes', v: 120, r: [119, 120, 121] },
    }),
  ]);
  const tools = history('tools', [
    entry(30, 'full', { 'tools/dispatch': { u: 'ns', v: 250, p75: 260, p99: 400, a: 300 } }),
  ]);
  const compare = history('compare', [
    {
      ...entry(30, 'full', {
        'compare/agno/text-run': { u: 'ns', v: 2000 },
        'compare/ai-sdk/text-run': { u: 'ns', v: 314_000 },
        'compare/agno/construct': { u: 'ns', v: 6 },
        'compare/ai-sdk/construct': { u: 'ns', v: 12 },
      }),
      frameworks: { agno: '0.1.0', 'ai-sdk': '6.0.325' },
    },
  ]);
  const queue = history('queue-bullmq', [
    entry(30, 'full', {
      'queue-bullmq/runs-per-s/1-worker': { u: 'ops/s', v: 18 },
      'queue-bullmq/runs-per-s/2-workers': { u: 'ops/s', v: 34 },
      'queue-bullmq/runs-per-s/4-workers': { u: 'ops/s', v: 53 },
    }),
  ]);
  writeHistories(dir, [core, tools, compare, queue]);
  mkdirSync(join(dir, 'evals'), { recursive: true });
  const run = (minute: number, agent: string, passed: number, met: boolean) => ({
    ...entry(minute, 'full', {}),
    agent,
    model: 'mock/scripted',
    cases: 4,
    passed,
    errored: 4 - passed > 1 ? 1 : 0,
    passRate: passed / 4,
    meanScore: passed / 4,
    threshold: { passRate: 0.75 },
    met,
    latencyMs: { mean: 3, median: 2.5, p95: 7.25 },
    tokens: { input: 80, output: 20, total: 100 },
    scorers: {},
  });
  const smoke: QualityHistoryFile = {
    schema: 'agno-eval-history',
    version: 1,
    eval: 'smoke',
    entries: [run(0, 'calculator', 2, false), run(30, 'calculator', 4, true), run(30, 'poet', 2, false)],
  };
  writeFileSync(join(dir, 'evals', 'smoke.json'), JSON.stringify(smoke));
  writeLatest(dir, core.entries[3]!, []);
  const budgets: BudgetsFile = {
    schema: 'agno-bench-budgets',
    version: 1,
    packages: {
      core: { 'core/run-text': { maxNs: 3000 }, 'core/agent-new/retained': { maxBytes: 100 } },
      tools: { 'tools/dispatch': { maxNs: 300 } },
    },
  };
  writeFileSync(join(dir, 'budgets.json'), JSON.stringify(budgets));
}

/**
 * The fixture of the new sections: `goodResults`, then core with a run on Node 24 (its figures
 * over their floors), the side-by-side with the newest majors (a failed row in the latest run),
 * bundles and cold start (one run each), serving and knowledge figures, and their budgets.
 */
export function newSectionsResults(dir: string): void {
  goodResults(dir);
  const tight = (v: number) => ({ u: 'ns' as const, v, p25: v * 0.99, p75: v * 1.01 });
  const core = (run: number, newAgent: number) => ({
    'core/run-text': tight(run),
    'core/floor/run-text': tight(1000),
    'core/run-text/x-floor': { u: 'x' as const, v: run / 1000 },
    'core/agent-new': tight(newAgent),
    'core/stream-200-deltas': tight(25_000),
    'core/floor/stream-200-deltas': tight(12_500),
    'core/stream-200-deltas/x-floor': { u: 'x' as const, v: 2 },
    'core/stream-200-deltas/x-relay': { u: 'x' as const, v: 1.25 },
  });
  const v24 = { node: 'v24.22.3' };
  const current = entry(
    35,
    'full',
    {
      'compare-current/agno/text-run': { u: 'ns', v: 11_000 },
      'compare-current/ai-sdk/text-run': { u: 'ns', v: 251_000 },
      'compare-current/voltagent/text-run': { u: 'ns', v: 25_300_000 },
      'compare-current/agno/construct': { u: 'ns', v: 18 },
      'compare-current/ai-sdk/construct': { u: 'ns', v: 636 },
    },
    { ...v24, frameworks: { agno: '0.1.0', 'ai-sdk': '7.0.185', mastra: '1.71.0', voltagent: '2.10.0' } },
  );
  writeHistories(dir, [
    history('core', [
      entry(0, 'full', core(2400, 10)),
      entry(30, 'full', core(2000, 10)),
      entry(40, 'full', core(1500, 20), v24),
    ]),
    history('compare-current', [current]),
    history('bundles', [
      entry(36, 'full', {
        'bundles/core/minified': { u: 'bytes', v: 64_200 },
        'bundles/core/gzip': { u: 'bytes', v: 20_600 },
        'bundles/models-openai/minified': { u: 'bytes', v: 171_000 },
        'bundles/models-openai/gzip': { u: 'bytes', v: 42_000 },
        'bundles/models-openai/client-minified': { u: 'bytes', v: 154_000 },
        'bundles/models-openai/over-client': { u: 'bytes', v: 17_000 },
        'bundles/app/minified': { u: 'bytes', v: 270_000 },
        'bundles/app/gzip': { u: 'bytes', v: 73_000 },
      }),
    ]),
    history('imports', [
      entry(37, 'full', {
        'imports/app/time': { u: 'ns', v: 120e6 },
        'imports/app/heap': { u: 'bytes', v: 2.6e6 },
      }),
    ]),
    history('server', [entry(38, 'full', { 'server/sse/events-per-second': { u: 'ops/s', v: 250_000 } })]),
    history('knowledge', [entry(39, 'full', { 'knowledge/search-1000/p50': { u: 'ns', v: 80_000 } })]),
  ]);
  writeLatest(dir, current, [
    {
      name: 'compare-current/mastra/text-run',
      package: 'compare-current',
      suite: 'compare-current/mastra',
      kind: 'figure',
      unit: 'ns',
      value: null,
      error: 'mastra text-run: answered "", not "Hello there."',
    },
  ]);
  const budgets: BudgetsFile = {
    schema: 'agno-bench-budgets',
    version: 1,
    packages: {
      core: {
        'core/run-text': { maxNs: 3000 },
        'core/agent-new': { maxNs: 15 },
        'core/run-text/x-floor': { max: 4 },
      },
      tools: { 'tools/dispatch': { maxNs: 300 } },
      bundles: {
        'bundles/core/minified': { maxBytes: 30 * 1024 },
        'bundles/models-openai/over-client': { maxBytes: 30 * 1024 },
      },
      server: { 'server/sse/events-per-second': { min: 200_000 } },
    },
  };
  writeFileSync(join(dir, 'budgets.json'), JSON.stringify(budgets));
}
