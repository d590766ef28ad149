/**
 * The JSON records of a run: step kinds and statuses, each step's result, pauses, the run's
 * result and its stored snapshot, and the JSON view of an error. Plain data, so that stores,
 * queues and resumes can keep them.
 */
import type { PausedRun, PendingToolCall, ToolCallRecord, ToolDecision, Usage } from '@agno/core';

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
