/**
 * @agno/server/queue: scale out on `@agno/queue-bullmq`. `createServer({ agents, backend:
 * queueBackend(queue) })` runs every agent, team and workflow run on the queue's workers and
 * streams their events from Redis, so HTTP servers and workers scale separately and any server can
 * stream, or cancel, a run another one started.
 */
export type { RunRestartedEvent } from './attempt-replay.js';
export { type QueueBackendOptions, queueBackend } from './queue-backend.js';
