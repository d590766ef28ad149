/**
 * The typed report of an eval run: per case and in aggregate (pass rate, mean score, latency,
 * tokens, per scorer), and whether it met its threshold.
 */
import type { Stats } from './stats.js';
import { summarize } from './stats.js';
import type { EvalCase, Score, Threshold } from './types.js';

/** One scorer's verdict on one case. */
export interface ScoreRecord extends Score {
  scorer: string;
}

/** The outcome of one case. */
export interface CaseReport {
  /** Position in the dataset (from 0). */
  index: number;
  /** The case's id, or `case-<index + 1>`. */
  id: string;
  input: EvalCase['input'];
  expected?: unknown;
  /** `error`: the run or a scorer failed (see `error`); the case counts as not passed. */
  status: 'passed' | 'failed' | 'error';
  /** Mean of the scorers' scores (0 on error). */
  score: number;
  scores: ScoreRecord[];
  /** The run's text, when it ran. */
  text?: string;
  /** The run's structured output, when it is not the text. */
  output?: unknown;
  /** Tools the run called, in order. */
  toolCalls?: { name: string; args: unknown }[];
  /** Wall time of the run and its scoring, milliseconds. */
  latencyMs: number;
  /** Tokens of the run (the judge's not included). */
  tokens?: { input: number; output: number; total: number };
  /** Why the case could not be scored: the error's code and message. */
  error?: { code: string; message: string };
}

/** The aggregate of an eval run. */
export interface EvalSummary {
  cases: number;
  passed: number;
  failed: number;
  errored: number;
  /** Passed cases over all cases (0 to 1). */
  passRate: number;
  /** Mean case score (0 to 1). */
  meanScore: number;
  /** Case latency, milliseconds. */
  latencyMs: Stats;
  /** Tokens summed over the cases that ran. */
  tokens: { input: number; output: number; total: number };
  /** Per scorer: pass rate and mean score over the cases it scored. */
  scorers: Record<string, { passRate: number; meanScore: number }>;
}

/** An eval run's report: plain JSON. */
export interface EvalReport {
  /** The eval's name. */
  name: string;
  /** The agent's name. */
  agent: string;
  /** `provider/modelId`, when known. */
  model?: string;
  /** ISO date of the start. */
  date: string;
  durationMs: number;
  threshold?: Threshold;
  /** True when the summary meets the threshold (or, without one, every case passed). */
  passed: boolean;
  summary: EvalSummary;
  cases: CaseReport[];
}

/** Whether a summary meets a threshold; without one, every case must pass. */
export function meetsThreshold(summary: EvalSummary, threshold: Threshold | undefined): boolean {
  if (threshold === undefined) return summary.passed === summary.cases;
  if (threshold.passRate !== undefined && summary.passRate < threshold.passRate) return false;
  if (threshold.meanScore !== undefined && summary.meanScore < threshold.meanScore) return false;
  return true;
}

/** The aggregate of case reports. */
export function summarizeCases(cases: readonly CaseReport[]): EvalSummary {
  const n = cases.length;
  const tokens = { input: 0, output: 0, total: 0 };
  const scorers: Record<string, { passed: number; sum: number; n: number }> = {};
  let passed = 0;
  let errored = 0;
  let scoreSum = 0;
  for (const c of cases) {
    if (c.status === 'passed') passed++;
    if (c.status === 'error') errored++;
    scoreSum += c.score;
    if (c.tokens) {
      tokens.input += c.tokens.input;
      tokens.output += c.tokens.output;
      tokens.total += c.tokens.total;
    }
    for (const s of c.scores) {
      const acc = (scorers[s.scorer] ??= { passed: 0, sum: 0, n: 0 });
      acc.n++;
      acc.sum += s.score;
      if (s.passed) acc.passed++;
    }
  }
  const byScorer: EvalSummary['scorers'] = {};
  for (const [name, acc] of Object.entries(scorers)) {
    byScorer[name] = { passRate: acc.passed / acc.n, meanScore: acc.sum / acc.n };
  }
  return {
    cases: n,
    passed,
    failed: n - passed - errored,
    errored,
    passRate: n === 0 ? 0 : passed / n,
    meanScore: n === 0 ? 0 : scoreSum / n,
    latencyMs: summarize(cases.map((c) => c.latencyMs)),
    tokens,
    scorers: byScorer,
  };
}
