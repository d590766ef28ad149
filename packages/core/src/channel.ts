/**
 * A bounded single-consumer async queue: the run loop pushes, the stream's consumer pulls.
 * A full queue makes `push` return a promise (backpressure); closing it from the consumer
 * side calls `onCancel` so the run stops.
 */

/** The async queue behind `agent.stream()`. */
export class Channel<T> implements AsyncIterableIterator<T> {
  private buffer: (T | undefined)[] = [];
  private head = 0;
  private pull: ((result: IteratorResult<T>) => void) | undefined;
  private pullError: ((error: unknown) => void) | undefined;
  private space: (() => void) | undefined;
  private ended = false;
  private failure: unknown;
  /** True once the consumer stopped reading (break, return, throw). */
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
      this.pullError = undefined;
      pull({ value, done: false });
      return undefined;
    }
    this.buffer.push(value);
    if (this.buffer.length - this.head >= this.capacity) {
      return new Promise<void>((resolve) => {
        this.space = resolve;
      });
    }
    return undefined;
  }

  /** Ends the stream; with an error, the consumer's next read throws it. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    const pull = this.pull;
    const pullError = this.pullError;
    this.pull = undefined;
    this.pullError = undefined;
    if (pull === undefined) return;
    if (error !== undefined) pullError!(error);
    else pull({ value: undefined, done: true });
  }

  /** {@inheritDoc AsyncIterator.next} */
  next(): Promise<IteratorResult<T>> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head] as T;
      this.buffer[this.head++] = undefined;
      if (this.head === this.buffer.length) {
        this.buffer.length = 0;
        this.head = 0;
      }
      const space = this.space;
      if (space !== undefined && this.buffer.length - this.head < this.capacity) {
        this.space = undefined;
        space();
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) {
      if (this.failure !== undefined) {
        const error = this.failure;
        this.failure = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.pull = resolve;
      this.pullError = reject;
    });
  }

  /** Called when the consumer stops early: cancels the producer. */
  return(): Promise<IteratorResult<T>> {
    this.cancel();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Called when the consumer's loop throws: cancels the producer. */
  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.cancel();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.buffer.length = 0;
    this.head = 0;
    const space = this.space;
    this.space = undefined;
    if (space !== undefined) space();
    if (!this.ended) this.onCancel();
  }
}
