/**
 * Scale-out on real Redis with real processes: two server processes serving through
 * `queueBackend`, two (then three) worker processes running the runs. A run started on one server
 * is streamed, resumed after `Last-Event-ID`, and cancelled from the other; a worker SIGKILLed
 * mid-answer loses nothing and shows no text twice; another user's run is not found anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunQueue } from '@agno/queue-bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSSE } from '../fixtures/apps.js';
import { KEY_X, KEY_Y, WRITER_TEXT } from '../fixtures/queue/agents.js';
import {
  type FixtureProcess,
  removeScripts,
  startServerProcess,
  startWorkerProcess,
} from '../fixtures/queue/processes.js';
import { freshQueueName, redisUrl } from '../fixtures/queue/redis.js';

type SSEEvent = { id?: number; event: string; data: unknown };

const X = { 'x-api-key': KEY_X };
const Y = { 'x-api-key': KEY_Y };

const post = (url: string, body: unknown, headers: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const texts = (events: SSEEvent[]) =>
  events
    .filter((e) => e.event === 'text-delta')
    .map((e) => (e.data as { text: string }).text)
    .join('');

describe.skipIf(redisUrl === undefined)(
  'queueBackend: two servers and a fleet of workers on one Redis',
  () => {
    const url = redisUrl!;
    const queueName = freshQueueName('scale');
    const dir = mkdtempSync(join(tmpdir(), 'agno-scale-out-'));
    const storePath = join(dir, 'store.db');
    const workers: FixtureProcess[] = [];
    let a: FixtureProcess & { url: string };
    let b: FixtureProcess & { url: string };
    let queue: RunQueue;

    beforeAll(async () => {
      queue = new RunQueue({ connection: url, queueName });
      workers.push(
        ...(await Promise.all(['w1', 'w2'].map((id) => startWorkerProcess(url, queueName, id, storePath)))),
      );
      [a, b] = await Promise.all([
        startServerProcess(url, queueName, 'A', storePath),
        startServerProcess(url, queueName, 'B', storePath),
      ]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop(), ...workers.map((w) => w.stop())]);
      await queue.queue.obliterate({ force: true });
      const leftovers = await queue.redis.keys(`bull:${queueName}:agno:*`); // events, cancel marks
      if (leftovers.length > 0) await queue.redis.del(...leftovers);
      await queue.close();
      removeScripts();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    /** Starts a run on `server` as SSE; resolves with the response and the run id. */
    async function startRun(server: { url: string }, agent: string, keepRunning: boolean) {
      const res = await post(
        `${server.url}/agents/${agent}/runs`,
        { input: 'go', stream: true, keepRunning },
        X,
      );
      expect(res.status).toBe(200);
      return { res, runId: res.headers.get('x-run-id')! };
    }

    /** Replaces killed workers, so that two run the next test's jobs. */
    async function twoLiveWorkers(): Promise<void> {
      for (const w of workers.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)) {
        workers.splice(workers.indexOf(w), 1);
      }
      while (workers.length < 2)
        workers.push(await startWorkerProcess(url, queueName, `w${++spawned}`, storePath));
    }
    let spawned = 2;

    /** The worker processes that took job `runId`, in the order they printed it. */
    const takers = (runId: string) => workers.filter((w) => w.lines.includes(`active ${runId}`));

    /**
     * Starts a run of `agent` on server A and SIGKILLs the worker running it once the client got
     * `deltas` text deltas; resolves with everything the client got, the killed worker, and the
     * worker that finished the run.
     */
    async function killMidAnswer(agent: string, deltas: number) {
      await twoLiveWorkers();
      const { res, runId } = await startRun(a, agent, false);
      let got = 0;
      let killed: FixtureProcess | undefined;
      const seen = await readSSE(res, (e) => {
        if (e.event === 'text-delta' && ++got === deltas) {
          killed = takers(runId)[0]!;
          killed.child.kill('SIGKILL');
        }
        return false;
      });
      const others = takers(runId).filter((w) => w !== killed);
      expect(killed).toBeDefined();
      expect(others).toHaveLength(1);
      return { runId, seen, killed: killed!, second: others[0]! };
    }

    it('streams a run started on server A to completion; server B serves the same events with the same ids', async () => {
      const { res, runId } = await startRun(a, 'writer', true);
      let deltas = 0;
      const first = await readSSE(res, (e) => e.event === 'text-delta' && ++deltas === 4);
      const lastId = first.at(-1)!.id!;
      expect(first.map((e) => e.id)).toEqual(Array.from({ length: lastId }, (_, i) => i + 1));

      // B never saw the run: it attaches it from the queue and reads its events from the first.
      const fromB = await readSSE(await fetch(`${b.url}/runs/${runId}/events`, { headers: X }));
      expect(fromB.slice(0, lastId)).toEqual(first);
      expect(fromB.map((e) => e.id)).toEqual(Array.from({ length: fromB.length }, (_, i) => i + 1));
      expect(fromB.at(-1)).toMatchObject({ event: 'done', data: { runId, status: 'completed' } });
      expect(texts(fromB)).toBe(WRITER_TEXT);
      const fromA = await readSSE(await fetch(`${a.url}/runs/${runId}/events`, { headers: X }));
      expect(fromA).toEqual(fromB);
      const info = await (await fetch(`${b.url}/runs/${runId}`, { headers: X })).json();
      expect(info).toMatchObject({
        runId,
        kind: 'agent',
        name: 'writer',
        status: 'completed',
        result: { text: WRITER_TEXT },
      });
    }, 60_000);

    it('server B goes on after the Last-Event-ID server A sent, without gaps or repeats', async () => {
      const { res, runId } = await startRun(a, 'writer', true);
      let deltas = 0;
      const first = await readSSE(res, (e) => e.event === 'text-delta' && ++deltas === 4);
      const lastId = first.at(-1)!.id!;
      const fromB = await fetch(`${b.url}/runs/${runId}/events`, {
        headers: { ...X, 'last-event-id': String(lastId) },
      });
      const rest = await readSSE(fromB);
      expect(rest.map((e) => e.id)).toEqual(Array.from({ length: rest.length }, (_, i) => lastId + 1 + i));
      expect(texts([...first, ...rest])).toBe(WRITER_TEXT);
    }, 60_000);

    it('cancels from server B a run started on server A: the tool on the worker sees the abort', async () => {
      const { res, runId } = await startRun(a, 'waiter', true);
      const events = readSSE(res);
      await Promise.any(workers.map((w) => w.line((l) => l === `started ${runId}`)));

      const cancel = await post(`${b.url}/runs/${runId}/cancel`, {}, X);
      expect(cancel.status).toBe(202);
      await Promise.any(workers.map((w) => w.line((l) => l === `aborted ${runId}`)));

      const seen = await events;
      expect(seen.at(-1)).toMatchObject({ event: 'done', data: { status: 'error' } });
      const info = await (await fetch(`${a.url}/runs/${runId}`, { headers: X })).json();
      expect(info).toMatchObject({ status: 'error', error: { code: 'aborted' } });
    }, 60_000);

    it("never shows one user's run to another, on either server", async () => {
      const { res, runId } = await startRun(a, 'writer', true);
      await readSSE(res, (e) => e.event === 'run-started');
      for (const server of [a, b]) {
        expect((await fetch(`${server.url}/runs/${runId}`, { headers: Y })).status).toBe(404);
        expect((await fetch(`${server.url}/runs/${runId}/events`, { headers: Y })).status).toBe(404);
        expect((await post(`${server.url}/runs/${runId}/cancel`, {}, Y)).status).toBe(404);
      }
      expect((await fetch(`${b.url}/runs/no-such-run`, { headers: X })).status).toBe(404);
      // Its owner still reads it on either server, and the attempts to cancel it did nothing.
      const rest = await readSSE(await fetch(`${b.url}/runs/${runId}/events`, { headers: X }));
      expect(rest.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
      expect(texts(rest)).toBe(WRITER_TEXT);
    }, 60_000);

    it('continues a run paused on a worker from either server, once, in the server process', async () => {
      const res = await post(
        `${a.url}/agents/mailer/runs`,
        { input: 'mail Ann', sessionId: `s-${queueName}` },
        X,
      );
      const paused = await res.json();
      expect(paused).toMatchObject({ status: 'paused', pending: [{ toolName: 'send_email' }] });
      const body = { decisions: { [paused.pending[0].toolCallId]: { approved: true } } };
      const path = `/agents/mailer/runs/${paused.runId}/continue`;
      expect((await post(`${b.url}${path}`, body, Y)).status).toBe(404);
      const answers = await Promise.all([post(`${a.url}${path}`, body, X), post(`${b.url}${path}`, body, X)]);
      // The loser is refused with 409, whether it read the paused run before the winner claimed it or after.
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      const loser = answers.find((r) => r.status !== 200)!;
      expect(loser.status, await loser.clone().text()).toBe(409);
      const done = await answers.find((r) => r.status === 200)!.json();
      expect(done).toMatchObject({ runId: paused.runId, status: 'completed', text: 'Sent.' });
      // The approved call executed once, in the server that took the approval.
      const sent = [a, b, ...workers].filter((p) => p.lines.includes(`sent ${paused.runId}`));
      expect(sent).toEqual([answers[0]!.status === 200 ? a : b]);
    }, 60_000);

    it('retries an attempt that failed without the client seeing its error or its text twice', async () => {
      const { res, runId } = await startRun(a, 'flaky', false);
      const seen = await readSSE(res);
      expect(seen.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
      expect(seen.filter((e) => e.event === 'run-error' || e.event === 'run-restarted')).toEqual([]);
      expect(texts(seen)).toBe(WRITER_TEXT);
      const job = await queue.queue.getJob(runId);
      expect(job!.attemptsStarted).toBeGreaterThanOrEqual(2);
    }, 60_000);

    it('finishes a run whose worker is SIGKILLed mid-answer on another worker, showing no text twice', async () => {
      const { runId, seen } = await killMidAnswer('writer', 3);
      // The client saw the first attempt's first deltas, then only what the second attempt added.
      expect(seen.some((e) => e.event === 'run-restarted')).toBe(false);
      expect(texts(seen)).toBe(WRITER_TEXT);
      expect(seen.filter((e) => e.event === 'run-started')).toHaveLength(1);
      expect(seen.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
      const info = await (await fetch(`${a.url}/runs/${runId}`, { headers: X })).json();
      expect(info).toMatchObject({ status: 'completed', result: { text: WRITER_TEXT } });
    }, 90_000);

    it('tells the client to start over when the retaken attempt answers differently', async () => {
      const { runId, seen, killed, second } = await killMidAnswer('drifter', 4);
      const restarts = seen.filter((e) => e.event === 'run-restarted');
      expect(restarts).toHaveLength(1);
      expect(restarts[0]!.data).toMatchObject({ runId, attempt: 2 });
      const at = seen.indexOf(restarts[0]!);
      // Before it: part of the dead worker's answer; after it: the new attempt from its first event.
      expect(`Answered by ${killed.id}: ${WRITER_TEXT}`.startsWith(texts(seen.slice(0, at)))).toBe(true);
      expect(seen[at + 1]!.event).toBe('run-started');
      expect(texts(seen.slice(at))).toBe(`Answered by ${second.id}: ${WRITER_TEXT}`);
      const info = await (await fetch(`${a.url}/runs/${runId}`, { headers: X })).json();
      expect(info).toMatchObject({
        status: 'completed',
        result: { text: `Answered by ${second.id}: ${WRITER_TEXT}` },
      });
    }, 90_000);
  },
);
