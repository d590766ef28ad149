/**
 * The runs a server is driving: each one pumps its events into an {@link EventLog} that any number
 * of HTTP responses read from, can be cancelled from any request, and stays readable for a while
 * after it ended so that a client that lost its connection can fetch the rest.
 */
import { AbortedError, ConflictError } from '@agno/core';
import { drainWithin } from './drain.js';
import { EventLog } from './event-log.js';
import type { ResumeRequest, RunSource, RunTarget, StartRequest } from './targets.js';
import { serialise, serialiseEvent, wireResult } from './wire.js';

/** Where a run stands. */
export type RunStatus = 'running' | 'completed' | 'paused' | 'error';

/** A run the server drives (or drove recently). */
export interface RunEntry {
  readonly runId: string;
  readonly target: RunTarget;
  readonly userId: string | undefined;
  readonly sessionId: string | undefined;
  readonly log: EventLog;
  status: RunStatus;
  /** The run's result in wire form, once it ended without error. */
  result?: unknown;
  /** The run's error, when it failed. */
  error?: unknown;
  /** Keep the run going when its last reader disconnects. */
  keepRunning: boolean;
  /** Resolves when the run ended (never rejects). */
  done: Promise<void>;
  startedAt: number;
  endedAt?: number;
  /** Stops the run. */
  cancel(reason?: unknown): void;
  /** A run started elsewhere that this server only follows (shutdown neither waits for it nor stops it). */
  attached?: boolean;
}

/** Options of a {@link RunRegistry}. */
export interface RunRegistryOptions {
  /** Events kept per run for readers that come later (default 1024). */
  maxEvents?: number;
  /** How far a run may get ahead of its slowest attached reader, in events (default 64). */
  window?: number;
  /** How long an ended run stays readable (default 5 minutes). */
  retainMs?: number;
  /** How many ended runs stay readable at most (default 1000; the oldest go first). */
  maxRetained?: number;
}

/** How a run starts: fresh, or resuming a paused one. */
export type RunStart =
  | { kind: 'start'; request: Omit<StartRequest, 'signal'> }
  | { kind: 'resume'; request: Omit<ResumeRequest, 'signal'> };

/** The registry of runs. */
export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();
  private readonly ended: RunEntry[] = [];
  private readonly options: Required<RunRegistryOptions>;

  constructor(options: RunRegistryOptions = {}) {
    this.options = {
      maxEvents: options.maxEvents ?? 1024,
      window: options.window ?? 64,
      retainMs: options.retainMs ?? 5 * 60_000,
      maxRetained: options.maxRetained ?? 1000,
    };
  }

  /** A run by id, while it runs or is retained. */
  get(runId: string): RunEntry | undefined {
    const entry = this.runs.get(runId);
    if (
      entry?.endedAt !== undefined &&
      entry.status !== 'running' &&
      entry.endedAt + this.options.retainMs <= Date.now()
    ) {
      this.sweep(Date.now());
      return this.runs.get(runId);
    }
    return entry;
  }

  /** Runs in flight. */
  get running(): number {
    let n = 0;
    for (const e of this.runs.values()) if (e.status === 'running') n++;
    return n;
  }

  /**
   * Starts a run and its pump. A resumed run keeps its log, so event ids go on from where the
   * paused part stopped. Refuses (409) a run id that is running.
   */
  start(
    target: RunTarget,
    how: RunStart,
    meta: {
      userId: string | undefined;
      sessionId: string | undefined;
      keepRunning: boolean;
      quiet?: boolean;
    },
  ): RunEntry {
    const runId = how.request.runId;
    const previous = this.runs.get(runId);
    if (previous?.status === 'running') throw new ConflictError(`run "${runId}" is running`);
    const controller = new AbortController();
    let source: RunSource | undefined;
    // A run started here stops through its signal (so that it still reports its error event).
    const entry = this.entry(target, runId, meta, controller, () => {}, previous);
    if (meta.quiet && how.kind === 'start' && target.run !== undefined) {
      // Nobody streams it: run it without events; its log gets only `done`.
      let result: Promise<unknown>;
      try {
        result = target.run({ ...how.request, signal: controller.signal });
      } catch (error) {
        result = Promise.reject(error);
      }
      entry.done = result.then(
        (r) => this.finish(entry, r, undefined),
        (e) => this.finish(entry, undefined, e ?? new AbortedError('the run failed')),
      );
      return entry;
    }
    try {
      source =
        how.kind === 'start'
          ? target.start({ ...how.request, signal: controller.signal })
          : target.resume({ ...how.request, signal: controller.signal });
    } catch (error) {
      this.finish(entry, undefined, error);
      return entry;
    }
    entry.done = this.pump(entry, source);
    return entry;
  }

  /**
   * Follows a run started elsewhere (another server, a queue's worker): its events are pumped from
   * `source`, read from its first event, so event ids match those the starting server gave.
   */
  adopt(
    target: RunTarget,
    runId: string,
    source: RunSource,
    meta: { userId: string | undefined; sessionId: string | undefined; keepRunning: boolean },
  ): RunEntry {
    const entry = this.entry(target, runId, meta, new AbortController(), () => source.abort());
    entry.attached = true;
    entry.done = this.pump(entry, source);
    return entry;
  }

  /** Cancels a running run; false when it is not running. */
  cancel(runId: string, reason?: unknown): boolean {
    const entry = this.runs.get(runId);
    if (entry === undefined || entry.status !== 'running') return false;
    entry.cancel(reason);
    return true;
  }

  /**
   * Waits for the runs in flight; past `timeoutMs` they are cancelled (and still awaited, so their
   * error events and store writes happen).
   */
  async drain(timeoutMs?: number): Promise<void> {
    const mine = [...this.runs.values()].filter((e) => e.status === 'running' && !e.attached);
    await drainWithin(
      mine.map((e) => e.done),
      timeoutMs,
      () => {
        for (const e of mine) e.cancel(new AbortedError('the server is shutting down'));
      },
    );
  }

  private entry(
    target: RunTarget,
    runId: string,
    meta: { userId: string | undefined; sessionId: string | undefined; keepRunning: boolean },
    controller: AbortController,
    abortSource: () => void,
    previous?: RunEntry,
  ): RunEntry {
    const log =
      previous?.log ?? new EventLog({ maxEvents: this.options.maxEvents, window: this.options.window });
    log.ended = false;
    const entry: RunEntry = {
      runId,
      target,
      userId: meta.userId,
      sessionId: meta.sessionId,
      log,
      status: 'running',
      keepRunning: meta.keepRunning,
      done: Promise.resolve(),
      startedAt: Date.now(),
      cancel: (reason) => {
        if (entry.status !== 'running') return;
        if (!controller.signal.aborted) controller.abort(reason ?? new AbortedError('the run was cancelled'));
        abortSource();
      },
    };
    this.runs.set(runId, entry);
    return entry;
  }

  private async pump(entry: RunEntry, source: RunSource): Promise<void> {
    const log = entry.log;
    try {
      for await (const event of source) {
        log.append(event, serialiseEvent);
        const wait = log.room();
        if (wait !== undefined) await wait;
      }
    } catch {
      // The source's error is its result's; read below.
    }
    let result: unknown;
    let error: unknown;
    try {
      result = await source.result;
    } catch (e) {
      error = e;
    }
    this.finish(entry, result, error);
  }

  private finish(entry: RunEntry, result: unknown, error: unknown): void {
    if (error !== undefined) {
      entry.status = 'error';
      entry.error = error;
    } else {
      const status = (result as { status?: unknown } | undefined)?.status;
      entry.status = status === 'paused' ? 'paused' : 'completed';
      entry.result = wireResult(result);
    }
    entry.endedAt = Date.now();
    entry.log.append(
      { type: 'done', runId: entry.runId, status: entry.status } as { type: string },
      serialise,
    );
    entry.log.end();
    this.retain(entry);
  }

  /**
   * Keeps an ended run readable: ended runs are kept in the order they ended, and the oldest are
   * dropped once there are more than `maxRetained` or they ended more than `retainMs` ago (checked
   * as runs end and as they are read: no timer per run).
   */
  private retain(entry: RunEntry): void {
    this.ended.push(entry);
    this.sweep(entry.endedAt!);
  }

  private sweep(now: number): void {
    const { retainMs, maxRetained } = this.options;
    while (this.ended.length > 0) {
      const oldest = this.ended[0]!;
      if (this.ended.length <= maxRetained && oldest.endedAt! + retainMs > now) break;
      this.ended.shift();
      // A run resumed under the same id is a new entry (or running again): keep it.
      if (this.runs.get(oldest.runId) === oldest && oldest.status !== 'running')
        this.runs.delete(oldest.runId);
    }
  }
}
