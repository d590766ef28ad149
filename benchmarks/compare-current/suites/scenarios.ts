/**
 * The side-by-side scenarios with the peers' newest majors (run on Node 24), the same for
 * every framework. Each framework's suite supplies the operations on its own offline mock
 * model (playing `script.ts`); this module checks each scenario once — the answer, the model
 * calls and the tool calls — and registers `compare-current/<framework>/<scenario>`. A scenario
 * that answers wrongly, miscounts or throws gets no figure: its row carries the reason. What
 * each scenario is: `SCENARIOS` in `../../src/scenarios.ts` (the dashboard shows the same text).
 */
import { fileURLToPath } from 'node:url';
import { bench, do_not_optimize } from 'mitata';
import { importScript } from '../../src/imports.js';
import type { ScenarioName } from '../../src/scenarios.js';
import { figure, heapPerObject, inFreshProcesses, median, type SuiteContext } from '../../src/suite.js';
import {
  CONCURRENT_RUNS,
  modelCalls,
  ROUNDS_ANSWER,
  STREAM_ANSWER,
  STREAM_DELTAS,
  TEXT_ANSWER,
  TOOL_ANSWER,
  toolCalls,
} from './script.js';

/** Warm-up per scenario before timing: this many runs, or this long, whichever ends first. */
const WARM_UP_RUNS = 2_000;
const WARM_UP_MS = 400;

/** What a framework's suite supplies. */
export interface CurrentScenarios {
  /** A new agent with name, instructions, the mock model and the `add` tool. */
  construct: () => unknown;
  /** A run on TEXT_QUESTION; resolves to the final text. */
  textRun: () => Promise<string>;
  /** A run whose model calls `add` once on TOOL_QUESTION; resolves to the final text. */
  toolRun: () => Promise<string>;
  /** A run whose model calls `add` in three rounds on ROUNDS_QUESTION; resolves to the final text. */
  threeRounds: () => Promise<string>;
  /** A streamed run on STREAM_QUESTION, read to the end: the text and the number of text deltas read. */
  stream: () => Promise<{ text: string; deltas: number }>;
  /** The module specifiers the suite imports from the framework (timed in a fresh process). */
  imports: string[];
  /** The folder the imports resolve from (default: this package's). */
  cwd?: string;
  /** Scenarios the framework cannot run here, with the reason (their rows fail with it). */
  unsupported?: Partial<Record<ScenarioName, string>>;
}

/** Reads a stream of text deltas to the end: the text and the number of deltas (empty ones left out). */
export async function readText(deltas: AsyncIterable<string>): Promise<{ text: string; deltas: number }> {
  let text = '';
  let count = 0;
  for await (const delta of deltas) {
    if (delta === '') continue;
    text += delta;
    count++;
  }
  return { text, deltas: count };
}

/** What one check expects: the answer, and the model and tool calls it takes. */
interface Expected {
  answer: string;
  model: number;
  tools: number;
}

async function problemOf(run: () => Promise<string[]>, expected: Expected): Promise<string | undefined> {
  const model = modelCalls.count;
  const tools = toolCalls.count;
  let answers: string[];
  try {
    answers = await run();
  } catch (error) {
    return `threw: ${(error as Error).message ?? String(error)}`.slice(0, 300);
  }
  const wrong = answers.find((a) => a !== expected.answer);
  if (wrong !== undefined)
    return `answered ${JSON.stringify(wrong.slice(0, 80))}, not ${JSON.stringify(expected.answer.slice(0, 80))}`;
  const m = modelCalls.count - model;
  const t = toolCalls.count - tools;
  if (m !== expected.model) return `made ${m} model calls, not ${expected.model}`;
  if (t !== expected.tools) return `made ${t} tool calls, not ${expected.tools}`;
  return undefined;
}

/** Checks every scenario once, then registers the benchmarks and figures (a failed check registers its reason). */
export async function registerCurrentScenarios(
  framework: string,
  s: CurrentScenarios,
  ctx: SuiteContext,
): Promise<void> {
  const name = (scenario: ScenarioName) => `compare-current/${framework}/${scenario}`;
  const fail = (scenario: ScenarioName, reason: string) =>
    figure(name(scenario), () => {
      throw new Error(`${framework} ${scenario}: ${reason}`);
    });
  const n = CONCURRENT_RUNS;
  let streamDeltas = 0;
  const checks: [ScenarioName, () => Promise<string[]>, Expected][] = [
    ['text-run', async () => [await s.textRun()], { answer: TEXT_ANSWER, model: 1, tools: 0 }],
    ['tool-run', async () => [await s.toolRun()], { answer: TOOL_ANSWER, model: 2, tools: 1 }],
    ['tool-3-rounds', async () => [await s.threeRounds()], { answer: ROUNDS_ANSWER, model: 4, tools: 3 }],
    [
      'tool-run-x50',
      () => Promise.all(Array.from({ length: n }, () => s.toolRun())),
      { answer: TOOL_ANSWER, model: 2 * n, tools: n },
    ],
    [
      'stream-200-deltas',
      async () => {
        const r = await s.stream();
        streamDeltas = r.deltas;
        return [r.text];
      },
      { answer: STREAM_ANSWER, model: 1, tools: 0 },
    ],
  ];
  const ok = new Set<ScenarioName>();
  for (const [scenario, run, expected] of checks) {
    const reason = s.unsupported?.[scenario] ?? (await problemOf(run, expected));
    if (scenario === 'stream-200-deltas' && reason === undefined && streamDeltas !== STREAM_DELTAS) {
      fail(scenario, `read ${streamDeltas} text deltas, not ${STREAM_DELTAS}`);
    } else if (reason !== undefined) fail(scenario, reason);
    else ok.add(scenario);
  }

  // The same warm-up for every framework, so that the timed code is optimised code.
  const warm: Record<string, () => Promise<unknown>> = {
    'text-run': s.textRun,
    'tool-run': s.toolRun,
    'tool-3-rounds': s.threeRounds,
    'stream-200-deltas': s.stream,
  };
  for (const [scenario, op] of Object.entries(warm)) {
    if (!ok.has(scenario as ScenarioName)) continue;
    const until = performance.now() + WARM_UP_MS;
    for (let i = 0; i < WARM_UP_RUNS && performance.now() < until; i++) await op();
  }

  if (s.unsupported?.construct !== undefined) fail('construct', s.unsupported.construct);
  else bench(name('construct'), () => do_not_optimize(s.construct()));
  if (ok.has('text-run')) bench(name('text-run'), async () => do_not_optimize(await s.textRun()));
  if (ok.has('tool-run')) bench(name('tool-run'), async () => do_not_optimize(await s.toolRun()));
  if (ok.has('tool-3-rounds'))
    bench(name('tool-3-rounds'), async () => do_not_optimize(await s.threeRounds()));
  if (ok.has('tool-run-x50'))
    bench(name('tool-run-x50'), async () => {
      const runs: Promise<string>[] = [];
      for (let i = 0; i < n; i++) runs.push(s.toolRun());
      do_not_optimize(await Promise.all(runs));
    });
  if (ok.has('stream-200-deltas'))
    bench(name('stream-200-deltas'), async () => do_not_optimize(await s.stream()));

  figure(name('agent-retained'), () =>
    heapPerObject(s.construct, {
      count: ctx.mode === 'full' ? 10_000 : 2_000,
      rounds: ctx.mode === 'full' ? 5 : 3,
    }),
  );
  const runs = ctx.mode === 'full' ? 11 : 5;
  let measured: Promise<{ ns: number; heap: number }[]> | undefined;
  const imports = () =>
    (measured ??= inFreshProcesses<{ ns: number; heap: number }>(importScript(s.imports, ['zod']), {
      runs,
      cwd: s.cwd ?? fileURLToPath(new URL('..', import.meta.url)),
    }));
  const note = `${s.imports.join(', ')} after zod; median of ${runs} fresh processes`;
  figure(name('import-time'), async () => {
    const samples = (await imports()).map((r) => r.ns);
    return { value: median(samples), unit: 'ns', samples, note };
  });
  figure(name('import-heap'), async () => {
    const samples = (await imports()).map((r) => r.heap);
    return { value: median(samples), unit: 'bytes', samples, note };
  });
}
