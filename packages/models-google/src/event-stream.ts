/**
 * One streamed call as an async iterator of core events. Written as a plain iterator rather than
 * an async generator: every chunk passes through it, and a generator layer per event is
 * measurable next to the client's own SSE parsing. A chunk can give several events (a thought,
 * text and two calls), so they wait in a small queue.
 */
import { type AgnoError, ModelError, type ModelStreamEvent } from '@agno/core';
import { abortError, SignalScope } from '@agno/core/utils';
import type { GenerateContentResponse } from '@google/genai';
import { TurnReader } from './turn.js';
import { toUsage } from './usage.js';

/** Opens the HTTP stream (with retries, and the call's own signal), resolving to its chunks. */
export type OpenStream = (signal: AbortSignal | undefined) => Promise<AsyncIterable<GenerateContentResponse>>;

/** Maps a failure to a typed error; `streaming` is true once the response arrived. */
export type ToError = (error: unknown, streaming: boolean) => AgnoError;

const NOT_STARTED = 0;
const STREAMING = 1;
const ENDING = 2;
const DONE = 3;

/**
 * The events of one call: the mapped chunks, then `usage` and `finish`. Iterate it once. The
 * client gets a per-call signal linked to the caller's from the first step until the stream
 * ends (the client leaves its listener on the signal it is given).
 */
export class EventStream implements AsyncIterableIterator<ModelStreamEvent> {
  private state = NOT_STARTED;
  private inner: AsyncIterator<GenerateContentResponse> | undefined = undefined;
  private scope: SignalScope | undefined = undefined;
  private readonly queue: ModelStreamEvent[] = [];
  private head = 0;
  private readonly turn = new TurnReader(false);
  /** Whether any text or tool call reached the consumer. */
  private delivered = false;

  constructor(
    private readonly open: OpenStream,
    private readonly signal: AbortSignal | undefined,
    private readonly toError: ToError,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ModelStreamEvent>> {
    const queue = this.queue;
    if (this.head < queue.length) {
      const value = queue[this.head++]!;
      if (this.head === queue.length) {
        queue.length = 0;
        this.head = 0;
      }
      return { value, done: false };
    }
    switch (this.state) {
      case NOT_STARTED:
        try {
          // Always a signal of its own, so that stopping early can cut the response.
          const scope = new SignalScope(this.signal);
          this.scope = scope;
          const pending = this.open(scope.signal);
          this.inner = (await (this.signal === undefined ? pending : scope.race(pending)))[
            Symbol.asyncIterator
          ]();
        } catch (error) {
          this.end();
          throw this.toError(error, false);
        }
        this.state = STREAMING;
        return this.next();
      case STREAMING: {
        const inner = this.inner!;
        for (;;) {
          let step: IteratorResult<GenerateContentResponse>;
          try {
            step = await inner.next();
          } catch (error) {
            this.end();
            throw this.toError(error, true);
          }
          if (step.done === true) break;
          this.turn.read(step.value, queue);
          const n = queue.length;
          if (n > 0) {
            this.delivered = true;
            const value = queue[0]!;
            if (n === 1) queue.length = 0;
            else this.head = 1;
            return { value, done: false };
          }
        }
        this.end();
        return this.ending();
      }
      case ENDING: {
        this.state = DONE;
        const turn = this.turn;
        const finish: ModelStreamEvent = {
          type: 'finish',
          finishReason: turn.finish(),
          usage: toUsage(turn.usage),
        };
        const providerData = turn.providerData();
        if (providerData !== undefined) finish.providerData = providerData;
        return { value: finish, done: false };
      }
      default:
        return { value: undefined, done: true };
    }
  }

  /** The stream ended: `usage` (then `finish`), or the error of a turn cut short or withheld. */
  private ending(): IteratorResult<ModelStreamEvent> {
    // The client ends an aborted stream quietly; the caller must still learn of it.
    const signal = this.signal;
    if (signal?.aborted === true) throw abortError(signal.reason, 'google: the model call');
    const turn = this.turn;
    if (!turn.complete) {
      throw new ModelError('google: the stream ended before the model finished (no finish reason)', {
        code: 'stream_interrupted',
        retryable: !this.delivered,
      });
    }
    const failure = turn.failure();
    if (failure !== undefined) throw failure;
    this.state = ENDING;
    return { value: { type: 'usage', usage: toUsage(turn.usage) }, done: false };
  }

  /**
   * Stops early. With a caller's signal, the response is cut at once; without one, the client
   * lets go of it (as it does when its own stream is left early).
   */
  async return(): Promise<IteratorResult<ModelStreamEvent>> {
    const inner = this.inner;
    this.inner = undefined;
    // Cuts the HTTP response (the client's reader alone would leave it open).
    if (this.state === STREAMING) this.scope?.abort(new Error('the consumer stopped reading'));
    this.end();
    this.queue.length = 0;
    if (inner?.return !== undefined) {
      try {
        await inner.return();
      } catch {}
    }
    return { value: undefined, done: true };
  }

  /** The call is over: no more chunks, and the client's signal is unlinked from the caller's. */
  private end(): void {
    this.state = DONE;
    this.scope?.dispose();
    this.scope = undefined;
  }
}
