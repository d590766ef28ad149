/**
 * Summary statistics of samples: mean, median, p95, min, max (nearest-rank percentiles).
 */

/** Statistics of a set of samples, in the samples' unit. */
export interface Stats {
  /** Number of samples. */
  n: number;
  mean: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

function rank(sorted: Float64Array, p: number): number {
  const i = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, i)) - 1]!;
}

/** Summarises `samples` (not modified); all zero when there are none. */
export function summarize(samples: readonly number[]): Stats {
  const n = samples.length;
  if (n === 0) return { n: 0, mean: 0, median: 0, p95: 0, min: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    n,
    mean: sum / n,
    median: rank(sorted, 50),
    p95: rank(sorted, 95),
    min: sorted[0]!,
    max: sorted[n - 1]!,
  };
}
