/**
 * The quality history: `<results>/evals/<eval>.json` beside the benchmarks' `history/`, one
 * file per eval, the last runs oldest first. The dashboard reads it to show quality beside
 * latency per agent. Plain JSON; the version is bumped on an incompatible change.
 */

/** Version of the quality history format. */
export const QUALITY_HISTORY_VERSION = 1;

/** Runs kept per eval (older ones are dropped), as the benchmark history keeps. */
export const QUALITY_HISTORY_LIMIT = 60;

/** One eval run in the history. */
export interface QualityEntry {
  /** The run's ISO date, path-safe. */
  id: string;
  date: string;
  commit: string | null;
  dirty: boolean;
  node: string;
  agent: string;
  /** `provider/modelId`, when known. */
  model?: string;
  cases: number;
  passed: number;
  errored: number;
  /** 0 to 1. */
  passRate: number;
  /** 0 to 1. */
  meanScore: number;
  /** The threshold it was held to, and whether it met it. */
  threshold?: { passRate?: number; meanScore?: number };
  met: boolean;
  /** Case latency, milliseconds. */
  latencyMs: { mean: number; median: number; p95: number };
  /** Tokens over all cases. */
  tokens: { input: number; output: number; total: number };
  /** Per scorer: pass rate and mean score. */
  scorers: Record<string, { passRate: number; meanScore: number }>;
}

/** `<results>/evals/<eval>.json`. */
export interface QualityHistoryFile {
  schema: 'agno-eval-history';
  version: typeof QUALITY_HISTORY_VERSION;
  eval: string;
  /** Oldest first. */
  entries: QualityEntry[];
}
