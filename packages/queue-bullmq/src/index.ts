/**
 * @agno/queue-bullmq: agent and workflow runs on BullMQ workers over Redis. A `RunQueue`
 * enqueues runs by name and hands back a `RunHandle` (result, events, cancel); a `RunWorker`
 * runs them with a concurrency setting, survives a dead worker and retries with backoff.
 */
export type { RedisConnection } from './connection.js';
export {
  describeError,
  isQueueRunError,
  QueueRunError,
  type QueueRunErrorOptions,
  type RemoteErrorInfo,
} from './errors.js';
export type { QueuedRunOptions, RunJobData } from './job-data.js';
export {
  type QueuedStepContext,
  type QueuedStepOptions,
  type QueuedStepTarget,
  queuedStep,
  stepJobId,
} from './queued-step.js';
export { RunHandle } from './run-handle.js';
export { DEFAULT_QUEUE, type EnqueueOptions, RunQueue, type RunQueueOptions } from './run-queue.js';
export { RunWorker, type RunWorkerOptions } from './run-worker.js';
export type {
  QueuedWorkflowResult,
  QueueJobEvent,
  WorkflowCallOptions,
  WorkflowEventLike,
  WorkflowLike,
  WorkflowSnapshotLike,
  WorkflowStreamLike,
} from './types.js';
