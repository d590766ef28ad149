/**
 * A bounded async queue with one consumer and any number of producers: the run loop (and each
 * of its parallel tool calls) pushes, the stream's consumer pulls. A full queue makes `push`
 * return a promise that resolves once there is room again (backpressure); every waiting
 * producer is released when the consumer reads, stops or the queue ends, so a producer never
 * waits forever. Closing it from the consumer side calls `onCancel` so the producer stops.
 */

/** The resolving functions of the promise {@link capture} last ran for. */
const captured: {
  resolve: ((value: any) => void) | undefined;
  reject: ((error: unknown) => void) | undefined;
} = { resolve: undefined, reject: undefined };

/** A promise executor that keeps the resolving functions in {@link captured} (runs synchronously). */
function capture(resolve: (value: any) => void, reject: (error: unknown) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}

/** The bounded async queue behind `agent.stream()` and `workflow.stream()`. */
export class Channel<T> implements AsyncIterableIterator<T> {
  /**
   * Values waiting, in `buffer[head..tail)`. The slots are reused once read rather than the array
   * emptied (emptying an array drops its backing store, and the next push would allocate one).
   */
  private buffer: (T | undefined)[] = [];
  private head = 0;
  private tail = 0;
  private pull: ((result: IteratorResult<T>) => void) | undefined = undefined;
  private pullError: ((error: unknown) => void) | undefined = undefined;
  /** Producers waiting for room, released in the order they came. */
  private waiting: (() => void)[] | undefined = undefined;
  private ended = false;
  private failure: unknown = undefined;
  /** True once the consumer stopped reading (break, return, throw). */
  cancelled = false;

  /**
   * @param capacity how many values may wait for the consumer before `push` asks producers to wait
   * @param onCancel called once when the consumer stops before the end
   */
  constructor(
    private readonly capacity: number,
    private readonly onCancel: () => void = () => {},
  ) {}

  /** Values waiting to be read. */
  get size(): number {
    return this.tail - this.head;
  }

  /**
   * Whether one more value can be pushed without the producer having to wait: the consumer is
   * waiting for it, there is room below the bound, or the channel is closed (a push is a no-op).
   */
  hasRoom(): boolean {
    return (
      this.pull !== undefined || this.tail - this.head + 1 < this.capacity || this.ended || this.cancelled
    );
  }

  /** True once {@link end} was called or the consumer stopped. */
  get closed(): boolean {
    return this.ended || this.cancelled;
  }

  /**
   * Adds a value; returns a promise when the consumer must catch up first. The value is queued
   * either way (a producer that does not wait only overfills the buffer). A no-op once closed.
   */
  push(value: T): Promise<void> | undefined {
    if (this.cancelled || this.ended) return undefined;
    const pull = this.pull;
    if (pull !== undefined) {
      this.pull = undefined;
      this.pullError = undefined;
      pull({ value, done: false });
      return undefined;
    }
    this.buffer[this.tail++] = value;
    if (this.tail - this.head >= this.capacity) {
      return new Promise<void>((resolve) => {
        (this.waiting ??= []).push(resolve);
      });
    }
    return undefined;
  }

  /**
   * Ends the stream: the consumer reads what is buffered, then the end (or `error`, thrown by
   * its next read). Waiting producers are released. Later calls are ignored.
   */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.release();
    const pull = this.pull;
    const pullError = this.pullError;
    this.pull = undefined;
    this.pullError = undefined;
    if (pull === undefined) return;
    this.failure = undefined;
    if (error !== undefined) pullError!(error);
    else pull({ value: undefined, done: true });
  }

  /** {@inheritDoc AsyncIterator.next} */
  next(): Promise<IteratorResult<T>> {
    if (this.head < this.tail) {
      const value = this.buffer[this.head] as T;
      this.buffer[this.head++] = undefined;
      if (this.head === this.tail) {
        this.head = 0;
        this.tail = 0;
      }
      if (this.waiting !== undefined && this.tail - this.head < this.capacity) this.release();
      return Promise.resolve({ value, done: false });
    }
    if (this.ended || this.cancelled) {
      if (this.failure !== undefined) {
        const error = this.failure;
        this.failure = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    // One shared executor rather than a closure per read (a stream reads once per event).
    const promise = new Promise<IteratorResult<T>>(capture);
    this.pull = captured.resolve as (result: IteratorResult<T>) => void;
    this.pullError = captured.reject;
    captured.resolve = undefined;
    captured.reject = undefined;
    return promise;
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

  /** Lets every waiting producer go on (there is room, or nobody reads any more). */
  private release(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    for (const resolve of waiting) resolve();
  }

  private cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.buffer = [];
    this.head = 0;
    this.tail = 0;
    this.failure = undefined;
    this.release();
    const pull = this.pull;
    this.pull = undefined;
    this.pullError = undefined;
    if (pull !== undefined) pull({ value: undefined, done: true });
    if (!this.ended) this.onCancel();
  }
}
