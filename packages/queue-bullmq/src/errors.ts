/**
 * The queue's typed error: a run that failed on a worker (or in the queue) reaches the caller
 * as a {@link QueueRunError} that keeps the remote error's stable code, name and message.
 */
import { AgnoError, type ErrorCode, errorMessage, isAgnoError } from '@agno/core';

/** What a worker writes about a failure: JSON, no stack, no secrets. */
export interface RemoteErrorInfo {
  /** Class name of the error on the worker (`ModelError`, `WorkflowError`...). */
  name: string;
  /** Core's stable code. */
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** A workflow error's `reason`, when the run was a workflow. */
  reason?: string;
  /** A workflow error's `stepPath`, when there was one. */
  stepPath?: string;
}

/** Options of a {@link QueueRunError}. */
export interface QueueRunErrorOptions {
  /** Id of the job. */
  jobId: string;
  /** Attempts the queue made. */
  attempts: number;
  /** What the worker reported, when it reported anything. */
  remote?: RemoteErrorInfo;
  cause?: unknown;
}

/**
 * A queued run failed: after its last attempt, because it was cancelled, or because the queue
 * gave up on it (a job that stalled too often). `code` is the remote error's stable code
 * (`step_failed` when the worker could not say); `remoteName`, `reason` and `stepPath` say more.
 */
export class QueueRunError extends AgnoError {
  /** Id of the job. */
  readonly jobId: string;
  /** Attempts the queue made. */
  readonly attempts: number;
  /** Class name of the error on the worker, when known. */
  readonly remoteName: string | undefined;
  /** A workflow error's `reason`, when the run was a workflow. */
  readonly reason: string | undefined;
  /** A workflow error's `stepPath`, when there was one. */
  readonly stepPath: string | undefined;

  constructor(code: ErrorCode, message: string, options: QueueRunErrorOptions) {
    super(code, message, {
      cause: options.cause,
      retryable: options.remote?.retryable ?? false,
      details: { jobId: options.jobId, attempts: options.attempts },
    });
    this.jobId = options.jobId;
    this.attempts = options.attempts;
    this.remoteName = options.remote?.name;
    this.reason = options.remote?.reason;
    this.stepPath = options.remote?.stepPath;
  }

  /** Rebuilds the error a worker reported. */
  static fromRemote(remote: RemoteErrorInfo, jobId: string, attempts: number): QueueRunError {
    return new QueueRunError(remote.code, remote.message, { jobId, attempts, remote });
  }
}

/** True when `value` is a {@link QueueRunError}, optionally of a given code. */
export function isQueueRunError(value: unknown, code?: ErrorCode): value is QueueRunError {
  return value instanceof QueueRunError && (code === undefined || value.code === code);
}

/** Describes anything thrown as {@link RemoteErrorInfo} (redacted message, no stack). */
export function describeError(error: unknown): RemoteErrorInfo {
  if (isAgnoError(error)) {
    const out: RemoteErrorInfo = {
      name: error.name,
      code: error.code,
      message: error.message,
      retryable: error.retryable,
    };
    const extra = error as { reason?: unknown; stepPath?: unknown };
    if (typeof extra.reason === 'string') out.reason = extra.reason;
    if (typeof extra.stepPath === 'string') out.stepPath = extra.stepPath;
    return out;
  }
  const name = error instanceof Error ? error.name : 'Error';
  return { name, code: 'step_failed', message: errorMessage(error), retryable: false };
}
