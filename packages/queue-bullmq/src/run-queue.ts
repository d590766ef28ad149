/**
 * The producer: enqueues agent and workflow runs by registered name on a BullMQ queue and
 * hands back a {@link RunHandle} per run.
 */
import { type AgentEvent, type RunInput, type RunResult, ValidationError } from '@agno/core';
import { type JobsOptions, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { openRedis, type RedisConnection } from './connection.js';
import type { QueuedRunOptions, RunJobData } from './job-data.js';
import { cancelChannel, cancelKey, DEFAULT_PREFIX, eventsKey } from './keys.js';
import { type HandleContext, RunHandle } from './run-handle.js';
import type { QueuedWorkflowResult, WorkflowEventLike } from './types.js';

/** Default name of the queue. */
export const DEFAULT_QUEUE = 'agno-runs';

/** Options of a {@link RunQueue}. */
export interface RunQueueOptions {
  /** Redis URL or ioredis client (copied, not shared). */
  connection: RedisConnection;
  /** Queue name; workers must use the same. Default `agno-runs`. */
  queueName?: string;
  /** Key prefix (BullMQ's). Default `bull`. */
  prefix?: string;
  /** Attempts per job (1 = no retry). Default 3. */
  attempts?: number;
  /** Delay before a retry: exponential from `delayMs` (default 1000), or fixed. */
  backoff?: { type: 'exponential' | 'fixed'; delayMs: number };
  /** Completed and failed jobs kept in Redis (count). Default 1000 each. */
  keepJobs?: number;
  /** How long a cancellation mark waits for a worker, in seconds. Default 3600. */
  cancelTtlSeconds?: number;
}

/** Options of one enqueued run. */
export interface EnqueueOptions {
  sessionId?: string;
  userId?: string;
  /** Job id (and run id on the worker). A job with an id already queued is not added again. */
  jobId?: string;
  /** Overrides the queue's `attempts`. */
  attempts?: number;
  /** Lower runs first (BullMQ priority). */
  priority?: number;
  /** Run options passed to the agent (JSON only). */
  runOptions?: QueuedRunOptions;
}

/** The producer side. One per process is enough; `close()` when done. */
export class RunQueue implements HandleContext {
  /** The BullMQ queue. */
  readonly queue: Queue;
  /** The client for the queue's own keys (events, cancellations). */
  readonly redis: Redis;
  private readonly options: RunQueueOptions;
  private readonly name: string;
  private readonly prefix: string;
  private listening: Promise<QueueEvents> | undefined = undefined;
  private listenerConnection: Redis | undefined = undefined;

  constructor(options: RunQueueOptions) {
    this.options = options;
    this.name = options.queueName ?? DEFAULT_QUEUE;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.redis = openRedis(options.connection);
    this.queue = new Queue(this.name, { connection: this.redis, prefix: this.prefix });
    // Every handle waiting for its result listens for the queue closing.
    this.queue.setMaxListeners(0);
  }

  /** Enqueues a run of the agent registered on the workers as `agent`. */
  enqueueAgent<T = string>(
    agent: string,
    input: RunInput,
    options: EnqueueOptions = {},
  ): Promise<RunHandle<RunResult<T>, AgentEvent>> {
    return this.enqueue('agent', agent, input, options);
  }

  /** Enqueues a run of the workflow registered on the workers as `workflow`. */
  enqueueWorkflow<O = unknown>(
    workflow: string,
    input: unknown,
    options: EnqueueOptions = {},
  ): Promise<RunHandle<QueuedWorkflowResult<O>, WorkflowEventLike>> {
    return this.enqueue('workflow', workflow, input, options);
  }

  /** A handle on a job enqueued earlier (by this process or another). */
  handle<R = unknown, E = unknown>(jobId: string): RunHandle<R, E> {
    return new RunHandle<R, E>(this, jobId, undefined);
  }

  private async enqueue<R, E>(
    kind: RunJobData['kind'],
    name: string,
    input: unknown,
    options: EnqueueOptions,
  ): Promise<RunHandle<R, E>> {
    if (typeof name !== 'string' || name.length === 0) {
      throw new ValidationError(`an ${kind} name must be a non-empty string`);
    }
    const data: RunJobData = { kind, name, input };
    if (options.sessionId !== undefined) data.sessionId = options.sessionId;
    if (options.userId !== undefined) data.userId = options.userId;
    if (options.runOptions !== undefined) data.options = options.runOptions;
    assertJSON(data);
    const o = this.options;
    const keep = o.keepJobs ?? 1000;
    const jobOptions: JobsOptions = {
      attempts: options.attempts ?? o.attempts ?? 3,
      backoff: { type: o.backoff?.type ?? 'exponential', delay: o.backoff?.delayMs ?? 1000 },
      removeOnComplete: keep,
      removeOnFail: keep,
    };
    if (options.jobId !== undefined) jobOptions.jobId = options.jobId;
    if (options.priority !== undefined) jobOptions.priority = options.priority;
    const job = await this.queue.add(`${kind}:${name}`, data, jobOptions);
    return new RunHandle<R, E>(this, job.id!, job);
  }

  /** @internal The queue's event listener, opened on first use. */
  queueEvents(): Promise<QueueEvents> {
    this.listening ??= (async () => {
      // Listen from the queue's latest event, not from whenever the listener's first read
      // happens: a job finishing in between would otherwise be missed.
      const latest = (await this.redis.xrevrange(
        `${this.prefix}:${this.name}:events`,
        '+',
        '-',
        'COUNT',
        1,
      )) as [string, string[]][];
      this.listenerConnection = openRedis(this.redis);
      const events = new QueueEvents(this.name, {
        connection: this.listenerConnection,
        prefix: this.prefix,
        lastEventId: latest[0]?.[0] ?? '0-0',
      });
      events.setMaxListeners(0);
      await events.waitUntilReady();
      return events;
    })();
    return this.listening;
  }

  /** @internal A new connection for one blocking reader. */
  openReader(): Redis {
    return openRedis(this.redis);
  }

  /** @internal The Redis stream of a job's events. */
  eventsKey(jobId: string): string {
    return eventsKey(this.prefix, this.name, jobId);
  }

  /** @internal Marks a job cancelled and tells the workers. */
  async cancel(jobId: string): Promise<void> {
    await this.redis
      .multi()
      .set(cancelKey(this.prefix, this.name, jobId), '1', 'EX', this.options.cancelTtlSeconds ?? 3600)
      .publish(cancelChannel(this.prefix, this.name), jobId)
      .exec();
  }

  /** Closes the queue and its connections. */
  async close(): Promise<void> {
    const listening = this.listening;
    this.listening = undefined;
    if (listening !== undefined) {
      const events = await listening;
      await events.close();
      this.listenerConnection?.disconnect();
    }
    await this.queue.close();
    this.redis.disconnect();
  }
}

function assertJSON(data: RunJobData): void {
  try {
    JSON.stringify(data);
  } catch (error) {
    throw new ValidationError('the run input and options must be JSON data', [String(error)], {
      cause: error,
    });
  }
}
