/**
 * Summary statistics of measured samples (latencies, sizes): nearest-rank percentiles over a
 * sorted copy. One implementation for the runtime's load tester and profiler and for evals.
 */

/** Statistics of a set of samples, in the samples' unit. */
export interface SampleSummary {
  /** Number of samples. */
  n: number;
  min: number;
  mean: number;
  median: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** The nearest-rank `p`-th percentile (0 < p ≤ 100) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1]!;
}

/** Summarises `samples` (not modified); all zero when there are none. */
export function summarize(samples: ArrayLike<number>): SampleSummary {
  const n = samples.length;
  if (n === 0) return { n: 0, min: 0, mean: 0, median: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    n,
    min: sorted[0]!,
    mean: sum / n,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[n - 1]!,
  };
}
