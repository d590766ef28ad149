/**
 * The public shapes of a step: the step itself, its options and policies, and the context it
 * receives.
 */
import type { Agent, AgnoError, RunInput, RunOptions, RunResult, StandardSchemaV1 } from '@agno/core';
import type { WorkflowError } from './errors.js';
import type { StepKind } from './records.js';

/** A step of a workflow. Build one with `step()`, `agentStep()`, `parallel()`... */
export interface Step<O = unknown> {
  /** What the step is. */
  readonly kind: StepKind;
  /** Unique within its workflow; the last segment of the step's path. */
  readonly name: string;
  /** Timeout, retries, failure policy, output schema. */
  readonly options: StepOptions<O>;
  /** Type-only marker of the step's output; never set. */
  readonly __output?: O;
}

/** The output type of a step. */
export type OutputOf<S> = S extends Step<infer O> ? O : unknown;

/** Retries of a failed step, with exponential backoff. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `max: 2` means up to 3 attempts). */
  max: number;
  /** Wait before the first retry, in ms. Default 100. */
  backoffMs?: number;
  /** Each further wait is multiplied by this. Default 2. */
  factor?: number;
  /** Upper bound of one wait, in ms. Default 30 000. */
  maxBackoffMs?: number;
  /** Randomise each wait between half and all of it. Default false. */
  jitter?: boolean;
  /** Whether an error is worth retrying. Default: all but cancellations and build errors. */
  retryIf?: (error: AgnoError, attempt: number) => boolean;
}

/** What happens when a step fails (after its retries). */
export type FailurePolicy<O = unknown> =
  | 'fail'
  | 'skip'
  | {
      /** Computes the step's output from the error (its `cause` is what the step threw). */
      fallback(error: WorkflowError, ctx: StepContext): O | Promise<O>;
    };

/** Options every step accepts. */
export interface StepOptions<O = unknown> {
  /** What the step does (routers show it to the agent that picks). */
  description?: string;
  /** Each attempt is abandoned (its signal aborted) after this many ms, with a `timeout` error. */
  timeoutMs?: number;
  /** Retries after a failure: a number of retries with default backoff, or a policy. */
  retries?: number | RetryPolicy;
  /** `fail` (default) ends the workflow; `skip` records the step as skipped; `fallback` computes an output. */
  onFailure?: FailurePolicy<O>;
  /** Validates (and may transform) the output; a failure is an `invalid_output` error. */
  outputSchema?: StandardSchemaV1<unknown, O>;
  /** When it returns true for the output, the step ends its workflow with that output. */
  exitIf?(output: O, ctx: StepContext): boolean;
}

/** A request for a person's input, made by a function step with `ctx.askForInput()`. */
export interface InputRequest<T = unknown> {
  /** What to ask. */
  prompt: string;
  /** Validates the answer; an invalid answer pauses again with the issues. */
  schema?: StandardSchemaV1<unknown, T>;
  /** JSON data to show with the question. */
  data?: unknown;
}

/** A value returned by `ctx.exit(output)`: the step ends its workflow with `output`. */
export class Exit<T = unknown> {
  constructor(
    /** The output the workflow ends with. */
    readonly output: T,
  ) {}
}

/** The output type of a step function (with `ctx.exit()` values unwrapped). */
export type Unexit<O> = O extends Exit<infer T> ? T : O;

/** What every step (and every predicate or chooser) receives. */
export interface StepContext<I = unknown, S extends Record<string, unknown> = Record<string, unknown>> {
  /** The input of the workflow this step belongs to. */
  readonly input: I;
  /** The output of the step before this one (see the README for each combinator). */
  readonly previous: unknown;
  /** Outputs of this workflow's completed steps, by name (the latest iteration's in loops). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The output of a completed step of this workflow; throws `unknown_step` when it has none. */
  output<T>(step: Step<T>): T;
  output<T = unknown>(name: string): T;
  /** Shared state of the whole run (nested workflows included); keep it JSON for stores and resumes. */
  readonly state: S;
  /** Aborted when the run is cancelled, the step times out, or a sibling fails in a fail-fast group. */
  readonly signal: AbortSignal;
  /** Id of the workflow run. */
  readonly runId: string;
  /** Path of the step within the run, e.g. `review/drafts/loop[2]/edit`. */
  readonly path: string;
  /** Name of the step. */
  readonly name: string;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
  /** The 1-based iteration of the innermost loop around this step, if any. */
  readonly iteration: number | undefined;
  /**
   * Pauses the workflow until a person answers; on resume the step runs again from its start
   * and this call returns the answer. Several calls in one step are answered in order.
   */
  askForInput<T = unknown>(request: InputRequest<T>): Promise<T>;
  /** Returns a value that ends the workflow with `output`: `return ctx.exit(output)`. */
  exit<T>(output: T): Exit<T>;
  /**
   * Runs `agent` as a sub-step of this step, recorded in the run's steps at
   * `<path>/<agent name>[n]` (n counts that agent's sub-steps here from 1): its events are
   * streamed as `agent-event`s, its usage counts in the run's, and it runs under this step's
   * signal unless `options.signal` is given. A sub-step cannot pause: an agent that stops for
   * tool confirmation fails it (`invalid_option`, code `config_error`).
   */
  runAgent<T = string>(agent: Agent, input: RunInput, options?: RunOptions<T>): Promise<RunResult<T>>;
}

/** A plain async function step. */
export type StepFunction<O = unknown, I = any, S extends Record<string, unknown> = any> = (
  ctx: StepContext<I, S>,
) => O | Promise<O>;
