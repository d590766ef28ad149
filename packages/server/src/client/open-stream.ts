/** Opening a run's event stream: the first request, whose answer a {@link RunStream} reads. */
import { RunStream, type StreamOptions } from './run-stream.js';
import type { Transport } from './transport.js';

/** Starts a stream: sends `first` (a run, a continue, or an events request) and wraps its answer. */
export async function openRunStream<E extends { type: string }, R>(
  transport: Transport,
  first: { method: 'GET' | 'POST'; path: string; body?: unknown; headers?: Record<string, string> },
  options: StreamOptions,
  known?: { runId: string; afterId: number },
): Promise<RunStream<E, R>> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await transport.send({
      ...first,
      headers: { accept: 'text/event-stream', ...first.headers },
      signal: controller.signal,
    });
    const runId = known?.runId ?? res.headers.get('x-run-id') ?? '';
    return new RunStream<E, R>(transport, runId, { res, controller }, known?.afterId ?? 0, options);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
