/**
 * @agno/server (issue 16): what serving an agent costs over calling it, and how streams hold up.
 *
 * - JSON run overhead: `POST /agents/echo/runs` on the scripted model through `server.fetch` (in
 *   process, no socket) and through loopback HTTP, each against a bare Hono handler that calls the
 *   same agent the same way (`agent.run(input, { runId, userId, signal })`, the result as JSON).
 *   Also, on loopback, the CPU time the serving process spends per request (server or bare), which
 *   other processes on a busy machine disturb far less than wall time;
 * - SSE events per second on one stream: a run streaming 100,000 one-character deltas from the
 *   server process, read on loopback with a plain fetch reader in this one;
 * - 1,000 concurrent open streams: heap and RSS of the server process (after full collections)
 *   with 1,000 SSE runs open and waiting on their model, minus before, ÷ 1,000;
 * - time to first event: from the POST to the first SSE bytes, in process and on loopback.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, do_not_optimize } from 'mitata';
import { createServer } from '../../packages/server/dist/index.js';
import { listen } from '../../packages/server/dist/node/index.js';
// Not yet dependencies of @agno/benchmarks: imported from the built package and its node_modules.
import { serve } from '../../packages/server/node_modules/@hono/node-server/dist/index.mjs';
import { type Budgets, type Figure, figure, median, type SuiteContext } from '../src/suite.js';
import { bareApp, DELTAS, echoAgent } from './server-apps.js';

/** Targets: the (overhead ratios, events per second, memory per stream); times are shown. */
export const budgets: Budgets = {
  'server/json-run/fetch': {
    note: 'POST /agents/echo/runs through server.fetch (no socket), with a content-length as from the network',
  },
  'server/json-run/fetch/vs-bare': {
    max: 1.15,
    note: 'server.fetch over a bare Hono handler calling the same agent (issue 16 target)',
  },
  'server/json-run/fetch-chunked': {
    note: 'the same without a content-length header (the body limit counts a stream)',
  },
  'server/json-run/http': { note: 'the same over loopback HTTP (fetch, keep-alive)' },
  'server/json-run/http/vs-bare': { max: 1.15, note: 'loopback: the server over the bare Hono handler' },
  'server/json-run/http/server-cpu': {
    note: 'CPU time of the serving process per loopback JSON run (server process, client elsewhere)',
  },
  'server/json-run/http/bare-cpu': { note: 'the same for the bare Hono handler' },
  'server/json-run/http/cpu-vs-bare': { max: 1.15, note: 'server-cpu over bare-cpu' },
  'server/sse/events-per-second': {
    min: 200_000,
    note: 'one stream of 100,000 one-character deltas, loopback, server in its own process',
  },
  'server/streams-1000/heap-per-stream': {
    maxBytes: 65_536,
    note: 'server heap with 1,000 open SSE runs waiting on their model, ÷ 1,000',
  },
  'server/streams-1000/rss-per-stream': { maxBytes: 65_536, note: 'server RSS, the same' },
  'server/first-event/fetch': { note: 'POST stream:true → first SSE bytes, server.fetch' },
  'server/first-event/http': { note: 'the same on loopback' },
};

const STREAMS = 1000;
const LOCAL = 'http://local';
const JSON_HEADERS = { 'content-type': 'application/json' };
const BODY = JSON.stringify({ input: 'Capital of France?' });
const STREAM_BODY = JSON.stringify({ input: 'hi', stream: true });

/** A JSON POST to `url`. */
const post = (url: string, body = BODY) => ({ url, init: { method: 'POST', headers: JSON_HEADERS, body } });

/** Reads a response to its end, counting SSE events (blank-line separators). */
async function countEvents(res: Response): Promise<number> {
  const reader = res.body!.getReader();
  let events = 0;
  let lastWasNewline = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    for (let i = 0; i < value.length; i++) {
      const isNewline = value[i] === 10;
      if (isNewline && lastWasNewline) events++;
      lastWasNewline = isNewline;
    }
  }
}

/** Waits for the first bytes of a response's body, then leaves (cancelling the stream). */
async function firstBytes(res: Response): Promise<number> {
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return value?.length ?? 0;
}

interface Measure {
  heapUsed: number;
  rss: number;
  running: number;
}

/** The server process: its URLs, its memory after full collections, its CPU time so far. */
interface ServerProcess {
  child: ChildProcess;
  url: string;
  bareUrl: string;
  measure(): Promise<Measure>;
  cpuMicros(): Promise<number>;
}

async function startServerProcess(): Promise<ServerProcess> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'server-process.ts');
  // The suite's own flags: --expose-gc and tsx's loader.
  const child = spawn(process.execPath, [...process.execArgv, script], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = async <T>(what: string): Promise<T> => {
    child.send(what);
    const [reply] = (await once(child, 'message')) as [T];
    return reply;
  };
  const [first] = (await once(child, 'message')) as [{ url: string; bareUrl: string }];
  return {
    child,
    ...first,
    measure: () => ask<Measure>('measure'),
    cpuMicros: async () => (await ask<{ cpuMicros: number }>('cpu')).cpuMicros,
  };
}

/** Streams the firehose once; events per second. */
async function firehose(url: string): Promise<number> {
  const { url: u, init } = post(`${url}/agents/firehose/runs`, JSON.stringify({ input: 'go', stream: true }));
  const started = performance.now();
  const events = await countEvents(await fetch(u, init));
  const seconds = (performance.now() - started) / 1000;
  if (events < DELTAS) throw new Error(`the stream ended after ${events} events`);
  return events / seconds;
}

/** Opens `count` waiting streams (each has sent its first event) and returns their readers. */
async function openStreams(url: string, count: number) {
  const { url: u, init } = post(`${url}/agents/waiter/runs`, JSON.stringify({ input: 'wait', stream: true }));
  return Promise.all(
    Array.from({ length: count }, async () => {
      const reader = (await fetch(u, init)).body!.getReader();
      await reader.read();
      return reader;
    }),
  );
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Registers the server benchmarks and figures. */
export default async function register(ctx: SuiteContext): Promise<() => Promise<void>> {
  const server = createServer({ agents: [echoAgent()] });
  const bare = await bareApp(echoAgent());
  const http = await listen(server, { port: 0 });
  const bareHttp = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' });
  await once(bareHttp, 'listening');
  const bareUrl = `http://127.0.0.1:${(bareHttp.address() as { port: number }).port}`;
  /** A request as the network hands it over (in process it needs its content-length set). */
  const request = (base: string, body = BODY) => {
    const { url, init } = post(`${base}/agents/echo/runs`, body);
    const headers = { ...JSON_HEADERS, 'content-length': String(body.length) };
    return new Request(url, base === LOCAL ? { ...init, headers } : init);
  };
  const check = async (res: Response) => {
    const body = (await res.json()) as { text?: string };
    if (body.text !== 'Paris.') throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
  };
  // Each path answers the scripted text before it is measured.
  await check(await server.fetch(request(LOCAL)));
  await check(await bare.fetch(request(LOCAL)));
  await check(await fetch(request(http.url)));
  await check(await fetch(request(bareUrl)));

  bench('server/json-run/fetch', async () =>
    do_not_optimize(await (await server.fetch(request(LOCAL))).json()),
  );
  bench('server/json-run/bare-fetch', async () =>
    do_not_optimize(await (await bare.fetch(request(LOCAL))).json()),
  );
  // Without a content-length (a chunked upload), the body limit wraps the body in a counting stream.
  bench('server/json-run/fetch-chunked', async () =>
    do_not_optimize(await (await server.fetch(request('http://chunked'))).json()),
  );
  bench('server/json-run/http', async () => do_not_optimize(await (await fetch(request(http.url))).json()));
  bench('server/json-run/bare-http', async () =>
    do_not_optimize(await (await fetch(request(bareUrl))).json()),
  );
  bench('server/first-event/fetch', async () =>
    do_not_optimize(await firstBytes(await server.fetch(request(LOCAL, STREAM_BODY)))),
  );
  bench('server/first-event/http', async () =>
    do_not_optimize(await firstBytes(await fetch(request(http.url, STREAM_BODY)))),
  );

  figure('server/json-run/fetch/vs-bare', (f) =>
    f.ratio('server/json-run/fetch', 'server/json-run/bare-fetch'),
  );
  figure('server/json-run/http/vs-bare', (f) => f.ratio('server/json-run/http', 'server/json-run/bare-http'));

  const proc = await startServerProcess();
  const rounds = ctx.mode === 'full' ? 7 : 3;

  // CPU of the serving process per request, server and bare alternating round by round.
  const cpu = new Map<string, Figure>();
  const measureCpu = async () => {
    if (cpu.size > 0) return cpu;
    const perRequest = async (base: string, n: number) => {
      const before = await proc.cpuMicros();
      for (let i = 0; i < n; i++) await check(await fetch(request(base)));
      return (((await proc.cpuMicros()) - before) * 1000) / n;
    };
    const n = ctx.mode === 'full' ? 2000 : 500;
    await perRequest(proc.url, n);
    await perRequest(proc.bareUrl, n);
    const served: number[] = [];
    const bared: number[] = [];
    for (let i = 0; i < rounds; i++) {
      served.push(await perRequest(proc.url, n));
      bared.push(await perRequest(proc.bareUrl, n));
    }
    const note = `${n} sequential loopback requests per round, ${rounds} rounds`;
    cpu.set('server', { value: median(served), unit: 'ns', samples: served, note });
    cpu.set('bare', { value: median(bared), unit: 'ns', samples: bared, note });
    const ratios = served.map((s, i) => s / bared[i]!);
    cpu.set('ratio', {
      value: median(ratios),
      unit: 'x',
      samples: ratios,
      note: 'median of per-round ratios',
    });
    return cpu;
  };
  figure('server/json-run/http/server-cpu', async () => (await measureCpu()).get('server')!);
  figure('server/json-run/http/bare-cpu', async () => (await measureCpu()).get('bare')!);
  figure('server/json-run/http/cpu-vs-bare', async () => (await measureCpu()).get('ratio')!);

  figure('server/sse/events-per-second', async (): Promise<Figure> => {
    await firehose(proc.url); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) samples.push(await firehose(proc.url));
    return { value: median(samples), unit: 'ops/s', samples, note: `${DELTAS} text deltas, chunkSize 1` };
  });

  const memory = new Map<string, Figure>();
  const measureStreams = async () => {
    if (memory.size > 0) return memory;
    // Warm-up: streams opened and closed once, so compiled code and pools are not counted.
    for (const r of await openStreams(proc.url, 100)) await r.cancel();
    await until(async () => (await proc.measure()).running === 0, 'the warm-up runs to end');
    const heap: number[] = [];
    const rss: number[] = [];
    for (let round = 0; round < (ctx.mode === 'full' ? 3 : 1); round++) {
      const before = await proc.measure();
      const readers = await openStreams(proc.url, STREAMS);
      await until(async () => (await proc.measure()).running === STREAMS, 'every run to be in flight');
      const after = await proc.measure();
      heap.push((after.heapUsed - before.heapUsed) / STREAMS);
      rss.push((after.rss - before.rss) / STREAMS);
      await Promise.all(readers.map((r) => r.cancel()));
      await until(async () => (await proc.measure()).running === 0, 'the cancelled runs to end');
    }
    const note = `${STREAMS} SSE runs open, waiting on their model; server process after full collections`;
    memory.set('heap', { value: median(heap), unit: 'bytes', samples: heap, note });
    memory.set('rss', { value: median(rss), unit: 'bytes', samples: rss, note });
    return memory;
  };
  figure('server/streams-1000/heap-per-stream', async () => (await measureStreams()).get('heap')!);
  figure('server/streams-1000/rss-per-stream', async () => (await measureStreams()).get('rss')!);

  return async () => {
    proc.child.kill('SIGKILL');
    await http.close({ timeoutMs: 1000 });
    await new Promise<void>((resolve) => bareHttp.close(() => resolve()));
  };
}
