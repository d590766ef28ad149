/**
 * One streamed call as an async iterator of core events. Written as a plain iterator whose
 * per-event step is a `then` on the client's own promise, rather than an async generator or
 * function: every event passes through it, and a generator or async frame per event is
 * measurable next to the client's own SSE parsing (about 600 bytes and 15% more time per event).
 */
import { AbortedError, type AgnoError, ModelError, type ModelStreamEvent } from '@agno/core';
import { SignalScope } from '@agno/core/utils';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { StreamMapper } from './stream-mapper.js';

/** Opens the HTTP stream (the client's call, with the call's own signal), resolving to its raw events. */
export type OpenStream = (signal: AbortSignal | undefined) => Promise<AsyncIterable<RawMessageStreamEvent>>;

/** Maps a failure to a typed error; `streaming` is true once the response arrived. */
export type ToError = (error: unknown, streaming: boolean) => AgnoError;

const NOT_STARTED = 0;
const STREAMING = 1;
const USAGE = 2;
const FINISH = 3;
const DONE = 4;

/**
 * The events of one call: the mapped stream, then `usage`, then `finish`. Iterate it once. The
 * client gets a per-call signal linked to the caller's from the first step until the stream
 * ends (see `SignalScope`: the client never removes the listener it adds to its signal).
 */
export class EventStream implements AsyncIterableIterator<ModelStreamEvent> {
  private state = NOT_STARTED;
  private inner: AsyncIterator<RawMessageStreamEvent> | undefined = undefined;
  private scope: SignalScope | undefined = undefined;

  constructor(
    private readonly open: OpenStream,
    private readonly mapper: StreamMapper,
    private readonly signal: AbortSignal | undefined,
    private readonly toError: ToError,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ModelStreamEvent>> {
    return this.state === STREAMING ? this.pull() : this.step();
  }

  /**
   * The next mapped event of the open stream; at its end, the `usage` event. A `then` on the
   * client's own promise rather than an async function awaiting it: no frame and no second
   * promise per event (a raw event that maps to nothing pulls again).
   */
  private pull(): Promise<IteratorResult<ModelStreamEvent>> {
    const inner = this.inner;
    // Stopped (`return`) while a raw event that maps to nothing was in flight.
    if (inner === undefined) return Promise.resolve({ value: undefined, done: true });
    return inner.next().then(this.onStep, this.onError);
  }

  /** Maps one raw step: an event, the end (`usage`), or another pull for a raw event without one. */
  private readonly onStep = (
    step: IteratorResult<RawMessageStreamEvent>,
  ): IteratorResult<ModelStreamEvent> | Promise<IteratorResult<ModelStreamEvent>> => {
    if (step.done === true) return this.ended();
    const out = this.mapper.map(step.value);
    return out !== undefined ? { value: out, done: false } : this.pull();
  };

  /** The client's stream failed: the typed error. */
  private readonly onError = (error: unknown): never => {
    this.end();
    throw this.toError(error, true);
  };

  /** The stream ended: `usage` when it finished, else the error it ended with. */
  private ended(): IteratorResult<ModelStreamEvent> {
    this.end();
    // The client ends an aborted stream quietly; the caller must still learn of it.
    const signal = this.signal;
    if (signal?.aborted === true)
      throw new AbortedError('anthropic: the request was aborted', { cause: signal.reason });
    if (!this.mapper.finished) {
      throw new ModelError('anthropic: the stream ended before message_stop', {
        code: 'stream_interrupted',
        retryable: true,
      });
    }
    this.state = USAGE;
    return { value: { type: 'usage', usage: this.mapper.usage() }, done: false };
  }

  /** Every step but streaming: opening the call, `finish` after `usage`, the end. */
  private async step(): Promise<IteratorResult<ModelStreamEvent>> {
    switch (this.state) {
      case NOT_STARTED:
        try {
          const scope = this.signal === undefined ? undefined : new SignalScope(this.signal);
          this.scope = scope;
          const pending = this.open(scope?.signal);
          this.inner = (await (scope === undefined ? pending : scope.race(pending)))[Symbol.asyncIterator]();
        } catch (error) {
          this.end();
          throw this.toError(error, false);
        }
        this.state = STREAMING;
        return this.pull();
      case USAGE: {
        this.state = FINISH;
        const finish: ModelStreamEvent = {
          type: 'finish',
          finishReason: this.mapper.finishReason(),
          usage: this.mapper.usage(),
        };
        const providerData = this.mapper.providerData();
        if (providerData !== undefined) finish.providerData = providerData;
        return { value: finish, done: false };
      }
      default:
        this.state = DONE;
        return { value: undefined, done: true };
    }
  }

  /** Stops early: the client aborts the HTTP request. */
  async return(): Promise<IteratorResult<ModelStreamEvent>> {
    this.end();
    const inner = this.inner;
    this.inner = undefined;
    if (inner?.return !== undefined) await inner.return();
    return { value: undefined, done: true };
  }

  /** The call is over: no more events, and the client's signal is unlinked from the caller's. */
  private end(): void {
    this.state = DONE;
    this.scope?.dispose();
    this.scope = undefined;
  }
}
