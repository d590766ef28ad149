/**
 * Latency summaries in the runtime's shape (`p50`), over core's sample statistics.
 */
import { summarize as summarizeSamples } from '@agno/core/utils';

export { percentile } from '@agno/core/utils';

/** Latency figures of a set of samples, in milliseconds. */
export interface LatencySummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** Summarises `samples` (not modified). All zero when there are none. */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const { min, mean, median, p90, p95, p99, max } = summarizeSamples(samples);
  return { min, mean, p50: median, p90, p95, p99, max };
}
