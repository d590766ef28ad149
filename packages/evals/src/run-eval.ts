/**
 * Runs an eval: every case of the dataset through the target, with bounded concurrency and a
 * per-case deadline, scored by every scorer. A case that fails (the run, a scorer, the
 * deadline) is recorded in the report with its error, never thrown.
 */
import { ConfigError, errorMessage, isAgnoError, type RunOptions, type RunResult } from '@agno/core';
import { abortError, mapConcurrent, SignalScope } from '@agno/core/utils';
import { loadDataset } from './dataset.js';
import {
  type CaseReport,
  type EvalReport,
  meetsThreshold,
  type ScoreRecord,
  summarizeCases,
} from './report.js';
import type { EvalCase, EvalTarget, Scorer, Threshold } from './types.js';

/** An eval: what runs, on which cases, scored how, and the bar it must reach. */
export interface EvalDefinition {
  /** Name in reports and in the results history. */
  name: string;
  /** The agent (or anything with its `run`). */
  agent: EvalTarget;
  /** The cases, or a `.json` / `.jsonl` file to load them from. */
  dataset: EvalCase[] | string | URL;
  scorers: Scorer[];
  /** A pass rate (a number) or `{ passRate, meanScore }`; without one, every case must pass. */
  threshold?: number | Threshold;
  /** Cases run at once (default 4). */
  concurrency?: number;
  /** Deadline of one case (its run and its scoring), milliseconds. */
  timeoutMs?: number;
  /** Options given to every run (`outputSchema`, `maxToolRounds`...). */
  runOptions?: RunOptions<any>;
}

/** Options of {@link runEval} that a caller (the CLI, a test) may set over the definition's. */
export interface RunEvalOptions {
  concurrency?: number;
  timeoutMs?: number;
  /** Cancels the whole eval: cases not finished end with `aborted`. */
  signal?: AbortSignal;
  /** Called as each case ends (progress). */
  onCase?: (report: CaseReport) => void;
}

/** The threshold of a definition, as an object. */
export function thresholdOf(t: EvalDefinition['threshold']): Threshold | undefined {
  if (t === undefined) return undefined;
  const threshold = typeof t === 'number' ? { passRate: t } : t;
  for (const [key, v] of Object.entries(threshold)) {
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) {
      throw new ConfigError(`threshold.${key} must be a number from 0 to 1`);
    }
  }
  return threshold;
}

/** The cases of a definition (loading its file when it names one). */
export function casesOf(def: Pick<EvalDefinition, 'dataset'>): EvalCase[] {
  return Array.isArray(def.dataset) ? def.dataset : loadDataset(def.dataset);
}

/** The code and message of what a case threw (an AgnoError from another copy of core keeps its code). */
function errorOf(error: unknown): { code: string; message: string } {
  if (isAgnoError(error)) return { code: error.code, message: error.message };
  const code = (error as { code?: unknown } | undefined)?.code;
  const named = error instanceof Error && typeof code === 'string' && /^[a-z_]+$/.test(code);
  return { code: named ? (code as string) : 'internal_error', message: errorMessage(error) };
}

async function scoreAll(scorers: Scorer[], c: EvalCase, result: RunResult<unknown>, signal: AbortSignal) {
  const out: ScoreRecord[] = [];
  for (const s of scorers) out.push({ scorer: s.name, ...(await s.score({ case: c, result, signal })) });
  return out;
}

async function runCase(
  def: EvalDefinition,
  c: EvalCase,
  index: number,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<CaseReport> {
  const base = { index, id: c.id ?? `case-${index + 1}`, input: c.input, expected: c.expected };
  const scope = new SignalScope(signal, { timeoutMs, what: `eval case ${base.id}` });
  const start = performance.now();
  let result: RunResult<unknown> | undefined;
  try {
    result = await scope.race(def.agent.run(c.input, { ...def.runOptions, signal: scope.signal }));
    const scores = await scope.race(scoreAll(def.scorers, c, result, scope.signal));
    const passed = scores.every((s) => s.passed);
    const score = scores.length === 0 ? 1 : scores.reduce((sum, s) => sum + s.score, 0) / scores.length;
    return {
      ...base,
      status: passed ? 'passed' : 'failed',
      score,
      scores,
      ...ran(result),
      latencyMs: performance.now() - start,
    };
  } catch (thrown) {
    // An abort of the eval (or the deadline) ends the case with its typed error.
    const error =
      scope.isAborted && thrown === scope.signal.reason ? abortError(thrown, `eval case ${base.id}`) : thrown;
    const partial = result === undefined ? {} : ran(result);
    return {
      ...base,
      status: 'error',
      score: 0,
      scores: [],
      ...partial,
      latencyMs: performance.now() - start,
      error: errorOf(error),
    };
  } finally {
    scope.dispose();
  }
}

function ran(result: RunResult<unknown>): Pick<CaseReport, 'text' | 'output' | 'toolCalls' | 'tokens'> {
  const out: Pick<CaseReport, 'text' | 'output' | 'toolCalls' | 'tokens'> = {
    text: result.text,
    toolCalls: result.toolCalls.map((t) => ({ name: t.name, args: t.args })),
    tokens: {
      input: result.usage.inputTokens,
      output: result.usage.outputTokens,
      total: result.usage.totalTokens,
    },
  };
  if (typeof result.output !== 'string') out.output = result.output;
  return out;
}

/** Runs the eval and returns its report; throws only for a bad definition or dataset. */
export async function runEval(def: EvalDefinition, options: RunEvalOptions = {}): Promise<EvalReport> {
  if (typeof def.name !== 'string' || def.name === '') throw new ConfigError('an eval needs a name');
  if (typeof def.agent?.run !== 'function')
    throw new ConfigError(`eval "${def.name}": agent must have a run() method`);
  if (!Array.isArray(def.scorers)) throw new ConfigError(`eval "${def.name}": scorers must be an array`);
  const threshold = thresholdOf(def.threshold);
  const cases = casesOf(def);
  const date = new Date().toISOString();
  const start = performance.now();
  const concurrency = options.concurrency ?? def.concurrency ?? 4;
  const timeoutMs = options.timeoutMs ?? def.timeoutMs;
  const reports = await mapConcurrent(cases, concurrency, async (c, i) => {
    const report = await runCase(def, c, i, timeoutMs, options.signal);
    options.onCase?.(report);
    return report;
  });
  const summary = summarizeCases(reports);
  const model = def.agent.model;
  const report: EvalReport = {
    name: def.name,
    agent: def.agent.name ?? 'agent',
    date,
    durationMs: performance.now() - start,
    passed: meetsThreshold(summary, threshold),
    summary,
    cases: reports,
  };
  if (model !== undefined) report.model = `${model.provider}/${model.modelId}`;
  if (threshold !== undefined) report.threshold = threshold;
  return report;
}
