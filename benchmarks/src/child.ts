/**
 * Runs one suite in this (fresh) process: imports it, lets it register its benchmarks,
 * runs mitata with its JSON output, computes the suite's figures, and writes what it
 * measured to the file named by `--out`. Started by the runner as
 * `node --expose-gc --import tsx src/child.ts --suite <file> ...`.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { B, run } from 'mitata';
import { allocationPerCall } from './allocation.js';
import { formatBytes, formatValue } from './format.js';
import type { BenchmarkRecord, Budgets } from './schema.js';
import {
  type Figure,
  type FigureContext,
  MissingBenchmarkError,
  type SuiteContext,
  type TimedStats,
  takeFigures,
} from './suite.js';

/** What the child hands back to the runner. */
export interface ChildOutput {
  suite: string;
  package: string;
  budgets: Budgets;
  records: BenchmarkRecord[];
  /** `{ name, version }` exported by side-by-side suites as `framework`. */
  framework?: { name: string; version: string };
  /** The Node version the suite ran on (`process.version`). */
  node: string;
  durationMs: number;
}

/** mitata's JSON output, the parts we read. */
interface MitataJSON {
  benchmarks: {
    runs: {
      name: string;
      stats?: {
        min: number;
        max: number;
        avg: number;
        p25: number;
        p50: number;
        p75: number;
        p99: number;
        heap?: { avg: number | null } | null;
        /** Bytes per call from the allocation probe (added below). */
        alloc?: number | null;
      };
      error?: { message?: string } | string;
    }[];
  }[];
}

const { values } = parseArgs({
  options: {
    suite: { type: 'string' },
    name: { type: 'string' },
    package: { type: 'string' },
    mode: { type: 'string', default: 'short' },
    filter: { type: 'string' },
    out: { type: 'string' },
  },
});

const suiteName = values.name!;
const pkg = values.package!;
const mode: SuiteContext['mode'] = values.mode === 'full' ? 'full' : 'short';
const filter = values.filter !== undefined ? new RegExp(values.filter) : /.*/;
const started = performance.now();

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

const mod = (await import(pathToFileURL(values.suite!).href)) as {
  default?: (ctx: SuiteContext) => Promise<void | (() => Promise<void>)> | void;
  budgets?: Budgets;
  framework?: { name: string; version: string };
};
if (typeof mod.default !== 'function') {
  throw new Error(`${values.suite} has no default export register(ctx)`);
}
const cleanup = await mod.default({ mode });

// After mitata measures a plain benchmark function, measure its allocation per call exactly
// (see allocation.ts); the figure rides along in the trial's stats.
type Trial = { kind: string; runs: { stats?: { alloc?: number } }[] };
const measureTrial = B.prototype.run as (this: B, thrw?: boolean) => Promise<Trial>;
(B.prototype as unknown as { run: typeof measureTrial }).run = async function (this: B, thrw?: boolean) {
  const trial = await measureTrial.call(this, thrw);
  const fn = (this as unknown as { f: unknown }).f;
  const stats = trial.runs[0]?.stats;
  if (trial.kind === 'static' && stats !== undefined && typeof fn === 'function' && fn.length === 0) {
    const kind = fn.constructor.name;
    if (kind === 'Function' || kind === 'AsyncFunction') {
      const alloc = await allocationPerCall(fn as () => unknown);
      if (alloc !== undefined) stats.alloc = alloc;
    }
  }
  return trial;
};

const records: BenchmarkRecord[] = [];
const timed = new Map<string, TimedStats>();
let output = '';
await run({
  format: { json: { debug: false, samples: false } },
  print: (s: string) => {
    output += s;
  },
  colors: false,
  filter,
  observe: (trial) => {
    for (const r of trial.runs) {
      if (r.stats !== undefined) {
        const bytes = (r.stats as { alloc?: number }).alloc ?? r.stats.heap?.avg;
        const alloc = bytes !== undefined && Number.isFinite(bytes) ? formatBytes(bytes) : '–';
        line(
          `  ${r.name.padEnd(44)} ${formatValue(r.stats.p50, 'ns').padStart(10)}  ${alloc.padStart(8)}/op`,
        );
      } else line(`  ${r.name.padEnd(44)} failed: ${errorText(r.error)}`);
    }
    return trial;
  },
});

const parsed = JSON.parse(output) as MitataJSON;
for (const trial of parsed.benchmarks) {
  for (const r of trial.runs) {
    const base = { name: r.name, package: pkg, suite: suiteName, kind: 'time' as const, unit: 'ns' as const };
    if (r.stats === undefined || r.stats === null) {
      records.push({ ...base, value: null, error: errorText(r.error) });
      continue;
    }
    const s = r.stats;
    const heap = s.heap?.avg;
    const heapBytes = typeof heap === 'number' && Number.isFinite(heap) ? Math.max(0, heap) : undefined;
    const allocBytes = typeof s.alloc === 'number' ? s.alloc : heapBytes;
    const record: BenchmarkRecord = {
      ...base,
      value: s.p50,
      p25: s.p25,
      p50: s.p50,
      p75: s.p75,
      p99: s.p99,
      min: s.min,
      max: s.max,
      avg: s.avg,
    };
    if (allocBytes !== undefined) record.allocBytes = allocBytes;
    if (heapBytes !== undefined) record.heapBytes = heapBytes;
    records.push(record);
    timed.set(r.name, {
      p25: s.p25,
      p50: s.p50,
      p75: s.p75,
      p99: s.p99,
      min: s.min,
      max: s.max,
      avg: s.avg,
      allocBytes,
    });
  }
}

const figureContext: FigureContext = {
  mode,
  stats(name) {
    const s = timed.get(name);
    if (s === undefined) throw new MissingBenchmarkError(name);
    return s;
  },
  ratio(numerator, denominator) {
    const a = this.stats(numerator);
    const b = this.stats(denominator);
    return { value: a.p50 / b.p50, unit: 'x', note: `${numerator} over ${denominator} (medians)` };
  },
  throughput(name, perOp) {
    const s = this.stats(name);
    return {
      value: (perOp * 1e9) / s.p50,
      unit: 'ops/s',
      samples: [(perOp * 1e9) / s.p75, (perOp * 1e9) / s.p25],
      note: `${perOp} per iteration of ${name}`,
    };
  },
};

for (const entry of takeFigures()) {
  if (!filter.test(entry.name)) continue;
  const base = { name: entry.name, package: pkg, suite: suiteName, kind: 'figure' as const };
  try {
    const f: Figure = await entry.compute(figureContext);
    const record: BenchmarkRecord = { ...base, unit: f.unit, value: f.value };
    if (f.samples !== undefined && f.samples.length > 0) record.samples = f.samples;
    if (f.note !== undefined) record.note = f.note;
    records.push(record);
    line(`  ${entry.name.padEnd(44)} ${formatValue(f.value, f.unit).padStart(10)}`);
  } catch (error) {
    // A figure built on a benchmark that was filtered out is simply not reported.
    if (error instanceof MissingBenchmarkError && values.filter !== undefined) continue;
    records.push({ ...base, unit: 'ns', value: null, error: errorText(error) });
    line(`  ${entry.name.padEnd(44)} failed: ${errorText(error)}`);
  }
}

if (typeof cleanup === 'function') await cleanup();

const out: ChildOutput = {
  suite: suiteName,
  package: pkg,
  budgets: mod.budgets ?? {},
  records,
  framework: mod.framework,
  node: process.version,
  durationMs: performance.now() - started,
};
writeFileSync(values.out!, JSON.stringify(out));
// Suites may leave handles open (servers, pools); the results are written, so end here.
process.exit(0);
