/**
 * The workflow package's error: one class with a stable `reason` for workflow concerns, on top
 * of core's stable `code`, and the partial result of the run it ended, attached the way core
 * attaches an agent run's partial result to its error (off the error's own properties, so that
 * `util.inspect` and logs of the error never print the run's state or outputs).
 */
import { AgnoError, type AgnoErrorOptions, type ErrorCode } from '@agno/core';
import type { ErrorInfo, WorkflowErrorReason, WorkflowResult } from './records.js';

export type { WorkflowErrorReason } from './records.js';

/** Options of a {@link WorkflowError}. */
export interface WorkflowErrorOptions extends AgnoErrorOptions {
  /** Path of the step the error concerns (`outer/inner[2]/step`). */
  stepPath?: string;
}

/** The partial result of the run each error ended. */
const partials = new WeakMap<object, WorkflowResult<unknown>>();

/**
 * Every error a workflow or team throws. `code` is core's stable code (`config_error` for
 * build errors, `timeout`, `validation_error`, `aborted`...); `reason` says what happened in
 * workflow terms; `result` keeps everything the run completed before it failed.
 */
export class WorkflowError extends AgnoError {
  /** What went wrong, in workflow terms. */
  readonly reason: WorkflowErrorReason;
  /** Path of the step concerned, when there is one. */
  readonly stepPath: string | undefined;

  constructor(
    reason: WorkflowErrorReason,
    code: ErrorCode,
    message: string,
    options: WorkflowErrorOptions = {},
  ) {
    super(code, message, options);
    this.reason = reason;
    this.stepPath = options.stepPath;
  }

  /** The partial result of the failed run (absent for build errors): {@link partialWorkflowResultOf}. */
  get result(): WorkflowResult<unknown> | undefined {
    return partials.get(this);
  }

  /** A plain, JSON-safe view of the error. */
  override toJSON(): ReturnType<AgnoError['toJSON']> & { reason: WorkflowErrorReason; stepPath?: string } {
    const out: ReturnType<AgnoError['toJSON']> & { reason: WorkflowErrorReason; stepPath?: string } = {
      ...super.toJSON(),
      reason: this.reason,
    };
    if (this.stepPath !== undefined) out.stepPath = this.stepPath;
    return out;
  }
}

/**
 * The partial result of the workflow or team run that `error` ended, when there is one: the
 * workflow's counterpart of core's `partialResultOf` for agent runs.
 */
export function partialWorkflowResultOf(error: unknown): WorkflowResult<unknown> | undefined {
  return typeof error === 'object' && error !== null ? partials.get(error) : undefined;
}

/** Attaches the partial result of the run `error` ended. @internal */
export function attachPartial(error: WorkflowError, result: WorkflowResult<unknown>): void {
  partials.set(error, result);
}

/** A build-time error: the workflow's definition is wrong (code `config_error`). */
export function buildError(reason: WorkflowErrorReason, message: string): WorkflowError {
  return new WorkflowError(reason, 'config_error', message);
}

/** True when `value` is a {@link WorkflowError}, optionally with a given reason. */
export function isWorkflowError(value: unknown, reason?: WorkflowErrorReason): value is WorkflowError {
  return value instanceof WorkflowError && (reason === undefined || value.reason === reason);
}

/** A JSON view of an error. */
export function errorInfo(error: AgnoError): ErrorInfo {
  const out: ErrorInfo = { name: error.name, code: error.code, message: error.message };
  if (error instanceof WorkflowError) {
    out.reason = error.reason;
    if (error.stepPath !== undefined) out.stepPath = error.stepPath;
  }
  return out;
}

/** `error` as the failure of the step at `path` (a workflow error that names a step stays as it is). */
export function stepError(error: AgnoError, path: string): WorkflowError {
  if (error instanceof WorkflowError && error.stepPath !== undefined) return error;
  return new WorkflowError('step_failed', error.code, `step "${path}" failed: ${error.message}`, {
    cause: error,
    stepPath: path,
    retryable: error.retryable,
  });
}
