/**
 * @agno/runtime: what the production parts cost on the hot path (issue 8): a cache hit
 * (key + lookup + copy), a miss's bookkeeping, limiter acquire/release, a contended limiter,
 * a batch round trip, and the profiler's overhead on an agent run. Everything runs on the
 * scripted model with `record: false`, so the figures are the parts' own cost.
 */
import { Agent, type ModelRequest } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { BatchProcessor, cachedModel, Limiter, limitModel, Profiler, requestKey } from '@agno/runtime';
import { bench, do_not_optimize } from 'mitata';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

/** Targets (times in ns). */
export const budgets: Budgets = {
  'runtime/cache-key': { maxNs: 10_000, note: 'requestKey of a 3-message request: canonical JSON + SHA-256' },
  'runtime/cache-hit': { maxNs: 12_000, note: 'cachedModel.generate served from memory: key, lookup, copy' },
  'runtime/cache-hit-stream': {
    maxNs: 12_000,
    note: 'cachedModel.stream replay of a 6-event stream, consumed',
  },
  'runtime/cache-miss/overhead': {
    maxNs: 20_000,
    note: 'cache miss (key, frozen copy, store, LRU eviction at 1,000 entries) minus the bare model call',
  },
  'runtime/run-cache-hit': { maxNs: 15_000, note: 'agent.run whose model call is a cache hit' },
  'runtime/limiter-acquire-release': {
    maxNs: 300,
    note: 'await limiter.acquire(); permit.release() (free slot)',
  },
  'runtime/limiter-run': { maxNs: 400, note: 'await limiter.run(fn) (free slot)' },
  'runtime/limiter-contended/per-task': {
    maxNs: 600,
    note: '100 tasks through a limiter of 10, per task (queue, hand-off, priority heap)',
  },
  'runtime/limit-model/overhead': { maxNs: 500, note: 'limitModel generate minus the bare model call' },
  'runtime/batch-64/per-item': { maxNs: 500, note: '64 submits forming one batch, per item' },
  'runtime/profiler/overhead': {
    maxNs: 8_000,
    note: 'agent.run with a profiler attached (heap off) minus a plain run',
  },
  'runtime/profiler-heap/overhead': {
    maxNs: 10_000,
    note: 'the same with heap deltas on (V8 heap statistics per operation)',
  },
};

const REQUEST: ModelRequest = {
  messages: [
    { role: 'system', content: 'You are a helpful assistant. Answer in one sentence.' },
    { role: 'user', content: 'What is the capital of France, and why is it famous?' },
    { role: 'assistant', content: 'Paris, known for the Eiffel Tower and the Louvre.' },
  ],
  maxTokens: 256,
  temperature: 0,
};

/** Registers the runtime benchmarks and figures. */
export default async function register(_ctx: SuiteContext): Promise<void> {
  const scripted = new ScriptedModel({ respond: 'Paris is the capital of France.', record: false });

  // Cache: key, hit, stream replay, miss. Warm the key path first: it is the suite's first benchmark.
  for (let i = 0; i < 20_000; i++) requestKey(scripted, REQUEST);
  bench('runtime/cache-key', () => do_not_optimize(requestKey(scripted, REQUEST)));
  const cache = cachedModel(scripted);
  await cache.generate(REQUEST);
  bench('runtime/cache-hit', async () => do_not_optimize(await cache.generate(REQUEST)));
  for await (const _ of cache.stream({ ...REQUEST, maxTokens: 128 })) {
  }
  const streamRequest: ModelRequest = { ...REQUEST, maxTokens: 128 };
  bench('runtime/cache-hit-stream', async () => {
    for await (const e of cache.stream(streamRequest)) do_not_optimize(e);
  });
  bench('runtime/model-direct', async () => do_not_optimize(await scripted.generate(REQUEST)));
  const missing = cachedModel(scripted, { maxEntries: 1000 });
  let n = 0;
  bench('runtime/cache-miss', async () => {
    // A new question each time: every call misses, stores, and (once full) evicts.
    const request: ModelRequest = {
      ...REQUEST,
      messages: [...REQUEST.messages, { role: 'user', content: `q${n++}` }],
    };
    do_not_optimize(await missing.generate(request));
  });
  bench('runtime/model-direct-new-request', async () => {
    const request: ModelRequest = {
      ...REQUEST,
      messages: [...REQUEST.messages, { role: 'user', content: `q${n++}` }],
    };
    do_not_optimize(await scripted.generate(request));
  });
  figure('runtime/cache-miss/overhead', ({ stats }) => ({
    value: stats('runtime/cache-miss').p50 - stats('runtime/model-direct-new-request').p50,
    unit: 'ns',
    note: 'median of cache-miss minus median of the same model call without a cache',
  }));

  const plain = new Agent({ name: 'bench', model: scripted, instructions: 'Be brief.' });
  const cachedAgent = new Agent({ name: 'bench', model: cachedModel(scripted), instructions: 'Be brief.' });
  await cachedAgent.run('Hello');
  bench('runtime/run-plain', async () => do_not_optimize(await plain.run('Hello')));
  bench('runtime/run-cache-hit', async () => do_not_optimize(await cachedAgent.run('Hello')));

  // Limiter.
  const limiter = new Limiter({ concurrency: 10 });
  bench('runtime/limiter-acquire-release', async () => {
    const permit = await limiter.acquire();
    permit.release();
  });
  const work = () => 1;
  bench('runtime/limiter-run', async () => do_not_optimize(await limiter.run(work)));
  const tick = () => Promise.resolve();
  const tasks = new Array<Promise<void>>(100);
  bench('runtime/limiter-contended-100', async () => {
    for (let i = 0; i < 100; i++) tasks[i] = limiter.run(tick, { priority: i & 3 });
    await Promise.all(tasks);
  });
  figure('runtime/limiter-contended/per-task', ({ stats }) => ({
    value: stats('runtime/limiter-contended-100').p50 / 100,
    unit: 'ns',
    note: 'median of limiter-contended-100 / 100',
  }));
  const limited = limitModel(scripted, 10);
  bench('runtime/limit-model', async () => do_not_optimize(await limited.generate(REQUEST)));
  figure('runtime/limit-model/overhead', ({ stats }) => ({
    value: stats('runtime/limit-model').p50 - stats('runtime/model-direct').p50,
    unit: 'ns',
  }));

  // Batching: 64 submits fill one batch, which runs at once.
  const batcher = new BatchProcessor<number, number>({
    maxBatchSize: 64,
    maxWaitMs: 1_000,
    run: (items) => items,
  });
  const submits = new Array<Promise<number>>(64);
  bench('runtime/batch-64', async () => {
    for (let i = 0; i < 64; i++) submits[i] = batcher.submit(i);
    await Promise.all(submits);
  });
  figure('runtime/batch-64/per-item', ({ stats }) => ({
    value: stats('runtime/batch-64').p50 / 64,
    unit: 'ns',
  }));

  // Profiler overhead on a run (run + model call recorded).
  const profiled = new Agent({ name: 'bench', model: scripted, instructions: 'Be brief.' });
  new Profiler({ heap: false, maxSamples: 1_000 }).attach(profiled);
  bench('runtime/run-profiled', async () => do_not_optimize(await profiled.run('Hello')));
  const heapProfiled = new Agent({ name: 'bench', model: scripted, instructions: 'Be brief.' });
  new Profiler({ heap: true, maxSamples: 1_000 }).attach(heapProfiled);
  bench('runtime/run-profiled-heap', async () => do_not_optimize(await heapProfiled.run('Hello')));
  figure('runtime/profiler/overhead', ({ stats }) => ({
    value: stats('runtime/run-profiled').p50 - stats('runtime/run-plain').p50,
    unit: 'ns',
  }));
  figure('runtime/profiler-heap/overhead', ({ stats }) => ({
    value: stats('runtime/run-profiled-heap').p50 - stats('runtime/run-plain').p50,
    unit: 'ns',
  }));
}
