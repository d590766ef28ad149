/**
 * The shapes of the profiler's samples, figures and reports, and of its options.
 */
import type { CacheStatus } from './cache-options.js';

/** Operation kinds the profiler records by itself; `measure` accepts any other name too. */
export type OperationKind = 'run' | 'model' | 'tool' | 'step' | (string & {});

/** One measured operation. */
export interface ProfileSample {
  /** Agent (or workflow, or component) name. */
  agent: string;
  operation: OperationKind;
  /** Tool name, `provider/model`, step name... (the agent name for runs). */
  name: string;
  durationMs: number;
  /** Change of the V8 used heap over the operation, bytes (undefined when heap tracking is off). */
  heapDeltaBytes: number | undefined;
  /** Tokens the operation spent (model calls and runs). */
  tokens: number;
  /** Model calls only: what the response cache did, when there is one. */
  cache: CacheStatus | undefined;
  /** Error code when the operation failed. */
  error: string | undefined;
  /** Epoch ms when the operation ended. */
  endedAt: number;
}

/** Aggregated figures of one (agent, operation, name). */
export interface OperationStats {
  agent: string;
  operation: OperationKind;
  name: string;
  count: number;
  totalMs: number;
  avgMs: number;
  /** From the retained samples. */
  p95Ms: number;
  maxMs: number;
  /** Average heap delta in bytes (0 without heap tracking). */
  avgHeapDeltaBytes: number;
  tokens: number;
  cacheHits: number;
  cacheMisses: number;
  errors: number;
}

/** An operation whose average time is above the threshold. */
export interface Bottleneck {
  agent: string;
  operation: OperationKind;
  name: string;
  avgMs: number;
  maxMs: number;
  count: number;
  avgHeapDeltaBytes: number;
  /** `high` when the average is above twice the threshold. */
  severity: 'high' | 'medium';
}

/** What {@link Profiler.report} gives. */
export interface ProfileReport {
  /** Every operation group, slowest average first. */
  operations: OperationStats[];
  /** The slowest single samples. */
  slowest: ProfileSample[];
  /** Groups above the threshold, slowest average first. */
  bottlenecks: Bottleneck[];
  thresholdMs: number;
}

/** Options of a {@link Profiler}. */
export interface ProfilerOptions {
  /** Track heap deltas (reads V8 heap statistics at each start and end). Default true. */
  heap?: boolean;
  /** Samples kept for `slowest` and percentiles (oldest dropped first). Default 10 000. */
  maxSamples?: number;
}

/** What `measure` and `start` accept besides the names. */
export interface MeasureOptions {
  name?: string;
  tokens?: number;
}

/** A started measurement; `end` records it (once). */
export interface ProfileTimer {
  end(extra?: { tokens?: number; error?: string; cache?: CacheStatus }): void;
}
