/**
 * A queued run as the caller sees it: await its result, read its events while it runs,
 * cancel it. The result comes from BullMQ (the job's completed or failed state); the events
 * from the job's Redis stream.
 */
import { errorMessage } from '@agno/core';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueRunError, type RemoteErrorInfo } from './errors.js';
import { decodeEntries, lastError } from './event-log.js';
import type { QueueJobEvent } from './types.js';

/** @internal What a handle needs from its queue. */
export interface HandleContext {
  readonly queue: Queue;
  readonly redis: Redis;
  queueEvents(): Promise<QueueEvents>;
  openReader(): Redis;
  eventsKey(jobId: string): string;
  cancel(jobId: string): Promise<void>;
}

/** How long one blocking read of the event stream waits before checking the job's state. */
const POLL_MS = 1000;

/** A run on the queue: `R` is its result, `E` the run's own events. */
export class RunHandle<R, E> {
  private settled: Promise<R> | undefined = undefined;

  /** @internal Made by `RunQueue`. */
  constructor(
    private readonly ctx: HandleContext,
    /** Id of the job (also the run id on the worker). */
    readonly jobId: string,
    private job: Job | undefined,
  ) {}

  /**
   * The run's result, once a worker completed it. Rejects with a {@link QueueRunError}
   * carrying the remote error's code when the last attempt failed or the run was cancelled.
   */
  result(): Promise<R> {
    this.settled ??= this.wait();
    return this.settled;
  }

  private async wait(): Promise<R> {
    const { ctx, jobId } = this;
    const events = await ctx.queueEvents();
    const job = this.job ?? (await ctx.queue.getJob(jobId));
    if (job === undefined)
      throw new QueueRunError('not_found', `no job "${jobId}" on the queue`, { jobId, attempts: 0 });
    this.job = job;
    try {
      return (await job.waitUntilFinished(events)) as R;
    } catch (error) {
      const fresh = await ctx.queue.getJob(jobId);
      const attempts = fresh?.attemptsMade ?? job.attemptsMade;
      const remote: RemoteErrorInfo | undefined = await lastError(ctx.redis, ctx.eventsKey(jobId));
      if (remote !== undefined) throw QueueRunError.fromRemote(remote, jobId, attempts);
      throw new QueueRunError('step_failed', `job "${jobId}" failed: ${errorMessage(error)}`, {
        jobId,
        attempts,
        cause: error,
      });
    }
  }

  /**
   * The run's events as they happen, from the first one (a late reader misses nothing):
   * `job-started` for each attempt, the run's own events, then `job-completed` or a final
   * `job-failed`. Each iteration holds one Redis connection until it ends.
   */
  async *events(): AsyncGenerator<E | QueueJobEvent<R>, void, undefined> {
    const { ctx, jobId } = this;
    const key = ctx.eventsKey(jobId);
    const reader = ctx.openReader();
    let lastId = '0';
    try {
      for (;;) {
        const reply = (await reader.xread('BLOCK', POLL_MS, 'STREAMS', key, lastId)) as
          | [string, [string, string[]][]][]
          | null;
        if (reply === null) {
          const state = await ctx.queue.getJobState(jobId);
          if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
          // Finished without a last entry (it stalled too often, or was removed): BullMQ decides.
          const more = (await reader.xrange(key, lastId === '0' ? '-' : `(${lastId}`, '+')) as [
            string,
            string[],
          ][];
          if (more.length > 0) {
            lastId = more[more.length - 1]![0];
            continue;
          }
          try {
            yield { type: 'job-completed', attempt: 0, result: await this.result() };
          } catch (error) {
            yield { type: 'job-failed', attempt: 0, error: error as QueueRunError, willRetry: false };
          }
          return;
        }
        for (const entry of decodeEntries(reply[0]![1])) {
          lastId = entry.id;
          if (entry.kind === 'e') yield entry.data as E;
          else if (entry.kind === 's') yield { type: 'job-started', attempt: entry.attempt };
          else if (entry.kind === 'r') {
            yield { type: 'job-completed', attempt: entry.attempt, result: entry.data as R };
            return;
          } else {
            const error = QueueRunError.fromRemote(entry.data as RemoteErrorInfo, jobId, entry.attempt);
            yield { type: 'job-failed', attempt: entry.attempt, error, willRetry: entry.willRetry };
            if (!entry.willRetry) return;
          }
        }
      }
    } finally {
      reader.disconnect();
    }
  }

  /**
   * Cancels the run: the worker running it aborts its signal (the run fails with code
   * `aborted`, and is not retried); a worker that takes it later fails it at once.
   */
  cancel(): Promise<void> {
    return this.ctx.cancel(this.jobId);
  }
}
