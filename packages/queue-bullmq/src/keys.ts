/** Names of the Redis keys and channels the queue uses beside BullMQ's own. */

/** Key prefix used by default (BullMQ's default too). */
export const DEFAULT_PREFIX = 'bull';

/** The Redis stream holding a job's events. */
export function eventsKey(prefix: string, queue: string, jobId: string): string {
  return `${prefix}:${queue}:agno:events:${jobId}`;
}

/** The pub/sub channel carrying cancellations of a queue's jobs. */
export function cancelChannel(prefix: string, queue: string): string {
  return `${prefix}:${queue}:agno:cancel`;
}

/** The key marking a job as cancelled (for a worker that picks it up later). */
export function cancelKey(prefix: string, queue: string, jobId: string): string {
  return `${prefix}:${queue}:agno:cancelled:${jobId}`;
}
