/**
 * The public shapes of the workflow package: steps, their context and options, results,
 * pauses, stored runs and events.
 */
import type {
  AgentEvent,
  AgnoError,
  DocumentStore,
  PausedRun,
  PendingToolCall,
  StandardSchemaV1,
  ToolCallRecord,
  ToolDecision,
  Usage,
} from '@agno/core';
import type { WorkflowError, WorkflowErrorReason } from './errors.js';

/** What kind of step a node is. */
export type StepKind =
  | 'function'
  | 'agent'
  | 'workflow'
  | 'sequence'
  | 'parallel'
  | 'dag'
  | 'condition'
  | 'loop'
  | 'router';

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
}

/** A plain async function step. */
export type StepFunction<O = unknown, I = any, S extends Record<string, unknown> = any> = (
  ctx: StepContext<I, S>,
) => O | Promise<O>;

/** The status of one step of a run. */
export type StepStatus = 'running' | 'completed' | 'skipped' | 'failed' | 'paused' | 'cancelled';

/** A JSON view of an error. */
export interface ErrorInfo {
  name: string;
  code: string;
  message: string;
  reason?: WorkflowErrorReason;
  stepPath?: string;
}

/** What an agent step's run did (the messages are left out to keep stored runs small). */
export interface AgentRunSummary {
  runId: string;
  agent: string;
  status: 'completed' | 'paused' | 'failed';
  text: string;
  modelCalls: number;
  toolCalls: ToolCallRecord[];
}

/** A step waiting for a person to approve or reject an agent's tool calls. */
export interface ConfirmationPause {
  kind: 'confirmation';
  /** The id to answer in `resume()`: the step's path. */
  id: string;
  path: string;
  stepName: string;
  /** The agent whose run paused. */
  agent: string;
  /** The tool calls waiting for a decision. */
  pending: PendingToolCall[];
}

/** A step waiting for a person's input. */
export interface InputPause {
  kind: 'input';
  /** The id to answer in `resume()`: the step's path. */
  id: string;
  path: string;
  stepName: string;
  prompt: string;
  data?: unknown;
  /** Why the last answer was refused, when it failed the request's schema. */
  issues?: string[];
}

/** A pause of a workflow run. */
export type WorkflowPause = ConfirmationPause | InputPause;

/** A pause as stored with its step: the public view plus what resuming needs. */
export type StoredPause =
  | (ConfirmationPause & { agentRun: PausedRun })
  | (InputPause & { answers: unknown[] });

/**
 * An answer to a pause: for a confirmation, one decision for every pending call or a decision per
 * tool-call id; for an input request, the value asked for.
 */
export type ResumeAnswer = ToolDecision | Record<string, ToolDecision> | unknown;

/** One step of a run, as it ran. */
export interface StepResult {
  path: string;
  name: string;
  kind: StepKind;
  status: StepStatus;
  /** The output (when completed, or the fallback's). */
  output?: unknown;
  /** Why the step failed (also set when a failure was skipped or replaced by a fallback). */
  error?: ErrorInfo;
  /** Why the step did not run or was skipped. */
  skipReason?: 'condition' | 'router' | 'failure';
  /** Attempts made (0 when the step never ran). */
  attempts: number;
  /** Epoch ms of the start. */
  startedAt: number;
  durationMs: number;
  /** Tokens used by the step's own agent runs (routers and agent steps). */
  usage?: Usage;
  /** The agent run of an agent step (or of a router's agent). */
  agentRun?: AgentRunSummary;
  /** The pause, while the step is paused. */
  pause?: StoredPause;
  /** True when the step ended its workflow early. */
  exited?: boolean;
}

/** The status of a workflow run. */
export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

/** What `run()`, `resume()` and the stream's `result` give back (and what a `WorkflowError` carries). */
export interface WorkflowResult<O = unknown> {
  runId: string;
  /** Name of the workflow. */
  workflow: string;
  status: RunStatus;
  /** The workflow's output: its last step's, or the output of the step that ended it early. */
  output: O;
  /** Outputs of the workflow's completed steps, by name. */
  outputs: Record<string, unknown>;
  /** Every step that ran (nested ones too), in the order they started. */
  steps: StepResult[];
  /** The shared state at the end. */
  state: Record<string, unknown>;
  /** Tokens summed over every agent run of the workflow. */
  usage: Usage;
  /** Epoch ms when the run was first started. */
  startedAt: number;
  /** Duration of this call (a resumed run counts from the resume). */
  durationMs: number;
  /** Steps waiting for a person, when paused. */
  pauses: WorkflowPause[];
  /** Path of the step that ended the workflow early, if one did. */
  exitedBy?: string;
  /** The run as JSON, to resume from (set unless the run completed). */
  snapshot?: WorkflowRunSnapshot;
}

/** A workflow run as stored (and as a paused or failed result carries it). */
export interface WorkflowRunSnapshot {
  version: 1;
  runId: string;
  workflow: string;
  status: RunStatus;
  input: unknown;
  state: Record<string, unknown>;
  steps: StepResult[];
  /** Decisions of conditions, routers and loops, by path, so a resumed run takes the same branches. */
  decisions: Record<string, unknown>;
  output?: unknown;
  error?: ErrorInfo;
  exitedBy?: string;
  usage: Usage;
  createdAt: number;
  updatedAt: number;
  /**
   * Id of the execution (the run, or one resume of it) that wrote this snapshot: it identifies
   * where the run stopped, so that each stop is resumed at most once (see `Workflow.resume`).
   */
  executionId?: string;
}

/** One line of run history. */
export interface WorkflowRunSummary {
  runId: string;
  workflow: string;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
  /** Number of completed steps. */
  completedSteps: number;
  pauses: WorkflowPause[];
  error?: ErrorInfo;
  usage: Usage;
}

/** Options of a run. */
export interface WorkflowRunOptions<S extends Record<string, unknown> = Record<string, unknown>> {
  /** Id of the run (a UUID when left out). */
  runId?: string;
  /** Cancels the run and every step and agent in it. */
  signal?: AbortSignal;
  /** The initial shared state (default: the workflow's `state` option, or `{}`). */
  state?: S;
  /** Where the run is kept; overrides the workflow's `store`. */
  store?: DocumentStore;
}

/** Options of `stream()` and `resumeStream()`. */
export interface WorkflowStreamOptions<S extends Record<string, unknown> = Record<string, unknown>>
  extends WorkflowRunOptions<S> {
  /** How many events may wait for the consumer before the run waits (backpressure). Default 256. */
  bufferSize?: number;
}

/** A running workflow stream: iterate it for events, or await `result`. */
export interface WorkflowStream<O> extends AsyncIterable<WorkflowEvent> {
  /** The run's result; rejects with a {@link WorkflowError}. */
  readonly result: Promise<WorkflowResult<O>>;
  /** Id of the run. */
  readonly runId: string;
  /** Cancels the run. */
  abort(): void;
}

interface StepEventBase {
  runId: string;
  path: string;
  name: string;
  kind: StepKind;
}

/** A run began (or resumed). */
export interface WorkflowStartedEvent {
  type: 'workflow-started';
  runId: string;
  workflow: string;
  resumed: boolean;
}
/** A step began an attempt. */
export interface StepStartedEvent extends StepEventBase {
  type: 'step-started';
  attempt: number;
}
/** A step finished with an output. */
export interface StepCompletedEvent extends StepEventBase {
  type: 'step-completed';
  output: unknown;
  durationMs: number;
  usage?: Usage;
}
/** A step did not run: a branch not taken, a failure skipped, or an output reused from an earlier attempt. */
export interface StepSkippedEvent extends StepEventBase {
  type: 'step-skipped';
  reason: 'condition' | 'router' | 'failure' | 'reused';
}
/** An attempt of a step failed. */
export interface StepErrorEvent extends StepEventBase {
  type: 'step-error';
  error: AgnoError;
  attempt: number;
  /** True when another attempt follows. */
  willRetry: boolean;
  /** Set when the failure policy handled the error. */
  handledBy?: 'skip' | 'fallback';
}
/** A step paused for a person. */
export interface StepPausedEvent extends StepEventBase {
  type: 'step-paused';
  pause: WorkflowPause;
}
/** An event of an agent running inside a step, tagged with the step and the agent. */
export interface AgentStepEvent {
  type: 'agent-event';
  runId: string;
  /** Path of the step running the agent. */
  path: string;
  /** Name of the agent (for teams: the member, or the leader). */
  agent: string;
  event: AgentEvent;
}
/** The run paused; resume it with answers for `pauses`. */
export interface WorkflowPausedEvent {
  type: 'workflow-paused';
  runId: string;
  pauses: WorkflowPause[];
  result: WorkflowResult<unknown>;
}
/** The run completed. */
export interface WorkflowCompletedEvent {
  type: 'workflow-completed';
  runId: string;
  result: WorkflowResult<unknown>;
}
/** The run failed or was cancelled; `error.result` keeps what it completed. */
export interface WorkflowErrorEvent {
  type: 'workflow-error';
  runId: string;
  error: WorkflowError;
}

/** Every event of a workflow run. */
export type WorkflowEvent =
  | WorkflowStartedEvent
  | StepStartedEvent
  | StepCompletedEvent
  | StepSkippedEvent
  | StepErrorEvent
  | StepPausedEvent
  | AgentStepEvent
  | WorkflowPausedEvent
  | WorkflowCompletedEvent
  | WorkflowErrorEvent;

/** The `type` of a {@link WorkflowEvent}. */
export type WorkflowEventType = WorkflowEvent['type'];
