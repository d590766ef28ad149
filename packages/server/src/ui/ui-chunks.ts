/**
 * `uiChunks`: an agno event stream read as UI message stream chunks. It pulls one event when its
 * chunks are all taken (the event stream's backpressure reaches the run), and stopping it stops
 * the event stream at once, even while a read is pending (a stalled tool does not delay it).
 */
import { UIChunkMapper, type UIChunksOptions } from './chunk-mapper.js';
import { stopIterator } from './stop-iterator.js';
import type { AgnoEvent, UIChunk } from './types.js';

/**
 * Reads agno events (an agent's `stream()`, or a workflow's or team's) as UI message stream
 * chunks: `start` (with `runId`, `agent` and `sessionId` in the message metadata), a step per model
 * call, text parts, tool parts (input, output or error), an approval request per pending call of
 * a paused run, an `error` chunk with the error's code and scrubbed message, and `finish` (with
 * `usage` and `status` in the metadata). Team and workflow member events are tagged
 * `{ agno: { member, path } }`. A stream that ends without a terminal event ends the message;
 * when it has a `result` promise (agno streams do) that rejects, with that error.
 */
export function uiChunks(
  events: AsyncIterable<AgnoEvent>,
  options: UIChunksOptions = {},
): AsyncIterableIterator<UIChunk> {
  return new UIChunkStream(events, options);
}

class UIChunkStream implements AsyncIterableIterator<UIChunk> {
  private readonly mapper: UIChunkMapper;
  private source: AsyncIterator<AgnoEvent> | undefined;
  private queue: UIChunk[] = [];
  private head = 0;
  private done = false;

  constructor(
    private readonly events: AsyncIterable<AgnoEvent>,
    options: UIChunksOptions,
  ) {
    this.mapper = new UIChunkMapper(options);
  }

  async next(): Promise<IteratorResult<UIChunk>> {
    while (this.head >= this.queue.length) {
      if (this.done) return { value: undefined, done: true };
      this.queue.length = 0;
      this.head = 0;
      await this.fill();
    }
    const value = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as UIChunk;
    return { value, done: false };
  }

  /** Stops reading: the event stream is told at once (an agno stream cancels its run). */
  return(): Promise<IteratorResult<UIChunk>> {
    this.stop();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<UIChunk>> {
    this.stop();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Reads one event (or the end) into the queue. */
  private async fill(): Promise<void> {
    const source = (this.source ??= this.events[Symbol.asyncIterator]());
    const out = this.queue;
    let r: IteratorResult<AgnoEvent>;
    try {
      r = await source.next();
    } catch (error) {
      if (this.done) return;
      this.done = true;
      this.mapper.fail(error, out);
      return;
    }
    if (this.done) return;
    if (r.done !== true) {
      this.mapper.push(r.value, out);
      return;
    }
    this.done = true;
    const reason = await failureOf(this.events);
    if (reason !== undefined) this.mapper.fail(reason.error, out);
    else this.mapper.end(out);
  }

  private stop(): void {
    if (this.done && this.source === undefined) return;
    this.done = true;
    this.queue.length = 0;
    this.head = 0;
    const source = this.source;
    this.source = undefined;
    stopIterator(source);
  }
}

/** The error of a stream's `result` when it rejected (agno streams have one), else undefined. */
async function failureOf(events: AsyncIterable<AgnoEvent>): Promise<{ error: unknown } | undefined> {
  const result = (events as { result?: unknown }).result;
  if (!(result instanceof Promise)) return undefined;
  return result.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
}
