/**
 * The UI message stream's wire form: Server-Sent Events, one `data: <json>` event per chunk and
 * `data: [DONE]` at the end, as the AI SDK writes it, with the headers `useChat` checks.
 */
import { safeErrorText } from './chunk-values.js';
import { stopIterator } from './stop-iterator.js';
import type { UIChunk } from './types.js';

/** The response headers of a UI message stream (protocol v1). */
export const UI_STREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
});

const encoder = new TextEncoder();
const DONE = encoder.encode('data: [DONE]\n\n');

/**
 * Encodes chunks as the SSE body of a UI message stream. Pull-based: a chunk is read from
 * `chunks` only when the reader wants more bytes, so a slow reader slows the producer instead of
 * growing a buffer. Cancelling the stream stops `chunks` (through its `return`), which for
 * `uiChunks` over an agno stream cancels the run. A `chunks` that throws ends the body with an
 * `error` chunk (code and scrubbed message) and `[DONE]`.
 */
export function encodeUIStream(chunks: AsyncIterable<UIChunk>): ReadableStream<Uint8Array> {
  let it: AsyncIterator<UIChunk> | undefined;
  let closed = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        it ??= chunks[Symbol.asyncIterator]();
        let r: IteratorResult<UIChunk>;
        try {
          r = await it.next();
        } catch (error) {
          if (closed) return;
          closed = true;
          controller.enqueue(encodeChunk({ type: 'error', errorText: safeErrorText(error) }));
          controller.enqueue(DONE);
          controller.close();
          return;
        }
        if (closed) return;
        if (r.done === true) {
          closed = true;
          controller.enqueue(DONE);
          controller.close();
          return;
        }
        controller.enqueue(encodeChunk(r.value));
      },
      cancel() {
        closed = true;
        const source = it;
        it = undefined;
        stopIterator(source);
      },
    },
    // One encoded chunk waits at most: the reader's pace is the producer's.
    { highWaterMark: 1 },
  );
}

/** One chunk as an SSE event. */
export function encodeChunk(chunk: UIChunk): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`);
}
