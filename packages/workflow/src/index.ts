/**
 * @agno/workflow: workflows of agents and functions (sequence, parallel, DAG, condition,
 * loop, router), with streaming, stored runs, pause and resume, and teams of agents.
 */
export {
  isWorkflowError,
  partialWorkflowResultOf,
  WorkflowError,
  type WorkflowErrorOptions,
  type WorkflowErrorReason,
} from './errors.js';
export type {
  AgentStepEvent,
  StepCompletedEvent,
  StepErrorEvent,
  StepPausedEvent,
  StepSkippedEvent,
  StepStartedEvent,
  WorkflowCompletedEvent,
  WorkflowErrorEvent,
  WorkflowEvent,
  WorkflowEventType,
  WorkflowPausedEvent,
  WorkflowRunOptions,
  WorkflowStartedEvent,
  WorkflowStream,
  WorkflowStreamOptions,
} from './events.js';
export type {
  AgentStepOptions,
  LoopContext,
  OutputOfLike,
  ParallelMode,
  StepLike,
  StepSource,
} from './nodes.js';
export { claimsCollection, runsCollection } from './persistence.js';
export type {
  AgentRunSummary,
  ConfirmationPause,
  ErrorInfo,
  InputPause,
  ResumeAnswer,
  RunStatus,
  StepKind,
  StepResult,
  StepStatus,
  StoredPause,
  WorkflowPause,
  WorkflowResult,
  WorkflowRunSnapshot,
  WorkflowRunSummary,
} from './records.js';
export {
  Exit,
  type FailurePolicy,
  type InputRequest,
  type OutputOf,
  type RetryPolicy,
  type Step,
  type StepContext,
  type StepFunction,
  type StepOptions,
  type Unexit,
} from './step-types.js';
export {
  agentStep,
  type ConcurrentOptions,
  type ConditionBranches,
  condition,
  type DagEntry,
  dag,
  type LoopDefinition,
  loop,
  parallel,
  type RouterDefinition,
  router,
  sequence,
  step,
} from './steps.js';
export {
  DELEGATE_TOOL,
  type MemberRun,
  Team,
  type TeamMode,
  type TeamOptions,
  type TeamResult,
  type TeamStream,
} from './team.js';
export {
  type ResumeAnswers,
  Workflow,
  type WorkflowOptions,
  type WorkflowOutput,
  type WorkflowStepOptions,
} from './workflow.js';
