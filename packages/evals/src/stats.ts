/**
 * Summary statistics of samples: core's (`@agno/core/utils`), under the name evals export.
 */
import type { SampleSummary } from '@agno/core/utils';

export { summarize } from '@agno/core/utils';

/** Statistics of a set of samples, in the samples' unit (n, min, mean, median, p90, p95, p99, max). */
export type Stats = SampleSummary;
