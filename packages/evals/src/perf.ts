/**
 * Performance evals measured the way the seeds measure them: warm-up runs first, then N timed
 * iterations with time statistics (mean, median, p95, min, max), then, when `--expose-gc` gives
 * `gc()`, N more runs each between two full collections for the heap delta per run (the report
 * says so when it cannot).
 */
import { ConfigError } from '@agno/core';
import { type Stats, summarize } from './stats.js';

/** Options of {@link runPerfEval}. */
export interface PerfEvalOptions {
  /** Name in reports. */
  name: string;
  /** One iteration: an agent run, an instantiation... */
  fn: () => unknown | Promise<unknown>;
  /** Untimed runs first (default 10). */
  warmup?: number;
  /** Timed runs (default 100). */
  iterations?: number;
  /** Measure the heap delta per run in a second pass of `iterations` runs (default true; needs `node --expose-gc`). */
  memory?: boolean;
}

/** The outcome of a perf eval. Times in milliseconds, memory in bytes. */
export interface PerfReport {
  name: string;
  warmup: number;
  iterations: number;
  /** Time per iteration. */
  time: Stats;
  /** Every iteration's time, in order. */
  samples: number[];
  memory: {
    /** Heap used after a run minus before it, both after a full collection. */
    heapDelta?: Stats;
    /** Why memory was not measured. */
    note?: string;
  };
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min)
    throw new ConfigError(`perf eval: ${name} must be an integer ≥ ${min}`);
  return v;
}

/** Runs `fn` `warmup` times, then `iterations` timed times, then (with `gc`) `iterations` weighed times. */
export async function runPerfEval(options: PerfEvalOptions): Promise<PerfReport> {
  const warmup = count('warmup', options.warmup, 10, 0);
  const iterations = count('iterations', options.iterations, 100, 1);
  const gc = (globalThis as { gc?: () => void }).gc;
  const weigh = options.memory !== false && typeof gc === 'function';
  for (let i = 0; i < warmup; i++) await options.fn();
  // Timed pass first, without collections in between (they would cool the caches it measures).
  const samples: number[] = new Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await options.fn();
    samples[i] = performance.now() - start;
  }
  // Then the memory pass: each run between two full collections.
  const heap: number[] = [];
  for (let i = 0; weigh && i < iterations; i++) {
    gc!();
    const before = process.memoryUsage().heapUsed;
    await options.fn();
    gc!();
    heap.push(process.memoryUsage().heapUsed - before);
  }
  const memory: PerfReport['memory'] = weigh
    ? { heapDelta: summarize(heap) }
    : { note: options.memory === false ? 'turned off' : 'gc() is not exposed: run node with --expose-gc' };
  return { name: options.name, warmup, iterations, time: summarize(samples), samples, memory };
}
