/**
 * `queueBackend`: the server's runs execute on `@agno/queue-bullmq` workers. Starting a run enqueues
 * a job (its id is the run id; it carries the target's name, the user and the session), the server
 * streams the job's events from Redis, and any server on the same queue can find the run by id
 * (`attach`) and stream it from its first event, with the same event ids.
 */
import { ConfigError, type RunInput } from '@agno/core';
import type { QueuedRunOptions, RunJobData, RunQueue } from '@agno/queue-bullmq';
import type { RunBackend } from '../options.js';
import type { RunTarget, StartRequest, TargetKind } from '../targets.js';
import { type AnyRunHandle, queuedSource } from './queued-source.js';

/** Options of {@link queueBackend}. */
export interface QueueBackendOptions {
  /** Close the queue when the server closes (default false: whoever made the queue closes it). */
  closeQueue?: boolean;
}

/** The run options a job carries; others (such as `flushIntervalMs`) are the worker's to set. */
const JOB_OPTIONS = [
  'maxTokens',
  'temperature',
  'historyLimit',
  'historyUnit',
  'maxToolRounds',
  'timeoutMs',
  'additionalInstructions',
  'metadata',
  'providerOptions',
] as const;

function jobRunOptions(options: Record<string, unknown>): QueuedRunOptions | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of JOB_OPTIONS) {
    if (options[key] !== undefined) (out ??= {})[key] = options[key];
  }
  return out as QueuedRunOptions | undefined;
}

/** What a job of `kind` is on the queue: workers know teams and workflows both as workflows. */
function jobKind(kind: TargetKind): RunJobData['kind'] {
  return kind === 'agent' ? 'agent' : 'workflow';
}

function enqueue(queue: RunQueue, target: RunTarget, r: StartRequest): Promise<AnyRunHandle> {
  const options = {
    jobId: r.runId,
    ...(r.sessionId === undefined ? {} : { sessionId: r.sessionId }),
    ...(r.userId === undefined ? {} : { userId: r.userId }),
  };
  if (target.kind !== 'agent')
    return queue.enqueueWorkflow(target.name, r.input, options) as Promise<AnyRunHandle>;
  const runOptions = jobRunOptions(r.options);
  return queue.enqueueAgent(target.name, r.input as RunInput, {
    ...options,
    ...(runOptions === undefined ? {} : { runOptions }),
  }) as unknown as Promise<AnyRunHandle>;
}

/**
 * A {@link RunBackend} that runs agents, teams and workflows on the workers of `queue` (workers
 * register agents under `agents` and teams and workflows under `workflows`, by the names the server
 * serves them under). Continuing a paused agent run and resuming a paused team or workflow run
 * happen in the server process, on the target's own store, which must be the workers' store: the
 * queue's workers start runs, they do not continue them.
 */
export function queueBackend(queue: RunQueue, options: QueueBackendOptions = {}): RunBackend {
  /** `<job kind>:<name>` → the kind of target the server serves it as. */
  const served = new Map<string, TargetKind>();
  return {
    wrap(target: RunTarget): RunTarget {
      const key = `${jobKind(target.kind)}:${target.name}`;
      const other = served.get(key);
      if (other !== undefined && other !== target.kind) {
        throw new ConfigError(
          `the ${other} and the ${target.kind} "${target.name}" share a name: a queue's workers know both as the workflow "${target.name}"`,
        );
      }
      served.set(key, target.kind);
      return {
        kind: target.kind,
        name: target.name,
        description: target.description,
        start: (r) => queuedSource(enqueue(queue, target, r), r.runId, r.signal),
        resume: (r) => target.resume(r),
      };
    },

    async attach(runId: string) {
      const job = await queue.queue.getJob(runId);
      const data = job?.data as RunJobData | undefined;
      if (data === undefined) return undefined;
      const kind = served.get(`${data.kind}:${data.name}`);
      if (kind === undefined) return undefined;
      const handle = queue.handle<unknown, { type: string; [key: string]: unknown }>(runId);
      return {
        kind,
        name: data.name,
        userId: data.userId,
        sessionId: data.sessionId,
        source: queuedSource(Promise.resolve(handle), runId),
      };
    },

    async close() {
      if (options.closeQueue) await queue.close();
    },
  };
}
