/**
 * A concurrency limiter: at most `concurrency` holders at once, the rest wait in a queue
 * ordered by priority (higher first, first come first served within a priority). The queue
 * can be bounded (`maxQueue`: a full queue rejects at once with {@link QueueFullError}), and
 * a waiter whose AbortSignal fires leaves the queue and rejects with an AbortedError.
 */
import { AbortedError, ConfigError, ValidationError } from '@agno/core';
import { abortError, linkSignal } from '@agno/core/utils';
import { QueueFullError } from './errors.js';

/** Options of a {@link Limiter}. */
export interface LimiterOptions {
  /** How many holders at once (a whole number ≥ 1). */
  concurrency: number;
  /** How many may wait; more are rejected with {@link QueueFullError}. Default unbounded. */
  maxQueue?: number;
  /** Name used in errors. Default `limiter`. */
  name?: string;
}

/** Options of one acquisition. */
export interface AcquireOptions {
  /** Higher goes first: a finite number (anything else is refused with a ValidationError). Default 0. */
  priority?: number;
  /** Gives up waiting when aborted (an AbortedError, or the reason itself when it is an agno error such as a TimeoutError). */
  signal?: AbortSignal;
}

/** A held slot of a limiter. `release` gives it back; calling it again does nothing. */
export interface Permit {
  release(): void;
}

/** Counters of a {@link Limiter}. */
export interface LimiterStats {
  /** Slots held now. */
  active: number;
  /** Waiters now. */
  queued: number;
  /** Most slots ever held at once. */
  maxActive: number;
  /** Longest the queue has been. */
  maxQueued: number;
  /** Slots granted. */
  acquired: number;
  /** Acquisitions rejected because the queue was full. */
  rejected: number;
  /** Waiters that gave up through their signal. */
  aborted: number;
}

class LimiterPermit implements Permit {
  private released = false;
  constructor(private readonly limiter: Limiter) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.limiter.releaseSlot();
  }
}

/** One queued acquisition. */
class Waiter {
  dead = false;
  /** Removes the abort listener (when the acquisition has a signal). */
  unlink: (() => void) | undefined = undefined;
  constructor(
    readonly priority: number,
    readonly seq: number,
    readonly resolve: (permit: Permit) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  /** Leaves the queue for good: no abort can reach it any more. */
  settle(): void {
    this.dead = true;
    this.unlink?.();
  }
}

/** True when `a` goes before `b`. */
function before(a: Waiter, b: Waiter): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}

/** A priority-queued concurrency limiter. */
export class Limiter {
  /** How many holders at once. */
  readonly concurrency: number;
  /** How many may wait. */
  readonly maxQueue: number;
  /** Name used in errors. */
  readonly name: string;
  private activeCount = 0;
  /** Binary heap of waiters; aborted ones stay until popped or compacted. */
  private heap: Waiter[] = [];
  private live = 0;
  private seq = 0;
  private closedWith: Error | undefined = undefined;
  private counters = { maxActive: 0, maxQueued: 0, acquired: 0, rejected: 0, aborted: 0 };

  constructor(options: LimiterOptions) {
    const { concurrency, maxQueue = Number.POSITIVE_INFINITY } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new ConfigError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
    }
    if (!(maxQueue === Number.POSITIVE_INFINITY || (Number.isInteger(maxQueue) && maxQueue >= 0))) {
      throw new ConfigError(`maxQueue must be a whole number ≥ 0, got ${maxQueue}`);
    }
    this.concurrency = concurrency;
    this.maxQueue = maxQueue;
    this.name = options.name ?? 'limiter';
  }

  /** Slots held now. */
  get active(): number {
    return this.activeCount;
  }

  /** Waiters now. */
  get queued(): number {
    return this.live;
  }

  /**
   * Waits for a slot. Rejects with {@link QueueFullError} when the queue is full, and with
   * an AbortedError when `signal` aborts before a slot is free (the reason itself when it is an agno
   * error), and with a ValidationError when the priority is not a finite number.
   */
  acquire(options?: AcquireOptions): Promise<Permit> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    const priority = options?.priority ?? 0;
    if (!Number.isFinite(priority)) {
      return Promise.reject(
        new ValidationError(`a ${this.name} priority must be a finite number, got ${String(priority)}`),
      );
    }
    const signal = options?.signal;
    if (signal?.aborted) {
      this.counters.aborted++;
      return Promise.reject(this.abortError(signal.reason));
    }
    if (this.live === 0 && this.activeCount < this.concurrency) {
      this.take();
      return Promise.resolve(new LimiterPermit(this));
    }
    if (this.live >= this.maxQueue) {
      this.counters.rejected++;
      return Promise.reject(new QueueFullError(this.name, this.maxQueue));
    }
    return new Promise<Permit>((resolve, reject) => {
      const waiter = new Waiter(priority, this.seq++, resolve, reject);
      this.push(waiter);
      this.live++;
      if (this.live > this.counters.maxQueued) this.counters.maxQueued = this.live;
      if (signal !== undefined) this.link(waiter, signal);
    });
  }

  /** A slot now, or `undefined` when none is free (or others are waiting). */
  tryAcquire(): Permit | undefined {
    if (this.closedWith !== undefined || this.live > 0 || this.activeCount >= this.concurrency)
      return undefined;
    this.take();
    return new LimiterPermit(this);
  }

  /** Runs `fn` holding a slot, and releases it however `fn` ends. */
  async run<T>(fn: () => T | Promise<T>, options?: AcquireOptions): Promise<T> {
    const permit = await this.acquire(options);
    try {
      return await fn();
    } finally {
      permit.release();
    }
  }

  /** Rejects every waiter and every later acquisition with an AbortedError. Held slots stay valid. */
  close(reason = `the ${this.name} was closed`): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = new AbortedError(reason);
    const waiters = this.heap;
    this.heap = [];
    this.live = 0;
    for (const w of waiters) {
      if (w.dead) continue;
      w.settle();
      w.reject(this.closedWith);
    }
  }

  /** A snapshot of the counters. */
  stats(): LimiterStats {
    return { active: this.activeCount, queued: this.live, ...this.counters };
  }

  private take(): void {
    this.activeCount++;
    this.counters.acquired++;
    if (this.activeCount > this.counters.maxActive) this.counters.maxActive = this.activeCount;
  }

  /** The error of a wait its signal ended: the reason as it is when it is an agno error (a deadline's TimeoutError). */
  private abortError(reason: unknown) {
    return abortError(reason, `waiting for the ${this.name}`);
  }

  /** @internal Gives a slot back and hands it to the next live waiter. */
  releaseSlot(): void {
    this.activeCount--;
    while (this.live > 0 && this.activeCount < this.concurrency) {
      const waiter = this.pop()!;
      if (waiter.dead) continue;
      waiter.settle();
      this.live--;
      this.take();
      waiter.resolve(new LimiterPermit(this));
    }
  }

  /** Links `waiter` to its signal (a method: the closure exists only for waiters with a signal). */
  private link(waiter: Waiter, signal: AbortSignal): void {
    waiter.unlink = linkSignal(signal, (reason) => this.abandon(waiter, reason));
  }

  /** A waiter's signal aborted: it leaves the queue. */
  private abandon(waiter: Waiter, reason: unknown): void {
    if (waiter.dead) return;
    waiter.dead = true;
    this.live--;
    this.counters.aborted++;
    waiter.reject(this.abortError(reason));
    // Aborted waiters are skipped when popped; compact when they outnumber the live ones.
    if (this.heap.length > 32 && this.heap.length > 2 * this.live) this.compact();
  }

  private compact(): void {
    const keep = this.heap.filter((w) => !w.dead);
    this.heap = [];
    for (const w of keep) this.push(w);
  }

  private push(waiter: Waiter): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(waiter);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(waiter, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = waiter;
  }

  private pop(): Waiter | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
