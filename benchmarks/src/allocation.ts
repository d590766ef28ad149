/**
 * Bytes allocated per call of a benchmark function, measured exactly: after a full
 * collection, call it `n` times and divide the growth of the used heap by `n`. `n` is
 * chosen so that the calls allocate a few hundred kilobytes (far above the granularity of
 * V8's allocation buffers, inside a young generation emptied by the collection), and a
 * window during which V8 collected garbage anyway (seen by a `gc` PerformanceObserver) is
 * measured again with a smaller `n`, because a collection hides allocation.
 *
 * Why not only mitata's heap figure: it divides the heap growth of a whole batch (up to
 * 4,096 calls) by the batch size and drops batches where the heap shrank; for operations
 * that allocate kilobytes a batch spans several collections and the figure comes out far
 * too low. The runner records this probe as `allocBytes` and mitata's figure as `heapBytes`.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { median } from './suite.js';

const LOW = 256 * 1024;
const HIGH = 768 * 1024;

let collections: number[] = [];
let observer: PerformanceObserver | undefined;

function used(): number {
  return getHeapStatistics().used_heap_size;
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Median bytes allocated per call of `fn` over `measurements` clean windows; undefined without --expose-gc. */
export async function allocationPerCall(fn: () => unknown, measurements = 5): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  if (observer === undefined) {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) collections.push(entry.startTime);
    });
    observer.observe({ entryTypes: ['gc'] });
  }
  const samples: number[] = [];
  let n = 1;
  for (let attempt = 0; attempt < measurements * 4 + 16 && samples.length < measurements; attempt++) {
    gc();
    await tick();
    collections = [];
    const start = performance.now();
    const before = used();
    for (let i = 0; i < n; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
    const delta = used() - before;
    const end = performance.now();
    await tick();
    const collected = collections.some((t) => t >= start && t <= end);
    if (collected || delta > HIGH) {
      if (n === 1) break; // one call alone outgrows the window: no exact figure
      n = Math.max(1, Math.floor(n / 2));
      continue;
    }
    if (delta < LOW && n < 1 << 22) {
      n = delta <= 0 ? n * 16 : Math.min(n * 16, Math.ceil((n * (LOW + HIGH)) / 2 / delta));
      continue;
    }
    samples.push(Math.max(0, delta / n));
  }
  return samples.length > 0 ? median(samples) : undefined;
}
