/**
 * The shapes every part of the evals shares: a dataset case, what a scorer sees and answers,
 * and the thing under evaluation.
 */
import type { RunInput, RunOptions, RunResult } from '@agno/core';

/** An expected tool call: a name, and optionally arguments matched as a deep partial. */
export interface ExpectedToolCall {
  name: string;
  /** Every key given must match (recursively); keys left out are not checked. */
  args?: unknown;
}

/** One case of a dataset. */
export interface EvalCase {
  /** A name for the case in reports (default `case-<n>`, counting from 1). */
  id?: string;
  /** What the agent is asked. */
  input: RunInput;
  /** The expected answer: text for the text scorers, a value for structured output. */
  expected?: unknown;
  /** Tools the agent should call (names, or names with partial arguments). */
  expectedTools?: (string | ExpectedToolCall)[];
  /** Free-form values (tags, sources); scorers may read them. */
  metadata?: Record<string, unknown>;
}

/** Something that can be evaluated: an `Agent`, or any object with the same `run`. */
export interface EvalTarget {
  /** Name shown in reports (an agent's name). */
  readonly name?: string;
  /** The model behind it, when known (for reports). */
  readonly model?: { readonly provider: string; readonly modelId: string };
  run(input: RunInput, options?: RunOptions<any>): Promise<RunResult<any>>;
}

/** What a scorer is given for one case. */
export interface ScoreContext {
  /** The case. */
  case: EvalCase;
  /** The run's result. */
  result: RunResult<unknown>;
  /** Cancels the scoring (the case's deadline); a judge passes it to its model. */
  signal?: AbortSignal;
}

/** A scorer's verdict on one case. */
export interface Score {
  /** Between 0 and 1. */
  score: number;
  passed: boolean;
  /** Why, in a few words (shown for failures). */
  reason?: string;
}

/** Scores a case. Throw (a typed error) when the case cannot be scored; that is not a pass. */
export interface Scorer {
  /** Name in reports: `exact`, `regex`, `judge`... */
  readonly name: string;
  score(ctx: ScoreContext): Score | Promise<Score>;
}

/** The minimum an eval must reach: a pass rate, a mean score, or both (each 0 to 1). */
export interface Threshold {
  passRate?: number;
  meanScore?: number;
}
