/**
 * The worker side: agents and workflows registered by name, jobs processed by a BullMQ
 * worker with a concurrency setting. Each run's events go to the job's Redis stream as they
 * happen; a cancellation published by a caller aborts the run's signal.
 */
import { type Agent, AgnoError, type DocumentStore, type ErrorCode } from '@agno/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { openRedis, type RedisConnection } from './connection.js';
import { describeError } from './errors.js';
import { EventLogWriter } from './event-log.js';
import type { RunJobData } from './job-data.js';
import { cancelChannel, cancelKey, DEFAULT_PREFIX, eventsKey } from './keys.js';
import { DEFAULT_QUEUE } from './run-queue.js';
import type {
  QueuedWorkflowResult,
  WorkflowLike,
  WorkflowSnapshotLike,
  WorkflowStreamLike,
} from './types.js';

/** Codes that no retry can fix: the job fails at once. */
const FINAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'aborted',
  'not_found',
  'config_error',
  'validation_error',
  'auth_error',
  'bad_request',
]);

/** Options of a {@link RunWorker}. */
export interface RunWorkerOptions {
  /** Redis URL or ioredis client (copied, not shared). */
  connection: RedisConnection;
  /** Agents by the name callers enqueue them with. */
  agents?: Record<string, Agent>;
  /** Workflows (`@agno/workflow`) by the name callers enqueue them with. */
  workflows?: Record<string, WorkflowLike>;
  /** Where workflow runs are kept, so that a retried or re-taken job resumes from its last completed step. */
  store?: DocumentStore;
  /** Queue name. Default `agno-runs`. */
  queueName?: string;
  /** Key prefix. Default `bull`. */
  prefix?: string;
  /** Jobs run at once by this worker. Default 1. */
  concurrency?: number;
  /** How long a job's lock lasts without renewal (a dead worker's job is taken again after it). Default 30000 ms. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs. Default 30000 ms. */
  stalledIntervalMs?: number;
  /** How often a job may stall before it fails. Default 1. */
  maxStalledCount?: number;
  /** How long a job's events stay in Redis after its attempt ends, in seconds. Default 3600. */
  eventsTtlSeconds?: number;
  /** Coalesce an agent's text deltas for this many ms before writing them (fewer Redis writes). Default 0. */
  flushIntervalMs?: number;
}

/** A worker process's side of the queue. `await start()`, then `close()` to stop. */
export class RunWorker {
  /** The BullMQ worker. */
  readonly worker: Worker<RunJobData>;
  private readonly options: RunWorkerOptions;
  private readonly name: string;
  private readonly prefix: string;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly workerConnection: Redis;
  private readonly running = new Map<string, AbortController>();

  constructor(options: RunWorkerOptions) {
    this.options = options;
    this.name = options.queueName ?? DEFAULT_QUEUE;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.redis = openRedis(options.connection);
    this.subscriber = openRedis(this.redis);
    this.workerConnection = openRedis(this.redis);
    this.worker = new Worker<RunJobData>(this.name, (job) => this.process(job), {
      connection: this.workerConnection,
      prefix: this.prefix,
      autorun: false,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 1,
    });
    this.subscriber.on('message', (_channel: string, jobId: string) => this.running.get(jobId)?.abort());
  }

  /** Listens for cancellations, then starts taking jobs. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(cancelChannel(this.prefix, this.name));
    void this.worker.run();
    await this.worker.waitUntilReady();
  }

  /** Stops taking jobs, waits for the running ones, and closes the connections. */
  async close(): Promise<void> {
    await this.worker.close();
    this.subscriber.disconnect();
    this.redis.disconnect();
    this.workerConnection.disconnect();
  }

  /** Runs one job: its events to the job's stream, its result back to BullMQ. */
  private async process(job: Job<RunJobData>): Promise<unknown> {
    const jobId = job.id!;
    const data = job.data;
    const log = new EventLogWriter(
      this.redis,
      eventsKey(this.prefix, this.name, jobId),
      String(job.attemptsStarted),
    );
    const ttl = this.options.eventsTtlSeconds ?? 3600;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    try {
      if ((await this.redis.exists(cancelKey(this.prefix, this.name, jobId))) === 1) controller.abort();
      log.append('s', undefined);
      const result =
        data.kind === 'workflow'
          ? await this.runWorkflow(data, jobId, controller.signal, log)
          : await this.runAgent(data, jobId, controller.signal, log);
      log.append('r', result);
      await log.flush(ttl);
      return result;
    } catch (error) {
      const info = describeError(
        controller.signal.aborted && !(error instanceof AgnoError && error.code === 'aborted')
          ? new AgnoError('aborted', 'the run was cancelled', { cause: error })
          : error,
      );
      const final = controller.signal.aborted || FINAL_CODES.has(info.code);
      const willRetry = !final && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      log.append('x', info, willRetry);
      await log.flush(ttl);
      if (final) throw new UnrecoverableError(info.message);
      throw new Error(info.message);
    } finally {
      this.running.delete(jobId);
    }
  }

  private async runAgent(data: RunJobData, jobId: string, signal: AbortSignal, log: EventLogWriter) {
    const agent = this.options.agents?.[data.name];
    if (agent === undefined)
      throw new AgnoError('not_found', `no agent "${data.name}" is registered on this worker`);
    const stream = agent.stream(data.input as Parameters<Agent['run']>[0], {
      ...data.options,
      runId: jobId,
      sessionId: data.sessionId,
      userId: data.userId,
      signal,
      flushIntervalMs: this.options.flushIntervalMs ?? 0,
    });
    for await (const event of stream) log.append('e', event);
    return stream.result;
  }

  private async runWorkflow(
    data: RunJobData,
    jobId: string,
    signal: AbortSignal,
    log: EventLogWriter,
  ): Promise<QueuedWorkflowResult> {
    const workflow = this.options.workflows?.[data.name];
    if (workflow === undefined) {
      throw new AgnoError('not_found', `no workflow "${data.name}" is registered on this worker`);
    }
    const store = this.options.store;
    const options = store === undefined ? { runId: jobId, signal } : { runId: jobId, signal, store };
    let stored: WorkflowSnapshotLike | undefined;
    try {
      stored = await workflow.getRun(jobId, store === undefined ? {} : { store });
    } catch (error) {
      if (!(error instanceof AgnoError && error.code === 'config_error')) throw error;
      stored = undefined; // no store: every attempt starts afresh
    }
    if (stored?.status === 'completed') return fromSnapshot(stored);
    const stream: WorkflowStreamLike =
      stored === undefined ? workflow.stream(data.input, options) : workflow.resumeStream(jobId, {}, options);
    for await (const event of stream) log.append('e', event);
    const result = (await stream.result) as QueuedWorkflowResult & { snapshot?: unknown; pauses?: unknown };
    return {
      runId: result.runId,
      workflow: result.workflow,
      status: result.status,
      output: result.output,
      outputs: result.outputs,
      steps: result.steps,
      state: result.state,
      usage: result.usage,
    };
  }
}

/** The result of a run the store holds as completed (its job is being taken again). */
function fromSnapshot(snapshot: WorkflowSnapshotLike): QueuedWorkflowResult {
  const outputs: Record<string, unknown> = {};
  for (const s of snapshot.steps) if (s.status === 'completed') outputs[s.name] = s.output;
  return {
    runId: snapshot.runId,
    workflow: snapshot.workflow,
    status: snapshot.status,
    output: snapshot.output,
    outputs,
    steps: snapshot.steps,
    state: snapshot.state,
    usage: snapshot.usage,
  };
}
