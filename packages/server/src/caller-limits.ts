/**
 * Runs in flight per caller, on `@agno/runtime`'s `Limiter`: each caller (the authenticated subject,
 * or the client address without auth) gets its own limiter, made on first use and dropped when idle.
 * A caller over its limit waits in a bounded queue; past it the request gets 429.
 */
import { Limiter, type Permit, QueueFullError } from '@agno/runtime';
import { HttpError } from './http-errors.js';

/** Per-caller concurrency limits. */
export class CallerLimits {
  private readonly limiters = new Map<string, Limiter>();

  constructor(private readonly options: { concurrency: number; maxQueue?: number }) {
    new Limiter({ concurrency: options.concurrency, maxQueue: options.maxQueue ?? 0 }); // checks the options now
  }

  /** A slot for `caller` (waits in its queue; a full queue is a 429). Release it when the run ends. */
  async acquire(caller: string, signal?: AbortSignal): Promise<Permit> {
    let limiter = this.limiters.get(caller);
    if (limiter === undefined) {
      limiter = new Limiter({
        concurrency: this.options.concurrency,
        maxQueue: this.options.maxQueue ?? 0,
        name: 'runs per caller',
      });
      this.limiters.set(caller, limiter);
    }
    let permit: Permit;
    try {
      permit = await limiter.acquire(signal === undefined ? {} : { signal });
    } catch (error) {
      this.dropIfIdle(caller, limiter);
      if (error instanceof QueueFullError) {
        throw new HttpError('rate_limited', 'too many runs in flight for this caller; retry later', 429);
      }
      throw error;
    }
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        permit.release();
        this.dropIfIdle(caller, limiter);
      },
    };
  }

  /** Callers with a limiter now (idle ones are dropped). */
  get size(): number {
    return this.limiters.size;
  }

  private dropIfIdle(caller: string, limiter: Limiter): void {
    const s = limiter.stats();
    if (s.active === 0 && s.queued === 0 && this.limiters.get(caller) === limiter)
      this.limiters.delete(caller);
  }
}
