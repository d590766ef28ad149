/**
 * How a started run answers its request: as server-sent events read from its log, or as one JSON
 * body once it ends. A client that goes away cancels its run unless the run was asked to keep
 * running (then its events stay readable at `GET /runs/:runId/events`).
 */
import { AbortedError, linkSignal } from '@agno/core';
import type { Context } from 'hono';
import type { ServerContext, ServerEnv } from './context.js';
import { errorResponse } from './http-errors.js';
import type { RunEntry } from './run-registry.js';
import { sseResponse } from './sse.js';

/** Whether the request asks for server-sent events. */
export function wantsSSE(c: Context, stream: boolean | undefined): boolean {
  if (stream !== undefined) return stream;
  return (c.req.header('accept') ?? '').includes('text/event-stream');
}

/** Cancels `entry` when its last reader left, unless it keeps running. */
export function cancelWhenAbandoned(entry: RunEntry): void {
  if (!entry.keepRunning && entry.status === 'running' && entry.log.readerCount === 0) {
    entry.cancel(new AbortedError('the client disconnected'));
  }
}

/** An SSE response reading `entry`'s log after `afterId`. */
export function streamEntry(
  ctx: ServerContext,
  c: Context<ServerEnv>,
  entry: RunEntry,
  afterId: number,
): Response {
  return sseResponse(entry.log, {
    afterId,
    heartbeatMs: ctx.options.heartbeatMs,
    signal: c.req.raw.signal,
    headers: { 'x-run-id': entry.runId },
    onClose: (reason) => {
      if (reason === 'disconnected') cancelWhenAbandoned(entry);
    },
  });
}

/** Waits for `entry` to end (cancelling it if the client leaves first) and answers with JSON. */
export async function jsonEntry(c: Context<ServerEnv>, entry: RunEntry): Promise<Response> {
  const unlink = linkSignal(c.req.raw.signal, () => cancelWhenAbandoned(entry));
  try {
    await entry.done;
  } finally {
    unlink();
  }
  const headers = { 'content-type': 'application/json', 'x-run-id': entry.runId };
  if (entry.status === 'error') {
    const { status, body } = errorResponse(entry.error);
    return new Response(JSON.stringify({ ...body, runId: entry.runId }), { status, headers });
  }
  return new Response(JSON.stringify(entry.result), { status: 200, headers });
}
