/**
 * Per-step policies: retries with exponential backoff, time limits, and turning whatever a
 * step throws (or an aborted signal) into a typed error.
 */
import { AbortedError, AgnoError, errorMessage, TimeoutError } from '@agno/core';
import type { RetryPolicy, StepOptions } from './types.js';

/** A signal that never aborts: runs without a signal or a stream use it, and skip abort races. */
export const NEVER: AbortSignal = new AbortController().signal;

/** A retry policy with every default filled in. */
export interface ResolvedRetry {
  max: number;
  backoffMs: number;
  factor: number;
  maxBackoffMs: number;
  jitter: boolean;
  retryIf: (error: AgnoError, attempt: number) => boolean;
}

const NO_RETRY: ResolvedRetry = {
  max: 0,
  backoffMs: 0,
  factor: 1,
  maxBackoffMs: 0,
  jitter: false,
  retryIf: () => false,
};

/** Retries everything but cancellations and configuration errors. */
export function defaultRetryIf(error: AgnoError): boolean {
  return error.code !== 'aborted' && error.code !== 'config_error';
}

const resolved = new WeakMap<object, ResolvedRetry>();

/** The resolved retry policy of a step's options (cached per options object). */
export function retryOf(options: StepOptions<any>): ResolvedRetry {
  const r = options.retries;
  if (r === undefined || r === 0) return NO_RETRY;
  const hit = resolved.get(options);
  if (hit !== undefined) return hit;
  const p: RetryPolicy = typeof r === 'number' ? { max: r } : r;
  const out: ResolvedRetry = {
    max: p.max,
    backoffMs: p.backoffMs ?? 100,
    factor: p.factor ?? 2,
    maxBackoffMs: p.maxBackoffMs ?? 30_000,
    jitter: p.jitter ?? false,
    retryIf: p.retryIf ?? defaultRetryIf,
  };
  resolved.set(options, out);
  return out;
}

/** How long to wait before attempt `attempt + 1` (attempts count from 1). */
export function backoffDelay(policy: ResolvedRetry, attempt: number): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * policy.factor ** (attempt - 1));
  return policy.jitter ? base / 2 + Math.random() * (base / 2) : base;
}

/** The typed error an aborted signal stands for. */
export function abortError(signal: AbortSignal): AgnoError {
  const reason = signal.reason;
  if (reason instanceof AgnoError) return reason;
  return new AbortedError('the workflow run was aborted', { cause: reason });
}

/** Turns anything a step threw into an {@link AgnoError} (plain errors become `tool_error`). */
export function toAgnoError(error: unknown): AgnoError {
  if (error instanceof AgnoError) return error;
  return new AgnoError('tool_error', errorMessage(error), { cause: error });
}

/** Callbacks waiting for one signal to abort. */
type Waiters = Set<() => void>;

const hubs = new WeakMap<AbortSignal, Waiters>();

/**
 * The callbacks run when `signal` aborts. One DOM listener per signal fans out to all of them,
 * so that thousands of steps under one signal neither pay EventTarget's cost each nor trip
 * Node's listener-leak warning. Add and delete callbacks on the returned set.
 */
export function waitersOf(signal: AbortSignal): Waiters {
  let set = hubs.get(signal);
  if (set === undefined) {
    const waiters: Waiters = new Set();
    set = waiters;
    hubs.set(signal, waiters);
    signal.addEventListener(
      'abort',
      () => {
        for (const fn of [...waiters]) fn();
        waiters.clear();
      },
      { once: true },
    );
  }
  return set;
}

/** Waits `ms`, or rejects with the signal's error when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  const waiters = waitersOf(signal);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      waiters.delete(onAbort);
      resolve();
    }, ms);
    waiters.add(onAbort);
  });
}

/** Settles a {@link raceAbort} race: one object per race instead of several closures. */
class Race<T> {
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  constructor(
    readonly signal: AbortSignal,
    readonly waiters: Waiters,
  ) {}
  readonly onAbort = (): void => this.reject(abortError(this.signal));
  readonly onValue = (value: T): void => {
    this.waiters.delete(this.onAbort);
    this.resolve(value);
  };
  readonly onError = (error: unknown): void => {
    this.waiters.delete(this.onAbort);
    this.reject(error);
  };
}

/**
 * Settles with `promise`, or rejects with the signal's error as soon as it aborts, so that a
 * step that ignores its signal cannot hold the workflow.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
  const race = new Race<T>(signal, waitersOf(signal));
  const out = new Promise<T>((resolve, reject) => {
    race.resolve = resolve;
    race.reject = reject;
  });
  race.waiters.add(race.onAbort);
  promise.then(race.onValue, race.onError);
  return out;
}

/** A signal that follows `parent` and also aborts with a `timeout` error after `ms`. */
export class TimeLimit {
  readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly waiters: Waiters | undefined;
  private readonly onParentAbort = (): void => this.controller.abort(this.parent.reason);

  constructor(
    private readonly parent: AbortSignal,
    ms: number,
    what: string,
  ) {
    const controller = this.controller;
    if (parent.aborted) controller.abort(parent.reason);
    else {
      this.waiters = waitersOf(parent);
      this.waiters.add(this.onParentAbort);
    }
    this.timer = setTimeout(
      () => controller.abort(new TimeoutError(`${what} took longer than ${ms} ms`)),
      ms,
    );
  }

  /** The signal to give the step. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the timer and unlinks from the parent. */
  dispose(): void {
    clearTimeout(this.timer);
    this.waiters?.delete(this.onParentAbort);
  }
}

/** A child of `parent` that a group can abort on its own (fail-fast, early exit). */
export class ChildSignal {
  readonly controller = new AbortController();
  private readonly waiters: Waiters | undefined;
  private readonly onParentAbort = (): void => this.controller.abort(this.parent.reason);

  constructor(private readonly parent: AbortSignal) {
    const controller = this.controller;
    if (parent.aborted) controller.abort(parent.reason);
    else {
      this.waiters = waitersOf(parent);
      this.waiters.add(this.onParentAbort);
    }
  }

  /** The child signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts the child only. */
  abort(reason: unknown): void {
    this.controller.abort(reason);
  }

  /** Unlinks from the parent. */
  dispose(): void {
    this.waiters?.delete(this.onParentAbort);
  }
}
