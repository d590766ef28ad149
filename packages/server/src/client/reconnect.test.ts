/**
 * The client's stream under real network faults: a TCP proxy on loopback that cuts or stalls the
 * connection after N bytes (mid-frame), a server that keeps dropping, one that forgets the run.
 * The full event sequence must arrive once, in order.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { start } from '../fixtures/apps.js';
import { createClient, isServerError, type StreamEvent, type WireAgentEvent } from './index.js';

type Rule = { cutAfter?: number; stallAfter?: number } | undefined;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A TCP proxy to `target`; connection `i` follows `rules[i]` (pass through when none). */
async function proxy(target: string, rules: Rule[]): Promise<{ url: string; connections: number[] }> {
  const { hostname, port } = new URL(target);
  const connections: number[] = [];
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((client) => {
    const rule = rules[connections.length];
    const index = connections.push(0) - 1;
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    let stopped = false;
    upstream.on('data', (buf: Buffer) => {
      if (stopped) return;
      const limit = rule?.cutAfter ?? rule?.stallAfter;
      if (limit !== undefined && connections[index]! + buf.length >= limit) {
        client.write(buf.subarray(0, limit - connections[index]!));
        connections[index] = limit;
        stopped = true;
        if (rule?.cutAfter !== undefined) {
          client.destroy();
          upstream.destroy();
        }
        return;
      }
      connections[index]! += buf.length;
      client.write(buf);
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, connections };
}

/** A server streaming `text` one character per event, slowly enough to be cut mid-run. */
async function streamingServer(text: string) {
  const agent = new Agent({
    name: 'talker',
    model: new ScriptedModel({ turns: [{ text, chunkSize: 1, chunkDelayMs: 2 }] }),
  });
  const s = await start({ agents: [agent] });
  closers.push(() => s.http.close({ timeoutMs: 1000 }));
  return s;
}

/** Reads a stream to its end; returns its events. */
async function readAll(
  stream: AsyncIterable<StreamEvent<WireAgentEvent>>,
): Promise<StreamEvent<WireAgentEvent>[]> {
  const events: StreamEvent<WireAgentEvent>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

const TEXT = 'The quick brown fox jumps over the lazy dog, and then it runs far away.';

describe('the stream reconnects', () => {
  it('after cuts mid-frame, the full sequence arrives once, in order, from the server’s log', async () => {
    const { url, server } = await streamingServer(TEXT);
    // Three connections cut after 700, 500 and 600 bytes (headers included), the fourth goes through.
    const p = await proxy(url, [{ cutAfter: 700 }, { cutAfter: 500 }, { cutAfter: 600 }]);
    const client = createClient({ baseUrl: p.url });
    const stream = await client.agents.stream('talker', 'go', { reconnect: { minDelayMs: 10 } });
    const events = await readAll(stream);
    expect(p.connections.slice(0, 3)).toEqual([700, 500, 600]);
    expect(p.connections.length).toBeGreaterThanOrEqual(4);
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe(TEXT);
    expect(events[0]!.type).toBe('run-started');
    expect(events.filter((e) => e.type === 'run-started')).toHaveLength(1);
    expect(events.at(-2)!.type).toBe('run-completed');
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    expect(events.some((e) => e.type === 'gap')).toBe(false);
    // Ids are the server's: each once, no hole (the last id is the count of events).
    expect(stream.lastEventId).toBe(events.length);
    expect((await stream.result).text).toBe(TEXT);
    expect(server.running).toBe(0);
  });

  it('a connection that stalls (bytes stop, the socket stays open) is dropped after idleTimeoutMs', async () => {
    const { url } = await streamingServer(TEXT);
    const p = await proxy(url, [{ stallAfter: 800 }]);
    const client = createClient({ baseUrl: p.url });
    const stream = await client.agents.stream('talker', 'go', {
      idleTimeoutMs: 300,
      reconnect: { minDelayMs: 10 },
    });
    const events = await readAll(stream);
    expect(p.connections[0]).toBe(800);
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(TEXT);
    expect(stream.lastEventId).toBe(events.length);
  });

  it('without reconnect, a cut ends the stream with stream_interrupted and the run is cancelled', async () => {
    const { url, server } = await streamingServer(TEXT);
    const p = await proxy(url, [{ cutAfter: 700 }]);
    const client = createClient({ baseUrl: p.url });
    const stream = await client.agents.stream('talker', 'go', { reconnect: false });
    const error = await readAll(stream).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isServerError(error, 'stream_interrupted')).toBe(true);
    expect(isServerError(await stream.result.catch((e: unknown) => e), 'stream_interrupted')).toBe(true);
    await expect.poll(() => server.running, { timeout: 5000 }).toBe(0);
    expect((await createClient({ baseUrl: url }).runs.get(stream.runId)).error).toMatchObject({
      code: 'aborted',
    });
  });
});

describe('reconnect limits', () => {
  /** A raw SSE server: `POST` answers one event then drops; each events request runs `onEvents`. */
  async function dropping(onEvents: (res: import('node:http').ServerResponse, n: number) => void) {
    let reconnects = 0;
    const lastIds: string[] = [];
    const server: Server = createHttpServer((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'x-run-id': 'r1' });
        res.write('retry: 5\nid: 1\nevent: run-started\ndata: {"type":"run-started","runId":"r1"}\n\n');
        setTimeout(() => res.destroy(), 20);
        return;
      }
      lastIds.push(String(req.headers['last-event-id']));
      onEvents(res, ++reconnects);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return { url, lastIds, reconnects: () => reconnects };
  }

  it('gives up after the bounded retries, waiting the server’s retry: rather than its own minimum', async () => {
    const s = await dropping((res) => res.destroy());
    // A 10-minute minimum delay would time the test out: the server's `retry: 5` is what counts.
    const stream = await createClient({ baseUrl: s.url }).agents.stream('a', 'go', {
      reconnect: { retries: 3, minDelayMs: 600_000, maxDelayMs: 600_000 },
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of stream) seen.push(e.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['run-started']);
    expect(error).toMatchObject({ code: 'stream_interrupted', runId: 'r1' });
    expect(s.reconnects()).toBe(3);
    expect(s.lastIds).toEqual(['1', '1', '1']);
  });

  it('stops at once when the server no longer knows the run (404), with its typed error', async () => {
    const s = await dropping((res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"not_found","message":"no run \\"r1\\""}}');
    });
    const stream = await createClient({ baseUrl: s.url }).agents.stream('a', 'go', {
      reconnect: { retries: 5 },
    });
    const error = await stream.result.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(s.reconnects()).toBe(1);
  });
});
