/**
 * A bounded single-consumer async queue behind `workflow.stream()`: the run pushes events,
 * the consumer pulls them. A full queue makes `push` return a promise (backpressure);
 * the consumer stopping early (break, return, throw) calls `onCancel`.
 */

/** The queue of a workflow stream. */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private buffer: T[] = [];
  private head = 0;
  private pull: ((result: IteratorResult<T>) => void) | undefined = undefined;
  private space: (() => void)[] = [];
  private ended = false;
  /** True once the consumer stopped reading. */
  cancelled = false;

  constructor(
    private readonly capacity: number,
    private readonly onCancel: () => void,
  ) {}

  /** Adds a value; returns a promise when the consumer must catch up first. */
  push(value: T): Promise<void> | undefined {
    if (this.cancelled || this.ended) return undefined;
    const pull = this.pull;
    if (pull !== undefined) {
      this.pull = undefined;
      pull({ value, done: false });
      return undefined;
    }
    this.buffer.push(value);
    if (this.buffer.length - this.head >= this.capacity) {
      return new Promise<void>((resolve) => this.space.push(resolve));
    }
    return undefined;
  }

  /** Ends the stream once the buffered values are read. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const pull = this.pull;
    this.pull = undefined;
    if (pull !== undefined) pull({ value: undefined, done: true });
    this.release();
  }

  /** {@inheritDoc AsyncIterator.next} */
  next(): Promise<IteratorResult<T>> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head] as T;
      (this.buffer as (T | undefined)[])[this.head++] = undefined;
      if (this.head === this.buffer.length) {
        this.buffer.length = 0;
        this.head = 0;
      }
      if (this.space.length > 0 && this.buffer.length - this.head < this.capacity) this.release();
      return Promise.resolve({ value, done: false });
    }
    if (this.ended || this.cancelled) return Promise.resolve({ value: undefined, done: true });
    return new Promise<IteratorResult<T>>((resolve) => {
      this.pull = resolve;
    });
  }

  /** The consumer stopped early: cancels the run. */
  return(): Promise<IteratorResult<T>> {
    this.cancel();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The consumer's loop threw: cancels the run. */
  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.cancel();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private release(): void {
    const waiting = this.space;
    if (waiting.length === 0) return;
    this.space = [];
    for (const resolve of waiting) resolve();
  }

  private cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.buffer.length = 0;
    this.head = 0;
    this.release();
    if (!this.ended) this.onCancel();
  }
}
