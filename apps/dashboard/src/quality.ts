/**
 * The eval quality history (`<results>/evals/<eval>.json`, written by `@agno/evals`): its
 * reader, and the rows the Quality section shows, per agent and eval the newest run's pass
 * rate and score beside its latency and tokens. Pure module (no DOM, no Node APIs).
 */
import { SchemaError } from '@agno/benchmarks/schema';

/** One eval run (the fields the dashboard reads; see `@agno/evals`' `QualityEntry`). */
export interface QualityEntry {
  id: string;
  date: string;
  commit: string | null;
  agent: string;
  model?: string;
  cases: number;
  passed: number;
  errored: number;
  passRate: number;
  meanScore: number;
  threshold?: { passRate?: number; meanScore?: number };
  met: boolean;
  latencyMs: { mean: number; median: number; p95: number };
  tokens: { input: number; output: number; total: number };
}

/** `evals/<eval>.json`. */
export interface QualityHistoryFile {
  schema: 'agno-eval-history';
  version: 1;
  eval: string;
  entries: QualityEntry[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks a quality history file. Throws a `SchemaError`. */
export function parseQualityHistory(text: string, what = 'the eval history'): QualityHistoryFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SchemaError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value) || value.schema !== 'agno-eval-history') {
    throw new SchemaError(`${what} is not an agno-eval-history file`);
  }
  if (value.version !== 1)
    throw new SchemaError(`${what} has version ${JSON.stringify(value.version)}; this reader knows 1`);
  if (typeof value.eval !== 'string' || !Array.isArray(value.entries))
    throw new SchemaError(`${what} lacks eval or entries`);
  value.entries.forEach((e, i) => {
    const ok =
      isObject(e) &&
      typeof e.date === 'string' &&
      typeof e.agent === 'string' &&
      typeof e.passRate === 'number' &&
      typeof e.meanScore === 'number' &&
      isObject(e.latencyMs) &&
      isObject(e.tokens);
    if (!ok)
      throw new SchemaError(
        `${what}: entry ${i} lacks date, agent, passRate, meanScore, latencyMs or tokens`,
      );
  });
  return value as unknown as QualityHistoryFile;
}

/** One row of the Quality section: an agent on an eval, its newest run. */
export interface QualityRow {
  agent: string;
  eval: string;
  entry: QualityEntry;
  /** The pass rate of the run before, when there is one. */
  previousPassRate: number | undefined;
  /** Pass rates of every run, oldest first. */
  passRates: number[];
}

/** Rows per agent and eval (agents in name order), matching a name filter on either. */
export function qualityRows(files: QualityHistoryFile[], nameFilter = ''): QualityRow[] {
  const needle = nameFilter.toLowerCase();
  const rows: QualityRow[] = [];
  for (const file of files) {
    const byAgent = new Map<string, QualityEntry[]>();
    for (const e of file.entries) {
      const list = byAgent.get(e.agent);
      if (list) list.push(e);
      else byAgent.set(e.agent, [e]);
    }
    for (const [agent, entries] of byAgent) {
      if (needle !== '' && !`${agent} ${file.eval}`.toLowerCase().includes(needle)) continue;
      const sorted = [...entries].sort((a, b) => a.date.localeCompare(b.date));
      rows.push({
        agent,
        eval: file.eval,
        entry: sorted.at(-1)!,
        previousPassRate: sorted.at(-2)?.passRate,
        passRates: sorted.map((e) => e.passRate),
      });
    }
  }
  return rows.sort((a, b) => a.agent.localeCompare(b.agent) || a.eval.localeCompare(b.eval));
}
