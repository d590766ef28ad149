/**
 * A batch processor: callers submit one item each; items are collected until `maxBatchSize`
 * are waiting or the oldest has waited `maxWaitMs`, then handed together to the batch
 * function, and each caller gets its own result or error.
 *
 * The batch function's contract: it receives the items in submission order and returns an
 * array with exactly one element per item, in the same order. An element that is an `Error`
 * instance fails that item only (its caller's promise rejects with it); any other element is
 * that item's result. If the function throws (or rejects), every item of the batch fails with
 * that error; if it returns the wrong number of results, every item fails with a
 * ValidationError. To resolve an item with an Error object as its value, wrap it.
 */
import { AbortedError, ConfigError, ValidationError } from '@agno/core';
import { QueueFullError } from './errors.js';

/** Processes a batch: one result, or one `Error` instance, per item, in order. */
export type BatchFunction<I, O> = (
  items: I[],
) => ReadonlyArray<O | Error> | Promise<ReadonlyArray<O | Error>>;

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
}

/** Counters of a {@link BatchProcessor}. */
export interface BatchStats {
  /** Batches started. */
  batches: number;
  /** Items handed to the batch function. */
  items: number;
  /** Items that failed (per-item errors and failed batches). */
  failedItems: number;
  /** Batches whose function threw or broke the contract. */
  failedBatches: number;
  /** Largest batch so far. */
  largestBatch: number;
  /** Items waiting now. */
  pending: number;
  /** Batches running now. */
  inFlight: number;
}

/** One submitted item; it is its own abort listener. */
class Submission<I, O> {
  settled = false;
  constructor(
    readonly owner: BatchProcessor<I, O>,
    readonly item: I,
    readonly at: number,
    readonly resolve: (value: O) => void,
    readonly reject: (error: unknown) => void,
    readonly signal: AbortSignal | undefined,
  ) {}

  handleEvent(): void {
    this.owner.abandon(this);
  }

  settle(ok: boolean, value: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.signal?.removeEventListener('abort', this);
    if (ok) this.resolve(value as O);
    else this.reject(value);
  }
}

/** Collects items into batches. See the module comment for the batch function's contract. */
export class BatchProcessor<I, O> {
  private readonly fn: BatchFunction<I, O>;
  private readonly maxBatchSize: number;
  private readonly maxWaitMs: number;
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private pending: Submission<I, O>[] = [];
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
      const sub = new Submission<I, O>(this, item, performance.now(), resolve, reject, signal);
      this.pending.push(sub);
      signal?.addEventListener('abort', sub);
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

  /** @internal An item's signal aborted. */
  abandon(sub: Submission<I, O>): void {
    if (sub.settled) return;
    const i = this.pending.indexOf(sub);
    if (i >= 0) this.pending.splice(i, 1);
    sub.settle(false, new AbortedError('the item was aborted', { cause: sub.signal?.reason }));
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

  private async runBatch(batch: Submission<I, O>[]): Promise<void> {
    const n = batch.length;
    this.inFlight++;
    this.counters.batches++;
    this.counters.items += n;
    if (n > this.counters.largestBatch) this.counters.largestBatch = n;
    try {
      const items = new Array<I>(n);
      for (let i = 0; i < n; i++) items[i] = batch[i]!.item;
      let results: ReadonlyArray<O | Error>;
      try {
        results = await this.fn(items);
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
      for (let i = 0; i < n; i++) {
        const r = results[i];
        if (r instanceof Error) {
          this.counters.failedItems++;
          batch[i]!.settle(false, r);
        } else batch[i]!.settle(true, r);
      }
    } finally {
      this.inFlight--;
      this.dispatch();
      this.notifyIdle();
    }
  }

  private failBatch(batch: Submission<I, O>[], error: unknown): void {
    this.counters.failedBatches++;
    this.counters.failedItems += batch.length;
    for (const sub of batch) sub.settle(false, error);
  }

  private notifyIdle(): void {
    if (this.pending.length > 0 || this.inFlight > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
