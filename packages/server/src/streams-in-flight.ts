/**
 * Responses that drive a run without the run registry (the browser chat stream): counted so that
 * shutdown waits for them like for registered runs, and stopped with one signal at its deadline.
 */
import { AbortedError, linkSignal } from '@agno/core';
import { drainWithin } from './drain.js';

/** The chat streams a server is writing. */
export class StreamsInFlight {
  private readonly shutdown = new AbortController();
  private readonly open = new Set<Promise<void>>();

  /** A signal for one request's run: aborts when the client leaves or the server stops it. */
  signalFor(request: AbortSignal): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    const abort = (reason: unknown) => {
      if (!controller.signal.aborted) controller.abort(reason);
    };
    const unlinkRequest = linkSignal(request, () => abort(new AbortedError('the client disconnected')));
    const unlinkShutdown = linkSignal(this.shutdown.signal, abort);
    return {
      signal: controller.signal,
      release: () => {
        unlinkRequest();
        unlinkShutdown();
      },
    };
  }

  /** `response` with its body watched: shutdown waits until it ended; `done` runs then. */
  track(response: Response, done: () => void): Response {
    if (response.body === null) {
      done();
      return response;
    }
    let finish!: () => void;
    const ended = new Promise<void>((resolve) => {
      finish = resolve;
    });
    this.open.add(ended);
    const end = () => {
      this.open.delete(ended);
      done();
      finish();
    };
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const { value, done: over } = await reader.read();
            if (over) {
              controller.close();
              end();
            } else controller.enqueue(value);
          } catch (error) {
            controller.error(error);
            end();
          }
        },
        async cancel(reason) {
          await reader.cancel(reason).catch(() => {});
          end();
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, headers: response.headers });
  }

  /** Waits for the streams in flight; past `timeoutMs` their runs are stopped (and still awaited). */
  drain(timeoutMs: number | undefined): Promise<void> {
    return drainWithin([...this.open], timeoutMs, () =>
      this.shutdown.abort(new AbortedError('the server is shutting down')),
    );
  }
}
