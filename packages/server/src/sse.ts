/**
 * Server-sent events from a run's {@link EventLog}: `id`, `event` and `data` per event, several
 * events per write when they are ready together, a comment line as a heartbeat while the run is
 * quiet, and nothing read from the log before the client's socket asks for more (the stream is
 * pulled), so a slow client holds back its own run and nothing else.
 */
import { linkSignal } from '@agno/core';
import type { EventLog, LogRead, LogReader } from './event-log.js';

/** Options of {@link sseResponse}. */
export interface SSEOptions {
  /** Resume after this event id (`Last-Event-ID`); 0 from the start. */
  afterId?: number;
  /** Heartbeat comment interval while no event comes (default 15 s; 0 for none). */
  heartbeatMs?: number;
  /** Ends the response (the client went away). */
  signal?: AbortSignal;
  /** Called once when the response ends, whether the run ended or the client left. */
  onClose?: (reason: 'ended' | 'disconnected') => void;
  headers?: HeadersInit;
}

const encoder = new TextEncoder();
const MAX_BATCH = 256;

/** The SSE headers every stream sends. */
export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

function frame(read: Exclude<LogRead, undefined>): string {
  if ('gap' in read) return `event: gap\ndata: {"missed":${read.gap}}\n\n`;
  return `id: ${read.id}\nevent: ${read.type}\ndata: ${read.data}\n\n`;
}

/** Waits for the reader's next event, or `ms` (heartbeat); true when something may be readable. */
function waitFor(reader: LogReader, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = ms > 0 ? setTimeout(() => done(false), ms) : undefined;
    const done = (woke: boolean) => {
      if (timer !== undefined) clearTimeout(timer);
      if (reader.waiter === wake) reader.waiter = undefined;
      resolve(woke);
    };
    const wake = () => done(true);
    reader.waiter = wake;
  });
}

/** A `text/event-stream` response reading `log` from `afterId`. */
export function sseResponse(log: EventLog, options: SSEOptions = {}): Response {
  const reader = log.subscribe(options.afterId ?? 0);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  let closed = false;
  const close = (reason: 'ended' | 'disconnected') => {
    if (closed) return;
    closed = true;
    reader.close();
    options.onClose?.(reason);
  };
  const unlink =
    options.signal === undefined ? () => {} : linkSignal(options.signal, () => close('disconnected'));
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (closed) {
            controller.close();
            return;
          }
          let text = '';
          let n = 0;
          let read = reader.tryRead();
          while (read !== null && read !== undefined && n < MAX_BATCH) {
            text += frame(read);
            n++;
            read = reader.tryRead();
          }
          if (text !== '') {
            controller.enqueue(encoder.encode(text));
            if (read === undefined) {
              unlink();
              close('ended');
              controller.close();
            }
            return;
          }
          if (read === undefined) {
            unlink();
            close('ended');
            controller.close();
            return;
          }
          const woke = await waitFor(reader, heartbeatMs);
          if (!woke && !closed) {
            controller.enqueue(encoder.encode(': ping\n\n'));
            return;
          }
        }
      },
      cancel() {
        unlink();
        close('disconnected');
      },
    },
    { highWaterMark: 0 },
  );
  const headers = new Headers(options.headers);
  for (const [k, v] of Object.entries(SSE_HEADERS)) headers.set(k, v);
  return new Response(body, { status: 200, headers });
}

/** The event id a reconnecting client gives (`Last-Event-ID` header or `lastEventId` query), or 0. */
export function lastEventId(request: Request): number {
  const raw = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  if (raw === null || raw === '') return 0;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}
