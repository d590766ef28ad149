/**
 * Runs tasks one at a time per key (per user, per session) and lets callers wait for all of them.
 */

/** A queue of tasks per key: tasks of one key run in order, tasks of different keys run at once. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly tracked = new Set<Promise<unknown>>();

  /** Runs `task` after the tasks already queued for `key`; resolves or rejects with it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const next = previous === undefined ? task() : previous.then(task, task);
    const tail = next.then(settled, settled);
    this.tails.set(key, tail);
    tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Counts `work` (not yet queued under a key) as pending until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T> {
    const tracked = this.tracked;
    tracked.add(work);
    const done = () => {
      tracked.delete(work);
    };
    work.then(done, done);
    return work;
  }

  /** Resolves when every queued and tracked task has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0 || this.tracked.size > 0) {
      await Promise.all([...this.tails.values(), ...[...this.tracked].map((p) => p.then(settled, settled))]);
    }
  }
}

function settled(): undefined {
  return undefined;
}
