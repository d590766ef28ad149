/**
 * The result files the runner writes and the dashboard and `bench:check` read, with
 * their versions and parsers. Pure module (no Node APIs) so that the dashboard shares it.
 *
 * - `results/latest.json`: one {@link RunResultFile}, the whole last run.
 * - `results/history/<package>.json`: one {@link HistoryFile} per package, a capped list
 *   of compact {@link HistoryEntry}s, newest last.
 * - `budgets.json`: one {@link BudgetsFile}, the targets (merged from the suites' exports).
 */

/** The target of one benchmark or figure. Every bound is optional. */
export interface Budget {
  /** Median time per operation (timed benchmarks) or value of a time figure, in nanoseconds. */
  maxNs?: number;
  /** Allocation per operation (timed benchmarks) or value of a `bytes` figure. */
  maxBytes?: number;
  /** Upper bound of the value (the median for timed benchmarks), in its own unit: ratios, ops/s. */
  max?: number;
  /** Lower bound of a figure's value, in the figure's own unit (throughput). */
  min?: number;
  /** What the benchmark measures, or where the target comes from. */
  note?: string;
}

/** Budgets keyed by full benchmark name (`<package>/<what>`). */
export type Budgets = Record<string, Budget>;

/** Units of a figure. Times are always nanoseconds. */
export type FigureUnit = 'ns' | 'bytes' | 'ops/s' | 'x';

/** Version of the result and history formats; bumped on an incompatible change. */
export const SCHEMA_VERSION = 1;

/** Where and on what a run was made. */
export interface RunEnvironment {
  /** `process.version`, e.g. `v20.20.2`. */
  node: string;
  /** CPU model, e.g. `AMD EPYC 7B13`. */
  cpu: string;
  /** Logical cores. */
  cores: number;
  /** `linux-x64`. */
  platform: string;
  /** Total memory in bytes. */
  memoryBytes: number;
}

/** The git state a run measured. */
export interface GitInfo {
  /** Full commit hash, or null outside a git checkout. */
  commit: string | null;
  /** True when the work tree had uncommitted changes. */
  dirty: boolean;
}

/** One benchmark or figure of a run. Times are nanoseconds. */
export interface BenchmarkRecord {
  /** Full name, `<package>/<what>`. */
  name: string;
  /** Package (the suite's name; `compare` for the side-by-side suites). */
  package: string;
  /** Suite that produced it (`core`, `compare/ai-sdk`). */
  suite: string;
  /** `time`: mitata's time per operation; `figure`: a custom figure. */
  kind: 'time' | 'figure';
  /** Unit of `value` and the percentiles. */
  unit: FigureUnit;
  /** The headline: the median (p50) for timed benchmarks, the figure's value otherwise; null with `error`. */
  value: number | null;
  p25?: number;
  p50?: number;
  p75?: number;
  p99?: number;
  min?: number;
  max?: number;
  avg?: number;
  /**
   * Bytes allocated per operation (timed benchmarks): the runner's exact probe for plain
   * benchmark functions (see allocation.ts), mitata's heap figure otherwise.
   */
  allocBytes?: number;
  /** mitata's own heap figure: heap growth per batch over the batch size (a lower bound when collections run). */
  heapBytes?: number;
  /** Per-round headline values (full mode runs each suite in several fresh processes). */
  rounds?: number[];
  /** Measurements behind a figure's value. */
  samples?: number[];
  note?: string;
  /** Why it has no value. */
  error?: string;
}

/** How one suite went. */
export interface SuiteOutcome {
  suite: string;
  package: string;
  /** Path relative to the benchmarks folder. */
  file: string;
  status: 'ok' | 'failed';
  error?: string;
  durationMs: number;
  /** The Node version the suite ran on, when not the run's (`env.node`): the side-by-side on Node 24. */
  node?: string;
}

/** One framework's figures in one side-by-side scenario. */
export interface ComparisonRow {
  /** `construct`, `text-run`, `tool-run`, `agent-retained`. */
  scenario: string;
  /** `agno`, `ai-sdk`, `openai-agents`, `mastra`. */
  framework: string;
  unit: FigureUnit;
  value: number;
  /** `value` over agno's value in the same scenario (null when agno has none). */
  ratio: number | null;
  /** Version of the framework measured. */
  version?: string;
  /** The side-by-side package when not `compare` (`compare-current`: the newest majors on Node 24). */
  package?: string;
}

/** `results/latest.json`: a whole run. */
export interface RunResultFile {
  schema: 'agno-bench-result';
  version: typeof SCHEMA_VERSION;
  /** Unique id of the run (its ISO date, made path-safe). */
  id: string;
  /** ISO date of the run's start. */
  date: string;
  mode: 'short' | 'full';
  /** Fresh processes per suite. */
  rounds: number;
  git: GitInfo;
  env: RunEnvironment;
  suites: SuiteOutcome[];
  benchmarks: BenchmarkRecord[];
  /** Versions of the frameworks compared in `compare`, by framework name. */
  frameworks?: Record<string, string>;
  /** Versions of the compared frameworks by side-by-side package (`compare`, `compare-current`), then framework. */
  frameworksByPackage?: Record<string, Record<string, string>>;
  comparison: ComparisonRow[];
}

/** One benchmark in a history entry (short keys keep the files small). */
export interface HistoryValue {
  /** Unit. */
  u: FigureUnit;
  /** Headline value (p50 for timed benchmarks). */
  v: number;
  p25?: number;
  p75?: number;
  p99?: number;
  /** Allocation per operation, bytes. */
  a?: number;
  /** Per-round values. */
  r?: number[];
}

/** One run of one package in its history. */
export interface HistoryEntry {
  id: string;
  date: string;
  mode: 'short' | 'full';
  commit: string | null;
  dirty: boolean;
  node: string;
  cpu: string;
  values: Record<string, HistoryValue>;
  /** Framework versions (side-by-side histories only). */
  frameworks?: Record<string, string>;
}

/** `results/history/<package>.json`. */
export interface HistoryFile {
  schema: 'agno-bench-history';
  version: typeof SCHEMA_VERSION;
  package: string;
  /** Oldest first. */
  entries: HistoryEntry[];
}

/** `budgets.json`: targets per package, by benchmark name. */
export interface BudgetsFile {
  schema: 'agno-bench-budgets';
  version: typeof SCHEMA_VERSION;
  packages: Record<string, Record<string, Budget>>;
}

/** A result file that does not have the expected shape. */
export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectHeader(value: unknown, schema: string, what: string): Record<string, unknown> {
  if (!isObject(value)) throw new SchemaError(`${what} is not a JSON object`);
  if (value.schema !== schema) {
    throw new SchemaError(`${what} is not a ${schema} file (schema: ${JSON.stringify(value.schema)})`);
  }
  if (value.version !== SCHEMA_VERSION) {
    throw new SchemaError(
      `${what} has version ${JSON.stringify(value.version)}; this reader knows ${SCHEMA_VERSION}`,
    );
  }
  return value;
}

const UNITS = new Set<string>(['ns', 'bytes', 'ops/s', 'x']);

function parseJSON(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SchemaError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Parses and checks `results/latest.json`. Throws a {@link SchemaError}. */
export function parseRunResult(text: string, what = 'the result file'): RunResultFile {
  const value = expectHeader(parseJSON(text, what), 'agno-bench-result', what);
  if (!Array.isArray(value.benchmarks)) throw new SchemaError(`${what} has no benchmarks list`);
  value.benchmarks.forEach((b, i) => {
    if (!isObject(b) || typeof b.name !== 'string' || typeof b.package !== 'string') {
      throw new SchemaError(`${what}: benchmark ${i} has no name or package`);
    }
    if (!UNITS.has(b.unit as string)) throw new SchemaError(`${what}: ${b.name} has an unknown unit`);
    if (typeof b.value !== 'number' && typeof b.error !== 'string') {
      throw new SchemaError(`${what}: ${b.name} has neither a value nor an error`);
    }
  });
  if (!Array.isArray(value.suites)) throw new SchemaError(`${what} has no suites list`);
  if (!Array.isArray(value.comparison)) throw new SchemaError(`${what} has no comparison list`);
  return value as unknown as RunResultFile;
}

/** Parses and checks a history file. Throws a {@link SchemaError}. */
export function parseHistory(text: string, what = 'the history file'): HistoryFile {
  const value = expectHeader(parseJSON(text, what), 'agno-bench-history', what);
  if (typeof value.package !== 'string') throw new SchemaError(`${what} names no package`);
  if (!Array.isArray(value.entries)) throw new SchemaError(`${what} has no entries list`);
  value.entries.forEach((e, i) => {
    if (!isObject(e) || typeof e.id !== 'string' || typeof e.date !== 'string' || !isObject(e.values)) {
      throw new SchemaError(`${what}: entry ${i} lacks id, date or values`);
    }
    for (const [name, v] of Object.entries(e.values)) {
      if (!isObject(v) || typeof v.v !== 'number' || !UNITS.has(v.u as string)) {
        throw new SchemaError(`${what}: entry ${i} has a malformed value for ${name}`);
      }
    }
  });
  return value as unknown as HistoryFile;
}

/** Parses and checks `budgets.json`. Throws a {@link SchemaError}. */
export function parseBudgets(text: string, what = 'the budgets file'): BudgetsFile {
  const value = expectHeader(parseJSON(text, what), 'agno-bench-budgets', what);
  if (!isObject(value.packages)) throw new SchemaError(`${what} has no packages map`);
  return value as unknown as BudgetsFile;
}

/** True when a higher value is better for this unit (throughput). */
export function higherIsBetter(unit: FigureUnit): boolean {
  return unit === 'ops/s';
}
