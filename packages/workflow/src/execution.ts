/**
 * One workflow run: walks the step tree, runs what is ready, applies each step's policies,
 * records every step in a journal, and emits events. On resume the journal is replayed:
 * completed steps are reused, decisions (conditions, routers, loops) are taken again as
 * before, and paused steps continue with their answers.
 */
import {
  type AgnoError,
  addUsage,
  type Channel,
  type EventBus,
  emptyUsage,
  errorMessage,
  formatIssues,
  type Usage,
} from '@agno/core';
import { continueAgent, decisionsFor, runAgent, toRunInput } from './agent-runner.js';
import { Ctx } from './context.js';
import { WorkflowError } from './errors.js';
import { runCondition, runDag, runLoop, runParallel, runRouter, runWorkflow } from './groups.js';
import {
  type AgentNode,
  isComposite,
  join,
  type Node,
  type SequenceNode,
  type WorkflowLike,
} from './nodes.js';
import { publicPause, type RunSaver } from './persistence.js';
import {
  abortError,
  backoffDelay,
  NEVER,
  raceAbort,
  retryOf,
  sleep,
  TimeLimit,
  toAgnoError,
  waitersOf,
} from './policy.js';
import {
  type ErrorInfo,
  Exit,
  type RunStatus,
  type StepResult,
  type StepSkippedEvent,
  type StepStatus,
  type WorkflowEvent,
  type WorkflowPause,
  type WorkflowResult,
  type WorkflowRunSnapshot,
} from './types.js';

/** The outputs and input of one workflow level (nested workflows get their own). */
export interface Scope {
  readonly input: unknown;
  readonly outputs: Record<string, unknown>;
  /** Set when a step ended this workflow early. */
  exit: { output: unknown; path: string } | undefined;
}

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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
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

function wrapStepError(error: AgnoError, path: string): WorkflowError {
  if (error instanceof WorkflowError && error.stepPath !== undefined) return error;
  return new WorkflowError('step_failed', error.code, `step "${path}" failed: ${error.message}`, {
    cause: error,
    stepPath: path,
    retryable: error.retryable,
  });
}

/** The run engine. */
export class Execution {
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
  private readonly controller: AbortController | undefined;
  private unlink: (() => void) | undefined = undefined;
  saver: RunSaver | undefined = undefined;
  status: RunStatus = 'running';
  createdAt: number;
  output: unknown = undefined;
  error: ErrorInfo | undefined = undefined;
  private readonly t0 = performance.now();
  private readonly epoch0 = Date.now();
  private readonly scope: Scope;
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
    const signal = options.signal;
    if (this.sink !== undefined) {
      const controller = new AbortController();
      this.controller = controller;
      if (signal !== undefined) {
        if (signal.aborted) controller.abort(signal.reason);
        else {
          const waiters = waitersOf(signal);
          const follow = () => controller.abort(signal.reason);
          waiters.add(follow);
          this.unlink = () => waiters.delete(follow);
        }
      }
      this.signal = controller.signal;
    } else {
      this.controller = undefined;
      this.signal = signal ?? NEVER;
    }
    this.scope = { input: options.input, outputs: {}, exit: undefined };
    this.root = this.record(undefined, '', '');
  }

  /** Id of this execution, fresh for each run and each resume (made when first needed). */
  get executionId(): string {
    return (this.id ??= globalThis.crypto.randomUUID());
  }

  /** Cancels the run (a stream's consumer stopped reading). */
  cancel(reason: unknown): void {
    this.controller?.abort(reason);
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

  /** Runs (or resumes) the workflow to its end or its pause. */
  start(): Promise<WorkflowResult<unknown>> {
    const unlink = this.unlink;
    if (unlink === undefined) return this.startRun();
    return this.startRun().finally(unlink);
  }

  private async startRun(): Promise<WorkflowResult<unknown>> {
    const t = this.t0;
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
      const output = await this.runSteps(
        this.workflow.root.steps,
        '',
        undefined,
        this.scope,
        this.signal,
        undefined,
        this.root,
      );
      if (this.root.status === 'paused') {
        this.status = 'paused';
      } else {
        this.status = 'completed';
        this.output = output;
      }
      result = this.result(t);
      if (this.saver !== undefined) await this.saver.flush();
    } catch (error) {
      const err = this.finalError(error);
      this.status = err.reason === 'cancelled' ? 'cancelled' : 'failed';
      this.error = errorInfo(err);
      err.result = this.result(t);
      if (this.saver !== undefined) {
        try {
          await this.saver.flush();
        } catch {
          // the run's own error matters more than the store's
        }
      }
      if (this.observed)
        await this.emit({ type: 'workflow-error', runId: this.runId, error: err })?.catch(() => {});
      throw err;
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

  private finalError(error: unknown): WorkflowError {
    if (this.signal.aborted) {
      const reason = abortError(this.signal);
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

  /** The run as JSON-ready data (shares objects with the journal: serialise before keeping). */
  snapshot(): WorkflowRunSnapshot {
    const doc: WorkflowRunSnapshot = {
      version: 1,
      runId: this.runId,
      workflow: this.workflow.name,
      status: this.status,
      input: this.input,
      state: this.state,
      steps: [...this.journal.values()],
      decisions: this.decisions,
      usage: this.usage(),
      createdAt: this.createdAt,
      updatedAt: Date.now(),
      executionId: this.executionId,
    };
    if (this.output !== undefined) doc.output = this.output;
    if (this.error !== undefined) doc.error = this.error;
    if (this.scope.exit !== undefined) doc.exitedBy = this.scope.exit.path;
    return doc;
  }

  private usage(): Usage {
    const total = emptyUsage();
    for (const s of this.journal.values()) if (s.usage !== undefined) addUsage(total, s.usage);
    return total;
  }

  private result(t: number): WorkflowResult<unknown> {
    const pauses: WorkflowPause[] = [];
    const steps = [...this.journal.values()];
    if (this.status === 'paused') {
      for (const s of steps)
        if (s.status === 'paused' && s.pause !== undefined) pauses.push(publicPause(s.pause));
    }
    const result: WorkflowResult<unknown> = {
      runId: this.runId,
      workflow: this.workflow.name,
      status: this.status,
      output: this.output,
      outputs: this.scope.outputs,
      steps,
      state: this.state,
      usage: this.usage(),
      startedAt: this.createdAt,
      durationMs: performance.now() - t,
      pauses,
    };
    if (this.scope.exit !== undefined) result.exitedBy = this.scope.exit.path;
    if (this.status !== 'completed') {
      try {
        result.snapshot = JSON.parse(JSON.stringify(this.snapshot())) as WorkflowRunSnapshot;
      } catch (error) {
        if (this.status !== 'paused') return result;
        throw new WorkflowError(
          'not_serialisable',
          'validation_error',
          `the run cannot be kept for a resume: its outputs or state are not JSON (${errorMessage(error)})`,
          { cause: error },
        );
      }
    }
    return result;
  }

  private record(node: Node | undefined, path: string, name: string): StepResult {
    const now = performance.now();
    return {
      path,
      name,
      kind: node === undefined ? 'sequence' : node.kind,
      status: 'running',
      output: undefined,
      attempts: 0,
      startedAt: this.epoch0 + (now - this.t0),
      durationMs: 0,
    };
  }

  /**
   * Starts a step that is not a node of the tree (a team member's run inside a leader's tool):
   * records it at `path` and emits `step-started`.
   */
  async startSubStep(path: string, name: string): Promise<StepResult> {
    const rec = this.record(undefined, path, name);
    rec.kind = 'agent';
    rec.attempts = 1;
    this.journal.set(path, rec);
    if (this.observed) {
      const p = this.emit({ type: 'step-started', runId: this.runId, path, name, kind: 'agent', attempt: 1 });
      if (p !== undefined) await p;
    }
    return rec;
  }

  /** Ends a step begun with {@link startSubStep}: completed with `output`, or failed with `error`. */
  async endSubStep(rec: StepResult, start: number, output: unknown, error?: unknown): Promise<void> {
    rec.durationMs = performance.now() - start;
    if (error === undefined) {
      rec.status = 'completed';
      rec.output = output;
    } else {
      const err = wrapStepError(toAgnoError(error), rec.path);
      rec.status = this.signal.aborted ? 'cancelled' : 'failed';
      rec.error = errorInfo(err);
      if (this.observed && rec.status === 'failed') {
        const p = this.emit({
          type: 'step-error',
          runId: this.runId,
          path: rec.path,
          name: rec.name,
          kind: 'agent',
          error: err,
          attempt: 1,
          willRetry: false,
        });
        if (p !== undefined) await p;
      }
    }
    this.save();
    if (this.observed && error === undefined) {
      const p = this.emit({
        type: 'step-completed',
        runId: this.runId,
        path: rec.path,
        name: rec.name,
        kind: 'agent',
        output,
        durationMs: rec.durationMs,
        usage: rec.usage,
      });
      if (p !== undefined) await p;
    }
  }

  /** Records a step that will not run, and says so. */
  async skip(node: Node, path: string, reason: 'condition' | 'router'): Promise<void> {
    const rec = this.record(node, path, node.name);
    rec.status = 'skipped';
    rec.skipReason = reason;
    this.journal.set(path, rec);
    await this.skipped(node, path, reason);
  }

  /** Tells observers that a step did not run (a branch not taken, a failure skipped, a reused output). */
  private async skipped(node: Node, path: string, reason: StepSkippedEvent['reason']): Promise<void> {
    if (!this.observed) return;
    const p = this.emit({
      type: 'step-skipped',
      runId: this.runId,
      path,
      name: node.name,
      kind: node.kind,
      reason,
    });
    if (p !== undefined) await p;
  }

  /** Runs one node with its policies; resolves with its record, rejects when it fails. */
  exec(
    node: Node,
    path: string,
    prev: unknown,
    scope: Scope,
    signal: AbortSignal,
    iteration: number | undefined,
  ): Promise<StepResult> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    let rec: StepResult | undefined;
    if (this.replaying) {
      const old = this.journal.get(path);
      if (old !== undefined) {
        const status = old.status;
        if (status === 'skipped' || (status === 'completed' && !isComposite(node.kind))) {
          return this.reuse(node, old, scope);
        }
        if (status === 'paused' && old.pause !== undefined) {
          const answers = this.answers;
          if (answers === undefined || !answers.has(path)) return this.stillPaused(node, old);
          if (old.pause.kind === 'input') {
            old.pause.answers.push(answers.get(path));
            answers.delete(path);
          }
          rec = old;
          rec.startedAt = this.epoch0 + (performance.now() - this.t0);
        }
      }
    }
    if (rec === undefined) {
      rec = this.record(node, path, node.name);
      this.journal.set(path, rec);
    }
    return this.attempts(node, rec, path, prev, scope, signal, iteration);
  }

  private async reuse(node: Node, old: StepResult, scope: Scope): Promise<StepResult> {
    if (old.status === 'completed') {
      scope.outputs[node.name] = old.output;
      if (old.exited === true) scope.exit = { output: old.output, path: old.path };
    }
    await this.skipped(node, old.path, 'reused');
    return old;
  }

  private async stillPaused(node: Node, rec: StepResult): Promise<StepResult> {
    if (this.observed) {
      const p = this.emit({
        type: 'step-paused',
        runId: this.runId,
        path: rec.path,
        name: node.name,
        kind: node.kind,
        pause: publicPause(rec.pause!),
      });
      if (p !== undefined) await p;
    }
    return rec;
  }

  private async attempts(
    node: Node,
    rec: StepResult,
    path: string,
    prev: unknown,
    scope: Scope,
    signal: AbortSignal,
    iteration: number | undefined,
  ): Promise<StepResult> {
    const options = node.options;
    // the perf-clock time of rec.startedAt, without reading the clock again
    const start = rec.startedAt - this.epoch0 + this.t0;
    for (let attempt = 1; ; attempt++) {
      rec.attempts++;
      rec.status = 'running';
      if (this.observed) {
        const p = this.emit({
          type: 'step-started',
          runId: this.runId,
          path,
          name: node.name,
          kind: node.kind,
          attempt,
        });
        if (p !== undefined) await p;
      }
      const limit =
        options.timeoutMs === undefined ? undefined : new TimeLimit(signal, options.timeoutMs, 'the step');
      const stepSignal = limit === undefined ? signal : limit.signal;
      let output: unknown;
      try {
        if (node.kind === 'function') {
          // Called directly: a step that returns at once costs no extra promise or race.
          const ctx = new Ctx(this, scope, rec, path, node.name, prev, stepSignal, attempt, iteration);
          try {
            output = node.fn(ctx);
            if (isThenable(output)) {
              output = await (stepSignal === NEVER ? output : raceAbort(Promise.resolve(output), stepSignal));
            }
          } catch (error) {
            if (ctx.pending === undefined) throw error;
          }
          if (ctx.pending !== undefined) this.inputPause(rec, ctx);
        } else {
          let p = this.attempt(node, rec, path, prev, scope, stepSignal, iteration, attempt);
          if (stepSignal !== NEVER) p = raceAbort(p, stepSignal);
          output = await p;
        }
        if ((rec.status as StepStatus) === 'paused') {
          rec.durationMs = performance.now() - start;
          this.save();
          if (rec.pause !== undefined && this.observed) await this.stillPaused(node, rec);
          return rec;
        }
        let exited = false;
        if (output instanceof Exit) {
          exited = true;
          output = output.output;
        }
        const schema = options.outputSchema;
        if (schema !== undefined) {
          let checked = schema['~standard'].validate(output);
          if (checked instanceof Promise) checked = await checked;
          if (checked.issues !== undefined) {
            const issues = formatIssues(checked.issues);
            throw new WorkflowError(
              'invalid_output',
              'output_validation_error',
              `the output of step "${path}" failed its schema: ${issues.join('; ')}`,
              { stepPath: path, details: { issues } },
            );
          }
          output = checked.value;
        }
        if (!exited && options.exitIf !== undefined) {
          exited = options.exitIf(
            output as never,
            this.ctx(scope, rec, path, node.name, prev, stepSignal, attempt, iteration),
          );
        }
        if (exited) {
          rec.exited = true;
          if (scope.exit === undefined) scope.exit = { output, path };
        }
        return this.completed(node, rec, output, scope, start);
      } catch (error) {
        if (signal.aborted) {
          rec.status = 'cancelled';
          rec.durationMs = performance.now() - start;
          this.save();
          throw abortError(signal);
        }
        const err = wrapStepError(toAgnoError(error), path);
        const retry = retryOf(options);
        if (attempt <= retry.max && retry.retryIf(err, attempt)) {
          rec.error = errorInfo(err);
          if (this.observed) {
            const p = this.emit({
              type: 'step-error',
              runId: this.runId,
              path,
              name: node.name,
              kind: node.kind,
              error: err,
              attempt,
              willRetry: true,
            });
            if (p !== undefined) await p;
          }
          if (isComposite(node.kind)) this.replaying = true;
          try {
            await sleep(backoffDelay(retry, attempt), signal);
          } catch (aborted) {
            rec.status = 'cancelled';
            rec.durationMs = performance.now() - start;
            throw aborted;
          }
          continue;
        }
        return await this.failed(node, rec, err, scope, start, prev, signal, attempt, iteration);
      } finally {
        limit?.dispose();
      }
    }
  }

  private completed(
    node: Node,
    rec: StepResult,
    output: unknown,
    scope: Scope,
    start: number,
  ): StepResult | Promise<StepResult> {
    rec.status = 'completed';
    rec.output = output;
    rec.durationMs = performance.now() - start;
    if (rec.pause !== undefined) rec.pause = undefined;
    scope.outputs[node.name] = output;
    if (this.saver !== undefined) this.saver.schedule();
    return this.observed ? this.announceCompleted(node, rec, output) : rec;
  }

  private async announceCompleted(node: Node, rec: StepResult, output: unknown): Promise<StepResult> {
    const p = this.emit({
      type: 'step-completed',
      runId: this.runId,
      path: rec.path,
      name: node.name,
      kind: node.kind,
      output,
      durationMs: rec.durationMs,
      usage: rec.usage,
    });
    if (p !== undefined) await p;
    return rec;
  }

  private async failed(
    node: Node,
    rec: StepResult,
    err: WorkflowError,
    scope: Scope,
    start: number,
    prev: unknown,
    signal: AbortSignal,
    attempt: number,
    iteration: number | undefined,
  ): Promise<StepResult> {
    const policy = node.options.onFailure;
    rec.error = errorInfo(err);
    rec.durationMs = performance.now() - start;
    if (policy === undefined || policy === 'fail') {
      rec.status = 'failed';
      this.save();
      if (this.observed) {
        await this.emit({
          type: 'step-error',
          runId: this.runId,
          path: rec.path,
          name: node.name,
          kind: node.kind,
          error: err,
          attempt,
          willRetry: false,
        });
      }
      throw err;
    }
    const handledBy = policy === 'skip' ? 'skip' : 'fallback';
    if (this.observed) {
      const p = this.emit({
        type: 'step-error',
        runId: this.runId,
        path: rec.path,
        name: node.name,
        kind: node.kind,
        error: err,
        attempt,
        willRetry: false,
        handledBy,
      });
      if (p !== undefined) await p;
    }
    if (policy === 'skip') {
      rec.status = 'skipped';
      rec.skipReason = 'failure';
      this.save();
      await this.skipped(node, rec.path, 'failure');
      return rec;
    }
    let output: unknown;
    try {
      output = await policy.fallback(
        err,
        this.ctx(scope, rec, rec.path, node.name, prev, signal, attempt, iteration),
      );
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
      this.save();
      throw wrapped;
    }
    return this.completed(node, rec, output, scope, start);
  }

  /** A context for a step, predicate, chooser or fallback. */
  ctx(
    scope: Scope,
    rec: StepResult,
    path: string,
    name: string,
    prev: unknown,
    signal: AbortSignal,
    attempt: number,
    iteration: number | undefined,
  ): Ctx {
    return new Ctx(this, scope, rec, path, name, prev, signal, attempt, iteration);
  }

  /** One attempt of a node: its output (or `rec.status = 'paused'`). */
  private attempt(
    node: Node,
    rec: StepResult,
    path: string,
    prev: unknown,
    scope: Scope,
    signal: AbortSignal,
    iteration: number | undefined,
    attempt: number,
  ): Promise<unknown> {
    switch (node.kind) {
      case 'function':
        throw new Error('function steps run in attempts()');
      case 'agent':
        return this.runAgentStep(node, rec, path, prev, scope, signal, iteration, attempt);
      case 'sequence':
        return this.runSteps((node as SequenceNode).steps, path, prev, scope, signal, iteration, rec);
      case 'parallel':
        return runParallel(this, node, rec, path, prev, scope, signal, iteration);
      case 'dag':
        return runDag(this, node, rec, path, prev, scope, signal, iteration);
      case 'condition':
        return runCondition(this, node, rec, path, prev, scope, signal, iteration, attempt);
      case 'loop':
        return runLoop(this, node, rec, path, prev, scope, signal, attempt);
      case 'router':
        return runRouter(this, node, rec, path, prev, scope, signal, iteration, attempt);
      case 'workflow':
        return runWorkflow(this, node, rec, path, prev, scope, signal, iteration, attempt);
    }
  }

  private inputPause(rec: StepResult, ctx: Ctx): undefined {
    const pending = ctx.pending!;
    const previous = rec.pause;
    const answers = previous?.kind === 'input' ? previous.answers : [];
    rec.status = 'paused';
    rec.pause = {
      kind: 'input',
      id: rec.path,
      path: rec.path,
      stepName: rec.name,
      prompt: pending.prompt,
      answers,
    };
    if (pending.data !== undefined) rec.pause.data = pending.data;
    if (pending.issues !== undefined) rec.pause.issues = pending.issues;
    return undefined;
  }

  private async runAgentStep(
    node: AgentNode,
    rec: StepResult,
    path: string,
    prev: unknown,
    scope: Scope,
    signal: AbortSignal,
    iteration: number | undefined,
    attempt: number,
  ): Promise<unknown> {
    const agent = node.agent;
    const options = signal === NEVER ? (node.runOptions ?? {}) : { ...node.runOptions, signal };
    let ctx: Ctx | undefined;
    const hooks = node.hooks;
    const target = {
      exec: this,
      path,
      rec,
      onRun:
        hooks === undefined
          ? undefined
          : (runId: string) =>
              hooks.onRun(
                runId,
                (ctx ??= this.ctx(scope, rec, path, node.name, prev, signal, attempt, iteration)),
              ),
    };
    const pause = rec.pause;
    let result: import('@agno/core').RunResult<unknown>;
    if (pause?.kind === 'confirmation') {
      const decisions = decisionsFor(this.answers?.get(path), pause.pending, path);
      result = await continueAgent(target, agent, pause.agentRun, decisions, options);
    } else {
      let input: import('@agno/core').RunInput;
      if (node.input !== undefined) {
        ctx ??= this.ctx(scope, rec, path, node.name, prev, signal, attempt, iteration);
        input = await node.input(ctx);
      } else input = toRunInput(prev !== undefined ? prev : scope.input);
      result = await runAgent(target, agent, input, options);
    }
    if (result.status === 'paused') {
      rec.status = 'paused';
      rec.pause = {
        kind: 'confirmation',
        id: path,
        path,
        stepName: node.name,
        agent: agent.name,
        pending: result.pending ?? [],
        agentRun: result.paused!,
      };
      return undefined;
    }
    return result.output;
  }

  /** Runs steps in order; the output is the last one's (or an early exit's). */
  async runSteps(
    steps: readonly Node[],
    path: string,
    prev: unknown,
    scope: Scope,
    signal: AbortSignal,
    iteration: number | undefined,
    rec: StepResult,
  ): Promise<unknown> {
    let out = prev;
    for (let i = 0; i < steps.length; i++) {
      const child = steps[i]!;
      const r = await this.exec(child, join(path, child.name), out, scope, signal, iteration);
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

  /** A decision taken once per run: reused as it was when the run resumes. */
  async decide<T>(path: string, fn: () => Promise<T>): Promise<T> {
    const decisions = this.decisions;
    if (this.replaying && Object.hasOwn(decisions, path)) return decisions[path] as T;
    const value = await fn();
    decisions[path] = value;
    this.save();
    return value;
  }
}
