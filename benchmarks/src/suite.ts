/**
 * The suite contract: what a `suites/<name>.bench.ts` file imports.
 *
 * A suite default-exports `register(ctx)`, which calls mitata's `bench()` for timed
 * benchmarks (time and allocation per operation) and, optionally, {@link figure} for
 * figures that are not a time per operation: memory per object, sizes, ratios,
 * throughput. It exports `budgets`, the targets keyed by full benchmark name.
 *
 * The runner imports each suite in its own fresh `node --expose-gc` process, runs
 * mitata, then computes the registered figures (which may read the timed results).
 */
import { spawn } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import type { Budget, Budgets, FigureUnit } from './schema.js';

export type { Budget, Budgets, FigureUnit };

/** What `register(ctx)` receives. */
export interface SuiteContext {
  /** `short` for a quick look (the default), `full` for real measurements. */
  mode: 'short' | 'full';
}

/** A figure that is not a time per operation. */
export interface Figure {
  /** The headline value (a median when it summarises several measurements). */
  value: number;
  unit: FigureUnit;
  /** The individual measurements behind `value`, so that the check can judge noise. */
  samples?: number[];
  /** Anything a reader should know (sizes, counts). */
  note?: string;
}

/** The timed results of one benchmark, as figures may read them (times in ns). */
export interface TimedStats {
  p25: number;
  p50: number;
  p75: number;
  p99: number;
  min: number;
  max: number;
  avg: number;
  /** Bytes allocated per operation (mitata's heap measurement), when measured. */
  allocBytes: number | undefined;
}

/** What a figure's compute function receives. */
export interface FigureContext extends SuiteContext {
  /** The timed results of a benchmark of this suite; throws when it did not run. */
  stats(name: string): TimedStats;
  /** `numerator`'s median over `denominator`'s median, as an `x` figure. */
  ratio(numerator: string, denominator: string): Figure;
  /** Operations per second of a benchmark doing `perOp` operations per iteration (from its median). */
  throughput(name: string, perOp: number): Figure;
}

/** A registered figure. */
export interface FigureEntry {
  name: string;
  compute: (ctx: FigureContext) => Figure | Promise<Figure>;
}

/** Thrown by {@link FigureContext.stats} when a benchmark did not run (filtered out or failed). */
export class MissingBenchmarkError extends Error {
  constructor(readonly benchmark: string) {
    super(`benchmark "${benchmark}" did not run`);
    this.name = 'MissingBenchmarkError';
  }
}

const REGISTRY = Symbol.for('agno.benchmarks.figures');
type Holder = { [REGISTRY]?: FigureEntry[] };

/**
 * Registers a figure, computed after the suite's timed benchmarks ran. `compute` may
 * read their results through `ctx.stats(name)` (or `ctx.ratio`, `ctx.throughput`).
 */
export function figure(name: string, compute: FigureEntry['compute']): void {
  const holder = globalThis as Holder;
  if (holder[REGISTRY] === undefined) holder[REGISTRY] = [];
  holder[REGISTRY].push({ name, compute });
}

/** The figures registered so far, emptied (used by the runner). */
export function takeFigures(): FigureEntry[] {
  const holder = globalThis as Holder;
  const entries = holder[REGISTRY] ?? [];
  holder[REGISTRY] = [];
  return entries;
}

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory figures need a process started with --expose-gc');
  gc();
  gc();
}

function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

/** Options of {@link heapPerObject}. */
export interface HeapPerObjectOptions {
  /** Objects per round. Default 10,000. */
  count?: number;
  /** Measured rounds (after one warm-up round). Default 5. */
  rounds?: number;
}

/**
 * Bytes retained per object: creates `count` objects with `create(i)`, keeps them all, and
 * divides the heap growth (after full collections, `--expose-gc`) by `count`. One warm-up
 * round runs first (so code compiled for `create` is not counted); the value is the median
 * of the measured rounds. Shared things that `create` closes over are not counted: create
 * what belongs to one object inside `create`.
 */
export function heapPerObject(create: (i: number) => unknown, options: HeapPerObjectOptions = {}): Figure {
  const count = options.count ?? 10_000;
  const rounds = options.rounds ?? 5;
  const samples: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const keep: unknown[] = new Array(count).fill(null);
    collectGarbage();
    const before = heapUsed();
    for (let i = 0; i < count; i++) keep[i] = create(i);
    collectGarbage();
    const after = heapUsed();
    if (keep[count - 1] === undefined) throw new Error('create() returned undefined');
    if (round > 0) samples.push((after - before) / count);
  }
  return { value: median(samples), unit: 'bytes', samples, note: `heap delta over ${count} objects` };
}

/** Long error output cut in the middle: its start names the error, its end the place. */
function clip(text: string): string {
  return text.length <= 1000 ? text : `${text.slice(0, 600)} … ${text.slice(-300)}`;
}

/**
 * Runs `script` (an ES module, as text) in `runs` fresh `node --expose-gc` processes, one
 * after another, with `cwd` for package resolution. Each run must print one JSON line
 * last; returns the parsed lines.
 */
export async function inFreshProcesses<T>(
  script: string,
  options: { runs: number; cwd: string; nodeArgs?: string[] },
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < options.runs; i++) {
    const text = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--expose-gc', ...(options.nodeArgs ?? []), '--input-type=module', '-e', script],
        { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(stdout);
        else reject(new Error(`fresh process exited with ${code}: ${clip(stderr.trim())}`));
      });
    });
    const last = text.trim().split('\n').pop() ?? '';
    out.push(JSON.parse(last) as T);
  }
  return out;
}
