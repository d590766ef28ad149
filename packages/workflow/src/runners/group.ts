/**
 * What parallel groups and DAGs share: a cancellation scope of their own (a failing step in
 * fail-fast mode, or an early exit, cancels the running siblings), and the rule that turns
 * their steps' failures into the group's.
 */
import { AbortedError } from '@agno/core';
import type { SignalScope } from '@agno/core/utils';
import type { Frame, Place } from '../engine/frame.js';
import { errorInfo, WorkflowError } from '../errors.js';
import type { DagNode, ParallelNode } from '../nodes.js';
import { groupScope, toAgnoError } from '../policy.js';

const EXIT_REASON = new AbortedError('cancelled: a step ended the workflow early');

/** One run of a group of concurrent steps. */
export class StepGroup {
  /** The place of the group's steps: the group's path and scope, under the group's signal. */
  readonly place: Place;
  private readonly cancel: SignalScope;
  private readonly failFast: boolean;
  private failure: unknown = undefined;
  private readonly failures: unknown[] = [];

  constructor(private readonly frame: Frame<ParallelNode | DagNode>) {
    this.cancel = groupScope(frame.signal);
    this.failFast = frame.node.mode === 'fail-fast';
    this.place = {
      path: frame.path,
      scope: frame.scope,
      signal: this.cancel.signal,
      iteration: frame.iteration,
    };
  }

  /** True while the group may start more steps. */
  get open(): boolean {
    return this.failure === undefined && !this.cancel.isAborted;
  }

  /** A step ended without failing: an early exit cancels the siblings. */
  settled(): void {
    if (this.frame.scope.exit !== undefined) this.cancel.abort(EXIT_REASON);
  }

  /** A step failed: fail-fast cancels the siblings, collect-all keeps the failure for the end. */
  failed(error: unknown): void {
    if (this.frame.signal.aborted) this.failure ??= error;
    else if (this.cancel.isAborted && (this.failure !== undefined || this.frame.scope.exit !== undefined)) {
      // cancelled by this group (a sibling failed or ended the workflow)
    } else if (this.failFast) {
      this.failure = error;
      const at = error instanceof WorkflowError ? error.stepPath : undefined;
      this.cancel.abort(new AbortedError(`cancelled: step "${at ?? this.frame.path}" failed`));
    } else this.failures.push(error);
  }

  /** Ends the group: throws its failure, if any. */
  close(): void {
    this.cancel.dispose();
    if (this.failure !== undefined) throw this.failure;
    const failures = this.failures;
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      const errors = failures.map(toAgnoError);
      const first = errors[0]!;
      throw new WorkflowError(
        'step_failed',
        first.code,
        `${errors.length} steps of "${this.frame.path}" failed: ${errors.map((e) => e.message).join('; ')}`,
        { cause: first, stepPath: this.frame.path, details: { failures: errors.map(errorInfo) } },
      );
    }
  }
}
