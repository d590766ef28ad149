/**
 * The step policy around every node: attempts with a time limit each, retries with backoff,
 * the output's schema check and early exit, and the failure policy (fail, skip, fallback).
 * The node's own work is its runner's, looked up by kind in the runner table.
 */
import { formatIssues, type StandardSchemaV1 } from '@agno/core';
import { raceSignal, type SignalScope, sleep } from '@agno/core/utils';
import { Ctx } from '../context.js';
import { errorInfo, stepError, WorkflowError } from '../errors.js';
import { isComposite, type Node } from '../nodes.js';
import {
  attemptScope,
  backoffDelay,
  cancelError,
  NEVER,
  type ResolvedRetry,
  retryOf,
  toAgnoError,
} from '../policy.js';
import type { StepResult, StepStatus } from '../records.js';
import { RUNNERS } from '../runners/table.js';
import { Exit } from '../step-types.js';
import type { Engine, Frame, Place } from './frame.js';
import { stepCompleted, stepFailed, stepPaused, stepSkipped, stepStarted } from './step-events.js';

/** What the policy needs of the engine beyond what runners get. */
export interface PolicyHost extends Engine {
  /** Marks the journal as holding steps to reuse (a composite step is retried). */
  replayGroups(): void;
}

/** Runs `node` (recorded as `rec`) at `place` on `prev` until it completes, pauses or fails for good. */
export async function runAttempts(
  host: PolicyHost,
  node: Node,
  rec: StepResult,
  place: Place,
  prev: unknown,
): Promise<StepResult> {
  const options = node.options;
  const signal = place.signal;
  const start = host.startOf(rec);
  const runner = RUNNERS[node.kind] as { run(frame: Frame): unknown };
  for (let attempt = 1; ; attempt++) {
    rec.attempts++;
    rec.status = 'running';
    if (host.observed) {
      const p = stepStarted(host, rec, attempt);
      if (p !== undefined) await p;
    }
    let limit: SignalScope | undefined;
    if (options.timeoutMs !== undefined) {
      limit = attemptScope(signal, options.timeoutMs);
    }
    // A timed attempt's steps listen to its own signal, which only they share.
    const frame = new Ctx(
      host,
      node,
      rec,
      rec.path,
      prev,
      place.scope,
      limit === undefined ? signal : limit.signal,
      place.iteration,
      attempt,
    );
    try {
      // Cancelled while the step-started event waited on a slow reader: the step does not start.
      if (frame.signal.aborted) throw frame.signal.reason;
      // Called directly: a step that returns at once costs no extra promise or race.
      let output = runner.run(frame);
      if (output instanceof Promise) {
        if (frame.signal !== NEVER) {
          output = await raceSignal(output, frame.signal);
        } else output = await output;
      }
      if ((rec.status as StepStatus) === 'paused') {
        rec.durationMs = performance.now() - start;
        host.save();
        if (rec.pause !== undefined && host.observed) {
          const p = stepPaused(host, rec);
          if (p !== undefined) await p;
        }
        return rec;
      }
      const done = finish(host, frame, output, start);
      return done instanceof Promise ? await done : done;
    } catch (error) {
      if (signal.aborted) {
        rec.status = 'cancelled';
        rec.durationMs = performance.now() - start;
        host.save();
        throw cancelError(signal);
      }
      const err = stepError(toAgnoError(error), rec.path);
      const retry = retryOf(options);
      if (attempt <= retry.max && retry.retryIf(err, attempt)) {
        await backoff(host, frame, err, retry, signal, start);
        continue;
      }
      return await failed(host, frame.derive({ signal }), err, start);
    } finally {
      limit?.dispose();
    }
  }
}

/** Reports a failed attempt that will be retried and waits out its backoff (cancelled with `signal`). */
async function backoff(
  host: PolicyHost,
  frame: Frame,
  err: WorkflowError,
  retry: ResolvedRetry,
  signal: AbortSignal,
  start: number,
): Promise<void> {
  const rec = frame.rec;
  rec.error = errorInfo(err);
  if (host.observed) {
    const p = stepFailed(host, rec, err, frame.attempt, true);
    if (p !== undefined) await p;
  }
  if (isComposite(frame.node.kind)) host.replayGroups();
  try {
    await sleep(backoffDelay(retry, frame.attempt), signal === NEVER ? undefined : signal);
  } catch {
    rec.status = 'cancelled';
    rec.durationMs = performance.now() - start;
    throw cancelError(signal);
  }
}

/**
 * Checks an attempt's output (exit marker, schema, `exitIf`) and completes the step with it;
 * synchronous unless the output has a schema to check.
 */
function finish(
  host: PolicyHost,
  frame: Frame,
  value: unknown,
  start: number,
): StepResult | Promise<StepResult> {
  let output = value;
  let exited = false;
  if (output instanceof Exit) {
    exited = true;
    output = output.output;
  }
  const schema = frame.node.options.outputSchema;
  if (schema === undefined) return conclude(host, frame, output, exited, start);
  return checked(host, frame, schema, output, exited, start);
}

async function checked(
  host: PolicyHost,
  frame: Frame,
  schema: StandardSchemaV1,
  value: unknown,
  exited: boolean,
  start: number,
): Promise<StepResult> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues !== undefined) {
    const issues = formatIssues(result.issues);
    throw new WorkflowError(
      'invalid_output',
      'output_validation_error',
      `the output of step "${frame.path}" failed its schema: ${issues.join('; ')}`,
      { stepPath: frame.path, details: { issues } },
    );
  }
  return conclude(host, frame, result.value, exited, start);
}

/** Applies `exitIf` and completes the step with `output`. */
function conclude(
  host: PolicyHost,
  frame: Frame,
  output: unknown,
  exited: boolean,
  start: number,
): StepResult | Promise<StepResult> {
  const exitIf = frame.node.options.exitIf;
  if (!exited && exitIf !== undefined) exited = exitIf(output as never, frame);
  if (exited) {
    frame.rec.exited = true;
    if (frame.scope.exit === undefined) frame.scope.exit = { output, path: frame.path };
  }
  return completed(host, frame, output, start);
}

function completed(
  host: PolicyHost,
  frame: Frame,
  output: unknown,
  start: number,
): StepResult | Promise<StepResult> {
  const rec = frame.rec;
  rec.status = 'completed';
  rec.output = output;
  rec.durationMs = performance.now() - start;
  if (rec.pause !== undefined) rec.pause = undefined;
  frame.scope.outputs[frame.node.name] = output;
  host.save();
  return host.observed ? announce(host, rec) : rec;
}

async function announce(host: PolicyHost, rec: StepResult): Promise<StepResult> {
  const p = stepCompleted(host, rec);
  if (p !== undefined) await p;
  return rec;
}

/** Applies the failure policy to a step whose last attempt failed (`frame.signal` is the parent's). */
async function failed(
  host: PolicyHost,
  frame: Frame,
  err: WorkflowError,
  start: number,
): Promise<StepResult> {
  const rec = frame.rec;
  const policy = frame.node.options.onFailure;
  rec.error = errorInfo(err);
  rec.durationMs = performance.now() - start;
  if (policy === undefined || policy === 'fail') {
    rec.status = 'failed';
    host.save();
    if (host.observed) await stepFailed(host, rec, err, frame.attempt, false);
    throw err;
  }
  if (host.observed) {
    const p = stepFailed(host, rec, err, frame.attempt, false, policy === 'skip' ? 'skip' : 'fallback');
    if (p !== undefined) await p;
  }
  if (policy === 'skip') {
    rec.status = 'skipped';
    rec.skipReason = 'failure';
    host.save();
    if (host.observed) await stepSkipped(host, rec, 'failure');
    return rec;
  }
  let output: unknown;
  try {
    output = await policy.fallback(err, frame);
  } catch (error) {
    rec.status = 'failed';
    const fallbackError = toAgnoError(error);
    const wrapped = new WorkflowError(
      'step_failed',
      fallbackError.code,
      `step "${rec.path}" failed and so did its fallback: ${fallbackError.message}`,
      { cause: fallbackError, stepPath: rec.path },
    );
    rec.error = errorInfo(wrapped);
    host.save();
    throw wrapped;
  }
  return completed(host, frame, output, start);
}
