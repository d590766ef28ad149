/**
 * @agno/queue-bullmq (issue 10): what the queue costs per job over calling the agent in
 * process (enqueue → BullMQ → worker → Redis stream → result), and how runs per second grow
 * with worker processes when the model takes 200 ms per call, as a real provider does.
 * Needs Redis (REDIS_URL; `source scripts/services.sh; services_start`); without it only the
 * in-process baseline runs.
 */
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { bench, do_not_optimize } from 'mitata';
// Not yet a dependency of @agno/benchmarks: imported from the built package.
import { RunQueue, RunWorker } from '../../packages/queue-bullmq/dist/index.js';
import {
  startWorker,
  stopWorker,
  type WorkerProcess,
} from '../../packages/queue-bullmq/src/fixtures/fleet.js';
import { type Budgets, figure, median, type SuiteContext } from '../src/suite.js';

/** Targets. */
export const budgets: Budgets = {
  'queue-bullmq/in-process-run': { maxNs: 30_000, note: 'agent.run on the scripted model, no queue' },
  'queue-bullmq/queued-run': {
    maxNs: 15_000_000,
    note: 'enqueue + worker (same process, loopback Redis) + result, one job at a time',
  },
  'queue-bullmq/overhead-per-job': {
    maxNs: 15_000_000,
    note: 'queued-run minus in-process-run: Redis round trips of BullMQ, the event stream and the result',
  },
  'queue-bullmq/runs-per-s/1-worker': {
    min: 15,
    note: '200 ms model, concurrency 4 per worker process (ideal 20/s)',
  },
  'queue-bullmq/runs-per-s/2-workers': { min: 30, note: 'ideal 40/s' },
  'queue-bullmq/runs-per-s/4-workers': { min: 40, note: 'ideal 80/s; CPU-bound on a 2-core machine' },
};

const CONCURRENCY = 4;
const MODEL_DELAY_MS = 200;

/** Registers the queue benchmarks and the scaling figures. */
export default async function register(ctx: SuiteContext): Promise<void | (() => Promise<void>)> {
  const agent = new Agent({ name: 'echo', model: new ScriptedModel({ respond: 'done', record: false }) });
  bench('queue-bullmq/in-process-run', async () => do_not_optimize(await agent.run('go')));

  const url = process.env.REDIS_URL;
  if (url === undefined) {
    console.warn('[queue-bullmq] REDIS_URL is not set: only the in-process baseline runs');
    return;
  }
  const queueName = `agno-bench-${process.pid}`;
  const queue = new RunQueue({ connection: url, queueName, keepJobs: 100 });
  const worker = new RunWorker({ connection: url, queueName, concurrency: 1, agents: { echo: agent } });
  await worker.start();
  bench('queue-bullmq/queued-run', async () => {
    const handle = await queue.enqueueAgent('echo', 'go');
    do_not_optimize(await handle.result());
  });
  figure('queue-bullmq/overhead-per-job', (f) => {
    const queued = f.stats('queue-bullmq/queued-run');
    const direct = f.stats('queue-bullmq/in-process-run');
    return {
      value: queued.p50 - direct.p50,
      unit: 'ns',
      samples: [queued.p25 - direct.p50, queued.p75 - direct.p50],
      note: 'median queued run minus median in-process run',
    };
  });

  const jobs = ctx.mode === 'full' ? 240 : 40;
  const counts = ctx.mode === 'full' ? [1, 2, 4, 8] : [1, 2, 4];
  for (const n of counts) {
    figure(`queue-bullmq/runs-per-s/${n}-worker${n === 1 ? '' : 's'}`, async () => {
      const samples = [await throughput(url, n, jobs)];
      if (ctx.mode === 'full') samples.push(await throughput(url, n, jobs), await throughput(url, n, jobs));
      return {
        value: median(samples),
        unit: 'ops/s',
        samples,
        note: `${jobs} runs over ${n} worker process(es) × concurrency ${CONCURRENCY}, model ${MODEL_DELAY_MS} ms per call`,
      };
    });
  }

  return async () => {
    await worker.close();
    await queue.queue.obliterate({ force: true });
    await queue.close();
  };
}

/** Runs per second of `jobs` runs through `n` fresh worker processes (start-up not counted). */
async function throughput(url: string, n: number, jobs: number): Promise<number> {
  const queueName = `agno-bench-fleet-${process.pid}-${n}-${Date.now()}`;
  const env = { AGNO_MODEL_DELAY_MS: String(MODEL_DELAY_MS), AGNO_CONCURRENCY: String(CONCURRENCY) };
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < n; i++) workers.push(startWorker(url, queueName, `w${i}`, env));
  const queue = new RunQueue({ connection: url, queueName, keepJobs: jobs });
  try {
    await Promise.all(workers.map((w) => w.ready));
    const started = performance.now();
    const handles = await Promise.all(
      Array.from({ length: jobs }, (_, i) => queue.enqueueAgent('echo', `r${i}`)),
    );
    await Promise.all(handles.map((h) => h.result()));
    return (jobs * 1000) / (performance.now() - started);
  } finally {
    await Promise.all(workers.map(stopWorker));
    await queue.queue.obliterate({ force: true });
    await queue.close();
  }
}
