import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '@agno/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorker, stopWorker, type WorkerProcess } from './fixtures/fleet.js';
import { freshQueueName, redisUrl } from './fixtures/redis.js';
import { type QueueJobEvent, RunQueue, type WorkflowEventLike } from './index.js';

type Seen = AgentEvent | WorkflowEventLike | QueueJobEvent<unknown>;

describe.skipIf(redisUrl === undefined)('a fleet of worker processes', () => {
  const url = redisUrl!;
  const queueName = freshQueueName('fleet');
  const dir = mkdtempSync(join(tmpdir(), 'agno-fleet-'));
  const workers: WorkerProcess[] = [];
  let redis: Redis;
  let queue: RunQueue;

  beforeAll(() => {
    redis = new Redis(url);
    queue = new RunQueue({ connection: url, queueName, backoff: { type: 'fixed', delayMs: 50 } });
  });

  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await queue.queue.obliterate({ force: true });
    await redis.del(`${queueName}:done`, `${queueName}:effects`);
    await queue.close();
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes every agent run and a wide workflow exactly once when a worker is killed mid-run', async () => {
    const env = { AGNO_STORE_PATH: join(dir, 'runs.db') };
    for (const id of ['w1', 'w2', 'w3']) workers.push(startWorker(url, queueName, id, env));
    await Promise.all(workers.map((w) => w.ready));

    const flow = await queue.enqueueWorkflow<number>('wide', null, { jobId: 'wide-1' });
    const runs = 36;
    const handles = await Promise.all(
      Array.from({ length: runs }, (_, i) => queue.enqueueAgent('echo', `job-${i}`, { sessionId: `s${i}` })),
    );

    // Kill the worker running the workflow once three of its eight branches completed.
    const flowEvents: string[] = [];
    let completedParts = 0;
    for await (const e of flow.events()) {
      const event = e as Seen;
      flowEvents.push(event.type);
      if (event.type === 'step-completed' && String(event.path).startsWith('fan/')) completedParts++;
      if (completedParts === 3) break;
    }
    const victim = workers.find((w) => w.active.includes(flow.jobId))!;
    expect(victim).toBeDefined();
    const victimJobs = victim.active.slice();
    victim.child.kill('SIGKILL');

    const results = await Promise.all(handles.map((h) => h.result()));
    results.forEach((result, i) => {
      expect(result.text).toBe(`echo:job-${i}`);
      expect(result.sessionId).toBe(`s${i}`);
    });
    const flowResult = await flow.result();
    expect(flowResult.status).toBe('completed');
    expect(flowResult.output).toBe(360); // 10 + 20 + ... + 80

    // BullMQ recorded each completion once; the killed worker completed none of the jobs it held.
    // (Workers push to the list after BullMQ's `completed` event, a moment after the caller hears.)
    await vi.waitFor(async () =>
      expect(await redis.llen(`${queueName}:done`)).toBeGreaterThanOrEqual(runs + 1),
    );
    const done = await redis.lrange(`${queueName}:done`, 0, -1);
    const byJob = new Map<string, string[]>();
    for (const line of done) {
      const [jobId, worker] = line.split(' ') as [string, string];
      byJob.set(jobId, [...(byJob.get(jobId) ?? []), worker]);
    }
    expect(done).toHaveLength(runs + 1);
    for (const h of [...handles, flow]) expect(byJob.get(h.jobId)).toHaveLength(1);
    expect(byJob.get(flow.jobId)![0]).not.toBe(victim.id);

    // Each step's side effect happened once: the three completed branches were reused, not rerun.
    const effects = await redis.lrange(`${queueName}:effects`, 0, -1);
    expect(effects.slice().sort()).toEqual(
      [...Array.from({ length: 8 }, (_, i) => `wide-1/fan/part${i}`), 'wide-1/join'].sort(),
    );

    // The workflow's events: the first attempt, then the retake (branches reused are reported skipped).
    const all: Seen[] = [];
    for await (const e of flow.events()) all.push(e as Seen);
    const starts = all.filter((e) => e.type === 'job-started');
    expect(starts.length).toBe(2);
    expect(all.filter((e) => e.type === 'step-skipped' && String(e.path).startsWith('fan/')).length).toBe(3);
    expect(all.at(-1)?.type).toBe('job-completed');
    expect(all.filter((e) => e.type === 'job-completed')).toHaveLength(1);
    // Whatever the victim held when it died, the surviving workers finished.
    const heldAtKill = victimJobs.filter((jobId) => byJob.get(jobId)?.[0] !== victim.id);
    expect(heldAtKill).toContain(flow.jobId);
  }, 60_000);

  it('runs workflow steps as jobs over the fleet, and a retaken workflow waits for its step jobs instead of rerunning them', async () => {
    const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    const extra = startWorker(url, queueName, 'w4', { AGNO_STORE_PATH: join(dir, 'runs.db') });
    workers.push(extra);
    await extra.ready;
    alive.push(extra);

    const flow = await queue.enqueueWorkflow<string>('spread', null, { jobId: 'spread-1' });
    let started = 0;
    for await (const e of flow.events()) {
      const event = e as Seen;
      if (event.type === 'step-started' && String(event.path).startsWith('fan/')) started++;
      if (started === 6) break;
    }
    // Every branch's job is queued or running: kill the worker running the workflow itself.
    await new Promise((r) => setTimeout(r, 100));
    const victim = alive.find((w) => w.active.includes(flow.jobId))!;
    victim.child.kill('SIGKILL');

    const result = await flow.result();
    expect(result.output).toBe('echo:part0 echo:part1 echo:part2 echo:part3 echo:part4 echo:part5');

    await vi.waitFor(async () =>
      expect(await redis.llen(`${queueName}:done`)).toBeGreaterThanOrEqual(37 + 7),
    );
    const done = await redis.lrange(`${queueName}:done`, 0, -1);
    const count = (jobId: string) => done.filter((line) => line.startsWith(`${jobId} `)).length;
    expect(count(flow.jobId)).toBe(1);
    for (let i = 0; i < 6; i++) expect(count(`spread-1/fan/part${i}`)).toBe(1);
    const doneBy = new Set(
      done.filter((line) => line.startsWith('spread-1/')).map((line) => line.split(' ')[1]),
    );
    expect(doneBy.size).toBeGreaterThan(1); // the branches spread over several workers

    const lifecycle: string[] = [];
    for await (const e of flow.events()) lifecycle.push((e as Seen).type);
    expect(lifecycle.filter((t) => t === 'job-started')).toHaveLength(2);
    expect(lifecycle.at(-1)).toBe('job-completed');
  }, 60_000);
});
