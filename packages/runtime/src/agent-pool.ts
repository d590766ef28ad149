/**
 * A pool of reusable agents (or any costly object): for agents whose tools hold expensive
 * resources (browser sessions, MCP processes, connections). At most `max` exist; borrowers
 * beyond that wait in a priority queue that can be bounded and left through an AbortSignal.
 * Each returned agent is reset before the next borrower gets it; one whose reset fails is
 * destroyed and replaced by a fresh one on demand.
 */
import { type Agent, ConfigError } from '@agno/core';
import { type AcquireOptions, Limiter, type Permit } from './limiter.js';

/** Options of an {@link AgentPool}. */
export interface AgentPoolOptions<T> {
  /** Makes a new item (called lazily, only when no idle one is left). */
  create(): T | Promise<T>;
  /** Cleans an item between uses (clear per-user tool state...). A failure destroys the item. */
  reset?(item: T): void | Promise<void>;
  /** Releases an item for good. Default: its `close()` when it has one (an Agent closes its toolkits). */
  destroy?(item: T): void | Promise<void>;
  /** Most items at once (a whole number ≥ 1). */
  max: number;
  /** How many borrowers may wait; more are rejected with QueueFullError. Default unbounded. */
  maxQueue?: number;
  /** Told about reset and destroy failures (they never reach a borrower). */
  onError?(error: unknown, phase: 'reset' | 'destroy'): void;
}

/** Counters of an {@link AgentPool}. */
export interface AgentPoolStats {
  /** Items that exist (idle and borrowed). */
  size: number;
  idle: number;
  borrowed: number;
  /** Borrowers waiting. */
  queued: number;
  created: number;
  destroyed: number;
  resetFailures: number;
}

/** A bounded pool of reusable items, agents by default. */
export class AgentPool<T = Agent> {
  private readonly options: AgentPoolOptions<T>;
  private readonly limiter: Limiter;
  private readonly idle: T[] = [];
  private readonly leases = new Map<T, Permit>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;
  private created = 0;
  private destroyed = 0;
  private resetFailures = 0;

  constructor(options: AgentPoolOptions<T>) {
    if (typeof options.create !== 'function') throw new ConfigError('an agent pool needs a create function');
    this.options = options;
    this.limiter = new Limiter({ concurrency: options.max, maxQueue: options.maxQueue, name: 'agent pool' });
  }

  /**
   * Borrows an item: an idle one, a new one while fewer than `max` exist, or the next one
   * returned. Give it back with {@link release} (or use {@link use}).
   */
  async acquire(options?: AcquireOptions): Promise<T> {
    const permit = await this.limiter.acquire(options);
    const idle = this.idle.pop();
    if (idle !== undefined) {
      this.leases.set(idle, permit);
      return idle;
    }
    let item: T;
    try {
      item = await this.options.create();
    } catch (error) {
      permit.release();
      throw error;
    }
    this.created++;
    this.leases.set(item, permit);
    return item;
  }

  /**
   * Gives a borrowed item back: it is reset, then handed to the next borrower. The promise
   * settles when that is done; it rejects only for an item that is not borrowed from this pool.
   */
  release(item: T): Promise<void> {
    const permit = this.leases.get(item);
    if (permit === undefined) {
      return Promise.reject(
        new ConfigError('this item is not borrowed from this pool (or was released already)'),
      );
    }
    this.leases.delete(item);
    const done: Promise<void> = this.recycle(item, permit).finally(() => this.pending.delete(done));
    this.pending.add(done);
    return done;
  }

  /**
   * Borrows an item, runs `fn` with it and gives it back however `fn` ends. The result
   * does not wait for the reset.
   */
  async use<R>(fn: (item: T) => R | Promise<R>, options?: AcquireOptions): Promise<R> {
    const item = await this.acquire(options);
    try {
      return await fn(item);
    } finally {
      void this.release(item);
    }
  }

  /** Creates idle items until `count` exist (at most `max`), so the first borrowers do not wait for creation. */
  async warm(count = this.options.max): Promise<void> {
    while (this.idle.length + this.leases.size < count) {
      const permit = this.limiter.tryAcquire();
      if (permit === undefined) return;
      try {
        const item = await this.options.create();
        this.created++;
        this.idle.push(item);
      } finally {
        permit.release();
      }
    }
  }

  /**
   * Closes the pool: waiting borrowers reject with an AbortedError, idle items are destroyed
   * now and borrowed ones when they come back. Resolves when all of that is done.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.limiter.close('the agent pool was closed');
      const idle = this.idle.splice(0);
      await Promise.all(idle.map((item) => this.destroy(item)));
    }
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** A snapshot of the counters. */
  stats(): AgentPoolStats {
    return {
      size: this.idle.length + this.leases.size,
      idle: this.idle.length,
      borrowed: this.leases.size,
      queued: this.limiter.queued,
      created: this.created,
      destroyed: this.destroyed,
      resetFailures: this.resetFailures,
    };
  }

  private async recycle(item: T, permit: Permit): Promise<void> {
    try {
      if (!this.closed && this.options.reset !== undefined) {
        try {
          await this.options.reset(item);
        } catch (error) {
          this.resetFailures++;
          this.report(error, 'reset');
          await this.destroy(item);
          return;
        }
      }
      if (this.closed) await this.destroy(item);
      else this.idle.push(item);
    } finally {
      permit.release();
    }
  }

  private async destroy(item: T): Promise<void> {
    this.destroyed++;
    try {
      if (this.options.destroy !== undefined) await this.options.destroy(item);
      else await (item as { close?: () => unknown }).close?.();
    } catch (error) {
      this.report(error, 'destroy');
    }
  }

  private report(error: unknown, phase: 'reset' | 'destroy'): void {
    try {
      this.options.onError?.(error, phase);
    } catch {
      // The callback's own failure must not break the pool.
    }
  }
}
