/**
 * The Workflow: a named list of steps, run as a sequence, streamed as events, stored in any
 * core `DocumentStore`, and resumed after a pause, a failure or a restart.
 */
import { type Channel, type DocumentStore, EventBus, formatIssues, type StandardSchemaV1 } from '@agno/core';
import { Execution } from './engine/execution.js';
import { buildError, WorkflowError } from './errors.js';
import type { WorkflowEvent, WorkflowRunOptions, WorkflowStream, WorkflowStreamOptions } from './events.js';
import {
  checkName,
  checkOptions,
  type Last,
  type Node,
  type OutputOfLike,
  type SequenceNode,
  type StepLike,
  type StepSource,
  toNodes,
  type WorkflowLike,
  type WorkflowNode,
} from './nodes.js';
import { claimResume, RunSaver, runsCollection, summarise } from './persistence.js';
import type { WorkflowResult, WorkflowRunSnapshot, WorkflowRunSummary } from './records.js';
import { checkAnswers, loadSnapshot, type ResumeAnswers } from './resumption.js';
import { streamRun } from './run-stream.js';
import type { Step, StepContext, StepOptions } from './step-types.js';

export type { ResumeAnswers } from './resumption.js';

/** Options of a {@link Workflow}. */
export interface WorkflowOptions<
  I = unknown,
  S extends Record<string, unknown> = Record<string, unknown>,
  T extends readonly StepLike[] = readonly StepLike[],
> {
  /** Name: unique among the workflows sharing a store; the collection of its stored runs. */
  name: string;
  /** What the workflow does. */
  description?: string;
  /** The steps, run in order. */
  steps: T;
  /** Validates (and may transform) the input of each run. */
  inputSchema?: StandardSchemaV1<unknown, I>;
  /** The initial shared state of each run (a function for a fresh object per run). */
  state?: () => S;
  /** Where runs are kept, so that they can be resumed and listed. */
  store?: DocumentStore;
}

/** Options of {@link Workflow.asStep}. */
export interface WorkflowStepOptions<O> extends StepOptions<O> {
  /** Name of the step (default: the workflow's name). */
  name?: string;
  /** The nested workflow's input (default: the previous output, else the outer workflow's input). */
  input?: (ctx: StepContext) => unknown;
}

function checkScope(steps: readonly Node[], where: string): void {
  const seen = new Map<string, string>();
  const visit = (node: Node, at: string) => {
    const prior = seen.get(node.name);
    if (prior !== undefined) {
      throw buildError(
        'duplicate_step',
        `${where} has two steps named "${node.name}" (at ${prior} and ${at}); names are unique within a workflow`,
      );
    }
    seen.set(node.name, at);
    switch (node.kind) {
      case 'sequence':
      case 'parallel':
      case 'dag':
      case 'loop':
        for (const child of node.steps) visit(child, `${at}/${child.name}`);
        break;
      case 'router':
        for (const child of node.routes) visit(child, `${at}/${child.name}`);
        break;
      case 'condition':
        visit(node.whenTrue, `${at}/${node.whenTrue.name}`);
        if (node.whenFalse !== undefined) visit(node.whenFalse, `${at}/${node.whenFalse.name}`);
        break;
      default:
        break;
    }
  };
  for (const node of steps) visit(node, node.name);
}

/**
 * A workflow. Its steps run in order; combinators (`parallel`, `dag`, `condition`, `loop`,
 * `router`) nest inside. The definition is checked when the workflow is built.
 */
export class Workflow<I = unknown, O = unknown, S extends Record<string, unknown> = Record<string, unknown>>
  implements StepSource<O>, WorkflowLike
{
  /** The workflow's name. */
  readonly name: string;
  /** The options given at construction. */
  readonly options: WorkflowOptions<I, S>;
  /** @internal The step tree. */
  readonly root: SequenceNode;
  private bus: EventBus<WorkflowEvent> | undefined = undefined;
  private readonly active = new Set<string>();
  /** Resume claims, when runs are resumed without a store. */
  private claimed: Set<string> | undefined = undefined;

  constructor(options: WorkflowOptions<I, S, readonly [...StepLike[], StepLike<O>]> | WorkflowOptions<I, S>) {
    const name = checkName(options?.name, 'a workflow');
    this.name = name;
    this.options = options as WorkflowOptions<I, S>;
    const steps = toNodes(options.steps, `workflow "${name}"`);
    checkScope(steps, `workflow "${name}"`);
    this.root = { kind: 'sequence', name, steps, options: {} };
  }

  /** The typed event bus every run of this workflow emits to (top-level runs only). */
  get events(): EventBus<WorkflowEvent> {
    return (this.bus ??= new EventBus<WorkflowEvent>());
  }

  /** This workflow as a step of another workflow (it shares the outer run's state, store and stream). */
  asStep(options: WorkflowStepOptions<O> = {}): Step<O> {
    const name = checkName(options.name ?? this.name, 'a workflow step');
    checkOptions(name, options);
    const description = options.description ?? this.options.description;
    const node: WorkflowNode = {
      kind: 'workflow',
      name,
      workflow: this,
      input: options.input,
      options: description === undefined ? options : { ...options, description },
    };
    return node as Step<O>;
  }

  /** @internal Validates a run's input against `inputSchema`. */
  async parseInput(input: unknown): Promise<unknown> {
    const schema = this.options.inputSchema;
    if (schema === undefined) return input;
    let result = schema['~standard'].validate(input);
    if (result instanceof Promise) result = await result;
    if (result.issues === undefined) return result.value;
    const issues = formatIssues(result.issues);
    throw new WorkflowError(
      'invalid_input',
      'validation_error',
      `invalid input for workflow "${this.name}": ${issues.join('; ')}`,
      {
        details: { issues },
      },
    );
  }

  private storeOf(options: WorkflowRunOptions<any>): DocumentStore | undefined {
    return options.store ?? this.options.store;
  }

  private initialState(options: WorkflowRunOptions<S>): Record<string, unknown> {
    if (options.state !== undefined) return options.state;
    const make = this.options.state;
    return make === undefined ? {} : make();
  }

  /**
   * Runs the workflow to its end or its first pause. Rejects with a {@link WorkflowError}
   * whose `result` keeps every step that completed.
   */
  async run(input: I, options: WorkflowRunOptions<S> = {}): Promise<WorkflowResult<O>> {
    const parsed = this.options.inputSchema === undefined ? input : await this.parseInput(input);
    if (options.runId === undefined) {
      // A fresh UUID cannot collide with a running run: no need for the guard.
      const exec = this.execution(globalThis.crypto.randomUUID(), parsed, options, undefined);
      return exec.start() as Promise<WorkflowResult<O>>;
    }
    return this.guard(this.execution(options.runId, parsed, options, undefined)) as Promise<
      WorkflowResult<O>
    >;
  }

  /** Runs the workflow and yields its events (agents' events nested inside their steps). */
  stream(input: I, options: WorkflowStreamOptions<S> = {}): WorkflowStream<O> {
    const runId = options.runId ?? globalThis.crypto.randomUUID();
    return streamRun(
      runId,
      options.bufferSize,
      async (queue) => this.execution(runId, await this.parseInput(input), options, queue),
      (exec) => this.guard(exec),
    );
  }

  /**
   * Continues a paused, failed or interrupted run: `run` is its id (with a store) or its
   * snapshot. Completed steps are reused, not run again; paused steps continue with `answers`
   * (pauses left unanswered stay paused).
   *
   * With a store, each stop of a run (a pause, a failure, an interruption) is resumed once:
   * after checking the answers and before any step runs, the resume claims that stop atomically
   * in the store (across instances and processes). A concurrent or later resume of the same stop,
   * by id or by snapshot, rejects with a `WorkflowError` of reason `resume_conflict` (code
   * `conflict`); read the run again to resume it from where it stopped next. Without a store,
   * this instance keeps the claims: a snapshot resumes once per instance.
   */
  async resume(
    run: string | WorkflowRunSnapshot,
    answers: ResumeAnswers = {},
    options: WorkflowRunOptions<S> = {},
  ): Promise<WorkflowResult<O>> {
    const exec = await this.resumption(run, answers, options, undefined);
    return this.guard(exec) as Promise<WorkflowResult<O>>;
  }

  /** {@link resume}, streamed (a refused resume yields one `workflow-error` event; `result` rejects). */
  resumeStream(
    run: string | WorkflowRunSnapshot,
    answers: ResumeAnswers = {},
    options: WorkflowStreamOptions<S> = {},
  ): WorkflowStream<O> {
    const runId = typeof run === 'string' ? run : (run?.runId ?? '');
    return streamRun(
      runId,
      options.bufferSize,
      (queue) => this.resumption(run, answers, options, queue),
      (exec) => this.guard(exec),
    );
  }

  /** A stored run, or `undefined`. */
  async getRun(
    runId: string,
    options: { store?: DocumentStore } = {},
  ): Promise<WorkflowRunSnapshot | undefined> {
    const store = this.requireStore(options);
    return store.getDocument<WorkflowRunSnapshot>(runsCollection(this.name), runId);
  }

  /** Stored runs of this workflow, most recently updated first. */
  async listRuns(
    options: { limit?: number; offset?: number; store?: DocumentStore } = {},
  ): Promise<WorkflowRunSummary[]> {
    const store = this.requireStore(options);
    const query: { limit?: number; offset?: number } = {};
    if (options.limit !== undefined) query.limit = options.limit;
    if (options.offset !== undefined) query.offset = options.offset;
    const docs = await store.listDocuments<WorkflowRunSnapshot>(runsCollection(this.name), query);
    return docs.map((d) => summarise(d.doc));
  }

  /** Forgets a stored run. */
  async deleteRun(runId: string, options: { store?: DocumentStore } = {}): Promise<void> {
    await this.requireStore(options).deleteDocument(runsCollection(this.name), runId);
  }

  private requireStore(options: { store?: DocumentStore }): DocumentStore {
    const store = this.storeOf(options);
    if (store === undefined) {
      throw new WorkflowError('invalid_option', 'config_error', `workflow "${this.name}" has no store`);
    }
    return store;
  }

  private execution(
    runId: string,
    input: unknown,
    options: WorkflowRunOptions<S>,
    sink: Channel<WorkflowEvent> | undefined,
  ): Execution {
    const exec = new Execution({
      runId,
      workflow: this,
      input,
      state: this.initialState(options),
      signal: options.signal,
      sink,
      bus: this.bus,
    });
    this.attachStore(exec, options);
    return exec;
  }

  private attachStore(exec: Execution, options: WorkflowRunOptions<any>): void {
    const store = this.storeOf(options);
    if (store !== undefined) {
      exec.saver = new RunSaver(store, runsCollection(this.name), exec.runId, () => exec.snapshot());
    }
  }

  /** Runs an execution, refusing a second concurrent run of one run id in this process. */
  private async guard(exec: Execution): Promise<WorkflowResult<unknown>> {
    const id = exec.runId;
    if (this.active.has(id)) {
      throw new WorkflowError(
        'invalid_resume',
        'validation_error',
        `run "${id}" of workflow "${this.name}" is already running`,
      );
    }
    this.active.add(id);
    try {
      return await exec.start();
    } finally {
      this.active.delete(id);
    }
  }

  private async resumption(
    run: string | WorkflowRunSnapshot,
    answers: ResumeAnswers,
    options: WorkflowRunOptions<S>,
    sink: Channel<WorkflowEvent> | undefined,
  ): Promise<Execution> {
    const snapshot = await loadSnapshot(run, this.storeOf(options), this.name);
    const map = checkAnswers(snapshot, answers);
    if (this.active.has(snapshot.runId)) {
      throw new WorkflowError(
        'resume_conflict',
        'conflict',
        `run "${snapshot.runId}" of workflow "${this.name}" is already running`,
      );
    }
    // Only a valid request claims the stop: a refused one leaves the run resumable.
    await claimResume(this.storeOf(options), (this.claimed ??= new Set()), this.name, snapshot);
    const exec = new Execution({
      runId: snapshot.runId,
      workflow: this,
      input: snapshot.input,
      state: options.state ?? snapshot.state,
      signal: options.signal,
      sink,
      bus: this.bus,
    });
    exec.restore(snapshot, map);
    this.attachStore(exec, options);
    return exec;
  }
}

/** The output type of a workflow's last step, for `new Workflow({ steps: [...] })`. */
export type WorkflowOutput<T extends readonly StepLike[]> = OutputOfLike<Last<T>>;
