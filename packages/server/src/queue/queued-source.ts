/**
 * A queued run as the server drives it: the job's events read from Redis (from the first, so every
 * server numbers them alike) and mapped to what a local run yields, the job's result, and
 * cancellation through the queue.
 */
import { linkSignal } from '@agno/core';
import type { RunHandle } from '@agno/queue-bullmq';
import type { RunSource } from '../targets.js';
import { AttemptReplay, type RunEventLike } from './attempt-replay.js';

/** A handle as the source reads it. */
export type AnyRunHandle = RunHandle<unknown, RunEventLike>;

/**
 * The events of `handle`'s job as a run's events: `job-started` marks attempts (never sent),
 * attempts after the first pass through an {@link AttemptReplay}, a `run-error` of an attempt that
 * will be retried is dropped, and the iteration ends at the job's last event.
 */
async function* runEvents(open: Promise<AnyRunHandle>, runId: string): AsyncGenerator<RunEventLike> {
  const handle = await open;
  const replay = new AttemptReplay(runId);
  // A run's `run-error` is sent once we know the attempt is the last one.
  let held: RunEventLike | undefined;
  for await (const event of handle.events()) {
    switch (event.type) {
      case 'job-started':
        if (held !== undefined) yield* replay.push(held);
        held = undefined;
        replay.startAttempt((event as { attempt: number }).attempt);
        break;
      case 'job-completed':
        if (held !== undefined) yield* replay.push(held);
        return;
      case 'job-failed':
        if ((event as { willRetry: boolean }).willRetry) held = undefined;
        else {
          if (held !== undefined) yield* replay.push(held);
          return;
        }
        break;
      default:
        if (held !== undefined) yield* replay.push(held);
        held = undefined;
        if (event.type === 'run-error') held = event;
        else yield* replay.push(event);
    }
  }
  if (held !== undefined) yield* replay.push(held);
}

/**
 * A {@link RunSource} over the job `handle` (a promise while it is being enqueued): `signal`
 * (when given) and `abort()` cancel the job on its worker.
 */
export function queuedSource(open: Promise<AnyRunHandle>, runId: string, signal?: AbortSignal): RunSource {
  let cancelled = false;
  const abort = () => {
    if (cancelled) return;
    cancelled = true;
    open.then((h) => h.cancel()).catch(() => {});
  };
  const result = open.then((h) => h.result());
  // The registry reads the result after the events; until then a rejection is not unhandled.
  result.catch(() => {});
  if (signal !== undefined) {
    const unlink = linkSignal(signal, abort); // calls abort at once when already aborted
    result.then(unlink, unlink);
  }
  return {
    result,
    abort,
    [Symbol.asyncIterator]: () => runEvents(open, runId),
  };
}
