/**
 * A batch processor: callers submit one item each; items are collected until `maxBatchSize`
 * are waiting or the oldest has waited `maxWaitMs`, then handed together to the batch
 * function, and each caller gets its own result or error.
 *
 * The batch function's contract: it receives the items in submission order and returns an
 * array with exactly one element per item, in the same order. An element that is an `Error`
 * instance fails that item only (its caller's promise rejects with it); a promise settles that
 * item when it settles (a rejection fails it); any other element is that item's result. If the
 * function throws (or rejects), every item of the batch fails with that error; if it returns the
 * wrong number of results, every item fails with a ValidationError. To resolve an item with an
 * Error object as its value, wrap it.
 *
 * With `batchTimeoutMs`, a batch (its item promises included) that has not settled in time fails
 * its unsettled items with a TimeoutError, frees its slot for the next batch, and aborts the
 * signal the batch function receives.
 */
import { AbortedError, ConfigError, ValidationError } from '@agno/core';
import { linkSignal, SignalScope } from '@agno/core/utils';
import { QueueFullError } from './errors.js';

/** What the batch function receives besides the items. */
export interface BatchContext {
  /** Aborts when the batch times out (only with `batchTimeoutMs`). Stop the work when it does. */
  signal?: AbortSignal;
}

/** Processes a batch: one result, one `Error` instance, or one promise of a result, per item, in order. */
export type BatchFunction<I, O> = (
  items: I[],
  context: BatchContext,
) => ReadonlyArray<O | Error | PromiseLike<O>> | Promise<ReadonlyArray<O | Error | PromiseLike<O>>>;

const NO_CONTEXT: BatchContext = Object.freeze({});

/** Options of a {@link BatchProcessor}. */
export interface BatchProcessorOptions<I, O> {
  /** Processes one batch. See the contract above. */
  run: BatchFunction<I, O>;
  /** Most items per batch; a full batch goes at once. Default 16. */
  maxBatchSize?: number;
  /** Longest an item waits for its batch to fill, in ms. Default 10. */
  maxWaitMs?: number;
  /** Batches in flight at once. Default 1. */
  concurrency?: number;
  /** Items that may wait; more are rejected with QueueFullError. Default unbounded. */
  maxQueue?: number;
  /** Longest a batch may run, in ms; then its unsettled items fail with a TimeoutError. Default none. */
  batchTimeoutMs?: number;
}

/** Counters of a {@link BatchProcessor}. */
export interface BatchStats {
  /** Batches started. */
  batches: number;
  /** Items handed to the batch function. */
  items: number;
  /** Items that failed (per-item errors, rejected item promises, failed batches). */
  failedItems: number;
  /** Batches whose function threw, broke the contract or timed out. */
  failedBatches: number;
  /** Largest batch so far. */
  largestBatch: number;
  /** Items waiting now. */
  pending: number;
  /** Batches running now. */
  inFlight: number;
}

/** One submitted item. */
class Submission<O> {
  settled = false;
  /** Removes the abort listener (when the item has a signal). */
  unlink: (() => void) | undefined = undefined;
  constructor(
    readonly item: unknown,
    readonly at: number,
    readonly resolve: (value: O) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  /** Settles the caller's promise; false when it was settled already. */
  settle(ok: boolean, value: unknown): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.unlink?.();
    if (ok) this.resolve(value as O);
    else this.reject(value);
    return true;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** Collects items into batches. See the module comment for the batch function's contract. */
export class BatchProcessor<I, O> {
  private readonly fn: BatchFunction<I, O>;
  private readonly maxBatchSize: number;
  private readonly maxWaitMs: number;
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private readonly timeoutMs: number | undefined;
  private pending: Submission<O>[] = [];
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private flushing = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private counters = { batches: 0, items: 0, failedItems: 0, failedBatches: 0, largestBatch: 0 };
  /** Set when the wait timer fired: the oldest waiting item is due. */
  private expired = false;
  private readonly onTimer = () => {
    this.timer = undefined;
    this.expired = true;
    this.dispatch();
  };

  constructor(options: BatchProcessorOptions<I, O>) {
    if (typeof options.run !== 'function') throw new ConfigError('a batch processor needs a run function');
    const size = options.maxBatchSize ?? 16;
    const wait = options.maxWaitMs ?? 10;
    const concurrency = options.concurrency ?? 1;
    const maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
    if (!Number.isInteger(size) || size < 1)
      throw new ConfigError(`maxBatchSize must be a whole number ≥ 1, got ${size}`);
    if (!(wait >= 0)) throw new ConfigError(`maxWaitMs must be ≥ 0, got ${wait}`);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new ConfigError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
    }
    if (!(maxQueue === Number.POSITIVE_INFINITY || (Number.isInteger(maxQueue) && maxQueue >= 0))) {
      throw new ConfigError(`maxQueue must be a whole number ≥ 0, got ${maxQueue}`);
    }
    const timeout = options.batchTimeoutMs;
    if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) {
      throw new ConfigError(
        `batchTimeoutMs must be a number > 0 (Infinity for none), got ${String(timeout)}`,
      );
    }
    this.timeoutMs = timeout === Number.POSITIVE_INFINITY ? undefined : timeout;
    this.fn = options.run;
    this.maxBatchSize = size;
    this.maxWaitMs = wait;
    this.concurrency = concurrency;
    this.maxQueue = maxQueue;
  }

  /**
   * Submits one item; resolves with its result or rejects with its error. Rejects with
   * QueueFullError when `maxQueue` items wait, and with an AbortedError when `signal` aborts
   * first (a waiting item leaves its batch; a running one's result is dropped).
   */
  submit(item: I, options?: { signal?: AbortSignal }): Promise<O> {
    if (this.closed) return Promise.reject(new AbortedError('the batch processor is closed'));
    const signal = options?.signal;
    if (signal?.aborted)
      return Promise.reject(new AbortedError('the item was aborted', { cause: signal.reason }));
    if (this.pending.length >= this.maxQueue) {
      return Promise.reject(new QueueFullError('batch processor', this.maxQueue));
    }
    return new Promise<O>((resolve, reject) => {
      const sub = new Submission<O>(item, performance.now(), resolve, reject);
      this.pending.push(sub);
      if (signal !== undefined) this.link(sub, signal);
      this.dispatch();
    });
  }

  /** Sends what is waiting now, without waiting for batches to fill. */
  flush(): void {
    if (this.pending.length === 0) return;
    this.flushing = true;
    this.dispatch();
  }

  /** Refuses new items, sends what is waiting, and resolves when every batch has finished. */
  close(): Promise<void> {
    this.closed = true;
    this.flush();
    if (this.pending.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A snapshot of the counters. */
  stats(): BatchStats {
    return { ...this.counters, pending: this.pending.length, inFlight: this.inFlight };
  }

  /** Links `sub` to its signal (a method: the closure exists only for items with a signal). */
  private link(sub: Submission<O>, signal: AbortSignal): void {
    sub.unlink = linkSignal(signal, (reason) => this.abandon(sub, reason));
  }

  /** An item's signal aborted. */
  private abandon(sub: Submission<O>, reason: unknown): void {
    if (sub.settled) return;
    const i = this.pending.indexOf(sub);
    if (i >= 0) this.pending.splice(i, 1);
    sub.settle(false, new AbortedError('the item was aborted', { cause: reason }));
    if (this.pending.length === 0) this.clearTimer();
    this.notifyIdle();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private dispatch(): void {
    while (this.inFlight < this.concurrency && this.pending.length > 0) {
      const due =
        this.flushing ||
        this.expired ||
        this.pending.length >= this.maxBatchSize ||
        performance.now() - this.pending[0]!.at >= this.maxWaitMs;
      if (!due) break;
      const batch = this.pending.splice(0, this.maxBatchSize);
      this.expired = false;
      if (this.pending.length === 0) this.flushing = false;
      void this.runBatch(batch);
    }
    if (this.pending.length === 0) {
      this.clearTimer();
      this.flushing = false;
    } else if (this.timer === undefined && this.inFlight < this.concurrency) {
      const wait = Math.max(0, this.pending[0]!.at + this.maxWaitMs - performance.now());
      this.timer = setTimeout(this.onTimer, wait);
    }
  }

  private async runBatch(batch: Submission<O>[]): Promise<void> {
    const n = batch.length;
    this.inFlight++;
    this.counters.batches++;
    this.counters.items += n;
    if (n > this.counters.largestBatch) this.counters.largestBatch = n;
    // A scope only with a timeout: the plain path allocates no controller.
    const scope =
      this.timeoutMs === undefined
        ? undefined
        : new SignalScope(undefined, { timeoutMs: this.timeoutMs, what: 'the batch' });
    try {
      const items = new Array<I>(n);
      for (let i = 0; i < n; i++) items[i] = batch[i]!.item as I;
      let results: ReadonlyArray<O | Error | PromiseLike<O>>;
      try {
        const out = this.fn(items, scope === undefined ? NO_CONTEXT : { signal: scope.signal });
        results = scope === undefined ? await out : await scope.race(Promise.resolve(out));
      } catch (error) {
        this.failBatch(batch, error);
        return;
      }
      if (!Array.isArray(results) || results.length !== n) {
        const got = Array.isArray(results) ? `${results.length} results` : `a ${typeof results}`;
        this.failBatch(
          batch,
          new ValidationError(
            `the batch function must return one result per item: got ${got} for ${n} items`,
          ),
        );
        return;
      }
      const waits = this.settleAll(batch, results);
      if (waits === undefined) return;
      try {
        await (scope === undefined ? Promise.all(waits) : scope.race(Promise.all(waits)));
      } catch (error) {
        this.failBatch(batch, error);
      }
    } finally {
      scope?.dispose();
      this.inFlight--;
      this.dispatch();
      this.notifyIdle();
    }
  }

  /** Settles each item from its result; returns the waits of results that are promises. */
  private settleAll(
    batch: Submission<O>[],
    results: ReadonlyArray<O | Error | PromiseLike<O>>,
  ): Promise<void>[] | undefined {
    let waits: Promise<void>[] | undefined;
    for (let i = 0; i < batch.length; i++) {
      const r = results[i];
      if (r instanceof Error) {
        this.counters.failedItems++;
        batch[i]!.settle(false, r);
      } else if (isThenable(r)) (waits ??= []).push(this.settleLater(batch[i]!, r));
      else batch[i]!.settle(true, r);
    }
    return waits;
  }

  /** Settles `sub` when its result promise settles (no closure in the per-item loop above). */
  private settleLater(sub: Submission<O>, result: PromiseLike<O>): Promise<void> {
    return Promise.resolve(result).then(
      (value) => void sub.settle(true, value),
      (error: unknown) => {
        if (sub.settle(false, error)) this.counters.failedItems++;
      },
    );
  }

  /** Fails every item of `batch` not settled yet with `error`. */
  private failBatch(batch: Submission<O>[], error: unknown): void {
    this.counters.failedBatches++;
    for (const sub of batch) if (sub.settle(false, error)) this.counters.failedItems++;
  }

  private notifyIdle(): void {
    if (this.pending.length > 0 || this.inFlight > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
