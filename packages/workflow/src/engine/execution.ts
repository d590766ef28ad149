/**
 * One workflow run: walks the step tree, hands each node to the step policy (which runs it with
 * its kind's runner), records every step in a journal, and emits events. On resume the journal
 * is replayed: completed steps are reused, decisions (conditions, routers, loops) are taken
 * again as before, and paused steps continue with their answers.
 */
import type { Channel, EventBus } from '@agno/core';
import { SignalScope } from '@agno/core/utils';
import { attachPartial, errorInfo, WorkflowError } from '../errors.js';
import type { WorkflowEvent } from '../events.js';
import { isComposite, join, type Node, type WorkflowLike } from '../nodes.js';
import type { RunSaver } from '../persistence.js';
import { cancelError, NEVER, toAgnoError } from '../policy.js';
import type { ErrorInfo, RunStatus, StepResult, WorkflowResult, WorkflowRunSnapshot } from '../records.js';
import { type PolicyHost, runAttempts } from './attempts.js';
import type { Place, Scope } from './frame.js';
import { type RunView, resultOf, snapshotOf } from './report.js';
import { stepPaused, stepSkipped } from './step-events.js';

/** Options of an {@link Execution}. */
export interface ExecutionOptions {
  runId: string;
  workflow: WorkflowLike;
  input: unknown;
  state: Record<string, unknown>;
  signal: AbortSignal | undefined;
  sink: Channel<WorkflowEvent> | undefined;
  bus: EventBus<WorkflowEvent> | undefined;
}

/** The run engine. */
export class Execution implements PolicyHost, RunView {
  readonly runId: string;
  readonly workflow: WorkflowLike;
  readonly input: unknown;
  state: Record<string, unknown>;
  /** Every step of the run by path, in the order they first started. */
  journal = new Map<string, StepResult>();
  /** Decisions of conditions, routers and loops by path. */
  decisions: Record<string, unknown> = {};
  /** True when the journal may hold steps to reuse (a resume, or a retried group). */
  replaying = false;
  /** Answers to pauses, by pause id, while resuming. */
  answers: Map<string, unknown> | undefined = undefined;
  readonly sink: Channel<WorkflowEvent> | undefined;
  readonly bus: EventBus<WorkflowEvent> | undefined;
  /** True when events are worth building. */
  readonly observed: boolean;
  readonly signal: AbortSignal;
  /** The run's own cancellation (a stream's consumer may stop it). */
  private readonly cancellation: SignalScope | undefined;
  /** True when the cancellation scope follows the caller's signal. */
  private readonly linked: boolean;
  saver: RunSaver | undefined = undefined;
  status: RunStatus = 'running';
  createdAt: number;
  output: unknown = undefined;
  error: ErrorInfo | undefined = undefined;
  readonly top: Scope;
  private readonly t0 = performance.now();
  private readonly epoch0 = Date.now();
  private readonly root: StepResult;
  private id: string | undefined = undefined;

  constructor(options: ExecutionOptions) {
    this.runId = options.runId;
    this.workflow = options.workflow;
    this.input = options.input;
    this.state = options.state;
    this.sink = options.sink;
    this.bus = options.bus;
    this.observed = this.sink !== undefined || (this.bus !== undefined && this.bus.size > 0);
    this.createdAt = this.epoch0;
    this.linked = options.signal !== undefined;
    if (this.sink !== undefined) {
      this.cancellation = new SignalScope(options.signal);
      this.signal = this.cancellation.signal;
    } else {
      this.cancellation = undefined;
      this.signal = options.signal ?? NEVER;
    }
    this.top = { input: options.input, outputs: {}, exit: undefined };
    this.root = this.open(undefined, '', '');
  }

  /** Id of this execution, fresh for each run and each resume (made when first needed). */
  get executionId(): string {
    return (this.id ??= globalThis.crypto.randomUUID());
  }

  /** Cancels the run (a stream's consumer stopped reading). */
  cancel(reason: unknown): void {
    this.cancellation?.abort(reason);
  }

  /** Loads a stored run into the journal so that `start()` replays it. */
  restore(snapshot: WorkflowRunSnapshot, answers: Map<string, unknown> | undefined): void {
    this.journal = new Map();
    for (const s of snapshot.steps) this.journal.set(s.path, s);
    this.decisions = snapshot.decisions;
    this.createdAt = snapshot.createdAt;
    this.replaying = true;
    this.answers = answers;
  }

  /** Delivers an event to the stream and the workflow's bus. */
  emit(event: WorkflowEvent): Promise<void> | undefined {
    const bus = this.bus;
    if (bus !== undefined && bus.size > 0) bus.emit(event);
    return this.sink?.push(event);
  }

  /** Asks for the run to be stored (coalesced). */
  save(): void {
    this.saver?.schedule();
  }

  /** The run as JSON-ready data (shares objects with the journal: serialise before keeping). */
  snapshot(): WorkflowRunSnapshot {
    return snapshotOf(this);
  }

  /** Runs (or resumes) the workflow to its end or its pause. */
  start(): Promise<WorkflowResult<unknown>> {
    const cancellation = this.cancellation;
    // only a scope linked to the caller's signal has something to undo
    if (cancellation === undefined || !this.linked) return this.startRun();
    return this.startRun().finally(() => cancellation.dispose());
  }

  private async startRun(): Promise<WorkflowResult<unknown>> {
    if (this.observed) {
      const p = this.emit({
        type: 'workflow-started',
        runId: this.runId,
        workflow: this.workflow.name,
        resumed: this.replaying,
      });
      if (p !== undefined) await p;
    }
    this.save();
    let result: WorkflowResult<unknown>;
    try {
      const top: Place = {
        path: '',
        scope: this.top,
        signal: this.signal,
        iteration: undefined,
      };
      const output = await this.runSteps(this.workflow.root.steps, top, undefined, this.root);
      if (this.root.status === 'paused') this.status = 'paused';
      else {
        this.status = 'completed';
        this.output = output;
      }
      result = resultOf(this, performance.now() - this.t0);
      if (this.saver !== undefined) await this.saver.flush();
    } catch (error) {
      throw await this.fail(error);
    }
    if (this.observed) {
      const p =
        this.status === 'paused'
          ? this.emit({ type: 'workflow-paused', runId: this.runId, pauses: result.pauses, result })
          : this.emit({ type: 'workflow-completed', runId: this.runId, result });
      if (p !== undefined) await p;
    }
    return result;
  }

  /** Turns what ended the run into its error, with the run's partial result attached. */
  private async fail(error: unknown): Promise<WorkflowError> {
    const err = this.finalError(error);
    this.status = err.reason === 'cancelled' ? 'cancelled' : 'failed';
    this.error = errorInfo(err);
    const partial = resultOf(this, performance.now() - this.t0);
    attachPartial(err, partial);
    if (this.saver !== undefined) {
      try {
        await this.saver.flush();
      } catch {
        // the run's own error matters more than the store's
      }
    }
    if (this.observed) {
      await this.emit({ type: 'workflow-error', runId: this.runId, error: err, partial })?.catch(() => {});
    }
    return err;
  }

  private finalError(error: unknown): WorkflowError {
    if (this.signal.aborted) {
      const reason = cancelError(this.signal);
      return new WorkflowError(
        'cancelled',
        reason.code,
        `the workflow run was cancelled: ${reason.message}`,
        {
          cause: reason,
        },
      );
    }
    if (error instanceof WorkflowError) return error;
    const err = toAgnoError(error);
    return new WorkflowError('step_failed', err.code, err.message, { cause: err });
  }

  /** {@inheritDoc Engine.open} */
  open(node: Node | undefined, path: string, name: string): StepResult {
    const rec: StepResult = {
      path,
      name,
      kind: node === undefined ? 'sequence' : node.kind,
      status: 'running',
      output: undefined,
      attempts: 0,
      startedAt: this.epoch0 + (performance.now() - this.t0),
      durationMs: 0,
    };
    if (path !== '') this.journal.set(path, rec);
    return rec;
  }

  /** {@inheritDoc Engine.step} */
  step(path: string): StepResult | undefined {
    return this.journal.get(path);
  }

  /** {@inheritDoc Engine.startOf} */
  startOf(rec: StepResult): number {
    // the perf-clock time of rec.startedAt, without reading the clock again
    return rec.startedAt - this.epoch0 + this.t0;
  }

  /** {@inheritDoc PolicyHost.replayGroups} */
  replayGroups(): void {
    this.replaying = true;
  }

  /** {@inheritDoc Engine.skip} */
  async skip(node: Node, place: Place, reason: 'condition' | 'router'): Promise<void> {
    const rec = this.open(node, join(place.path, node.name), node.name);
    rec.status = 'skipped';
    rec.skipReason = reason;
    if (this.observed) await stepSkipped(this, rec, reason);
  }

  /** {@inheritDoc Engine.exec} */
  exec(node: Node, place: Place, prev: unknown): Promise<StepResult> {
    const signal = place.signal;
    if (signal.aborted) return Promise.reject(cancelError(signal));
    const path = join(place.path, node.name);
    let rec: StepResult | undefined;
    if (this.replaying) {
      const old = this.journal.get(path);
      if (old !== undefined) {
        const status = old.status;
        if (status === 'skipped' || (status === 'completed' && !isComposite(node.kind))) {
          return this.reuse(old, place.scope);
        }
        if (status === 'paused' && old.pause !== undefined) {
          const answers = this.answers;
          if (answers === undefined || !answers.has(path)) return this.stillPaused(old);
          if (old.pause.kind === 'input') {
            old.pause.answers.push(answers.get(path));
            answers.delete(path);
          }
          rec = old;
          rec.startedAt = this.epoch0 + (performance.now() - this.t0);
        }
      }
    }
    if (rec === undefined) rec = this.open(node, path, node.name);
    return runAttempts(this, node, rec, place, prev);
  }

  private async reuse(old: StepResult, scope: Scope): Promise<StepResult> {
    if (old.status === 'completed') {
      scope.outputs[old.name] = old.output;
      if (old.exited === true) scope.exit = { output: old.output, path: old.path };
    }
    if (this.observed) await stepSkipped(this, old, 'reused');
    return old;
  }

  private async stillPaused(rec: StepResult): Promise<StepResult> {
    if (this.observed) await stepPaused(this, rec);
    return rec;
  }

  /** {@inheritDoc Engine.runSteps} */
  async runSteps(steps: readonly Node[], place: Place, prev: unknown, rec: StepResult): Promise<unknown> {
    const scope = place.scope;
    let out = prev;
    for (let i = 0; i < steps.length; i++) {
      const r = await this.exec(steps[i]!, place, out);
      const status = r.status;
      if (status === 'completed') out = r.output;
      else if (status === 'paused') {
        rec.status = 'paused';
        return undefined;
      }
      if (scope.exit !== undefined) return scope.exit.output;
    }
    return out;
  }

  /** {@inheritDoc Engine.decide} */
  async decide<T>(path: string, fn: () => Promise<T>): Promise<T> {
    const decisions = this.decisions;
    if (this.replaying && Object.hasOwn(decisions, path)) return decisions[path] as T;
    const value = await fn();
    decisions[path] = value;
    this.save();
    return value;
  }
}
