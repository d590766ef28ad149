/**
 * The workflow package's error: one class with a stable `reason` for workflow concerns,
 * on top of core's stable `code`, and the partial result of the run it ended.
 */
import { AgnoError, type AgnoErrorOptions, type ErrorCode } from '@agno/core';
import type { WorkflowResult } from './types.js';

/**
 * Why a workflow failed, stable like core's codes:
 * - build time: `empty_workflow`, `duplicate_step`, `missing_dependency`, `cycle`, `invalid_name`, `invalid_option`
 * - run time: `step_failed`, `invalid_output`, `invalid_input`, `unknown_step`, `max_iterations`, `cancelled`,
 *   `invalid_resume`, `run_not_found`, `store_failed`, `not_serialisable`
 * - `resume_conflict` (code `conflict`): another resume already took this stop of the run
 */
export type WorkflowErrorReason =
  | 'empty_workflow'
  | 'duplicate_step'
  | 'missing_dependency'
  | 'cycle'
  | 'invalid_name'
  | 'invalid_option'
  | 'step_failed'
  | 'invalid_output'
  | 'invalid_input'
  | 'unknown_step'
  | 'max_iterations'
  | 'cancelled'
  | 'invalid_resume'
  | 'resume_conflict'
  | 'run_not_found'
  | 'store_failed'
  | 'not_serialisable';

/** Options of a {@link WorkflowError}. */
export interface WorkflowErrorOptions extends AgnoErrorOptions {
  /** Path of the step the error concerns (`outer/inner[2]/step`). */
  stepPath?: string;
}

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
  /** The partial result of the failed run (absent for build errors). */
  result: WorkflowResult<unknown> | undefined = undefined;

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

/** A build-time error: the workflow's definition is wrong (code `config_error`). */
export function buildError(reason: WorkflowErrorReason, message: string): WorkflowError {
  return new WorkflowError(reason, 'config_error', message);
}

/** True when `value` is a {@link WorkflowError}, optionally with a given reason. */
export function isWorkflowError(value: unknown, reason?: WorkflowErrorReason): value is WorkflowError {
  return value instanceof WorkflowError && (reason === undefined || value.reason === reason);
}
