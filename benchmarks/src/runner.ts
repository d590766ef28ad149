/**
 * The runner: runs each selected suite in its own fresh `node --expose-gc` process (once
 * per round), merges the rounds, works out the side-by-side comparison, and assembles
 * the run's result.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildOutput } from './child.js';
import type { SuiteFile } from './discover.js';
import { nodeExecutable } from './node-binary.js';
import { isSideBySide } from './scenarios.js';
import type { BenchmarkRecord, Budgets, ComparisonRow, SuiteOutcome } from './schema.js';
import { median } from './suite.js';

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, 'child.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How to run one suite process. */
export interface SuiteProcessOptions {
  mode: 'short' | 'full';
  /** A regular expression (as text) that benchmark and figure names must match. */
  filter?: string;
  /** Extra node flags (profiling). */
  nodeArgs?: string[];
  /** The process is killed after this long. */
  timeoutMs: number;
  /** Working directory (the benchmarks folder). */
  cwd: string;
  /** The Node executable (default: this process's). */
  execPath?: string;
}

/** What one suite process gave: its output, or why it has none. */
export interface SuiteProcessResult {
  output?: ChildOutput;
  error?: string;
  durationMs: number;
}

/** Runs one suite in a fresh process and collects its output. Never throws. */
export function runSuiteProcess(suite: SuiteFile, options: SuiteProcessOptions): Promise<SuiteProcessResult> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'agno-bench-'));
  const out = join(dir, 'out.json');
  const args = [
    '--expose-gc',
    ...(options.nodeArgs ?? []),
    '--import',
    tsxLoader,
    childScript,
    '--suite',
    suite.file,
    '--name',
    suite.name,
    '--package',
    suite.package,
    '--mode',
    options.mode,
    '--out',
    out,
  ];
  if (options.filter !== undefined) args.push('--filter', options.filter);
  return new Promise((resolve) => {
    const child = spawn(options.execPath ?? process.execPath, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const finish = (result: Omit<SuiteProcessResult, 'durationMs'>) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ ...result, durationMs: performance.now() - started });
    };
    child.on('error', (error) => finish({ error: `could not start node: ${error.message}` }));
    child.on('close', (code, signal) => {
      if (timedOut) return finish({ error: `timed out after ${Math.round(options.timeoutMs / 1000)} s` });
      if (code !== 0) return finish({ error: `exited with ${code ?? signal}: ${lastError(stderr)}` });
      try {
        finish({ output: JSON.parse(readFileSync(out, 'utf8')) as ChildOutput });
      } catch (error) {
        finish({ error: `wrote no result: ${(error as Error).message}` });
      }
    });
  });
}

/** The most telling line of a crashed child's stderr (the error message, not the stack). */
function lastError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('at ') && !l.startsWith('Node.js v'));
  const found = [...lines].reverse().find((l) => /error|cannot|not found|ERR_/i.test(l));
  return (found ?? lines[lines.length - 1] ?? 'no output').slice(0, 400);
}

/** Merges the outputs of several rounds of one suite: medians of medians, extremes of extremes. */
export function mergeRounds(outputs: ChildOutput[]): BenchmarkRecord[] {
  if (outputs.length === 1) return outputs[0]!.records;
  const names: string[] = [];
  const byName = new Map<string, BenchmarkRecord[]>();
  for (const o of outputs) {
    for (const r of o.records) {
      const list = byName.get(r.name);
      if (list) list.push(r);
      else {
        byName.set(r.name, [r]);
        names.push(r.name);
      }
    }
  }
  return names.map((name) => {
    const all = byName.get(name)!;
    const ok = all.filter((r) => r.value !== null && Number.isFinite(r.value));
    if (ok.length === 0) return all[0]!;
    const first = ok[0]!;
    const pick = (key: 'p25' | 'p50' | 'p75' | 'p99' | 'allocBytes'): number | undefined => {
      const values = ok.map((r) => r[key]).filter((v): v is number => v !== undefined);
      return values.length > 0 ? median(values) : undefined;
    };
    const merged: BenchmarkRecord = {
      name,
      package: first.package,
      suite: first.suite,
      kind: first.kind,
      unit: first.unit,
      value: median(ok.map((r) => r.value!)),
      rounds: ok.map((r) => r.value!),
    };
    for (const key of ['p25', 'p50', 'p75', 'p99', 'allocBytes'] as const) {
      const v = pick(key);
      if (v !== undefined) merged[key] = v;
    }
    const mins = ok.map((r) => r.min).filter((v): v is number => v !== undefined);
    const maxs = ok.map((r) => r.max).filter((v): v is number => v !== undefined);
    const avgs = ok.map((r) => r.avg).filter((v): v is number => v !== undefined);
    if (mins.length > 0) merged.min = Math.min(...mins);
    if (maxs.length > 0) merged.max = Math.max(...maxs);
    if (avgs.length > 0) merged.avg = avgs.reduce((a, b) => a + b, 0) / avgs.length;
    const samples = ok.flatMap((r) => r.samples ?? []);
    if (samples.length > 0) merged.samples = samples;
    if (first.note !== undefined) merged.note = first.note;
    if (ok.length < all.length)
      merged.note = `${merged.note ? `${merged.note}; ` : ''}${all.length - ok.length} round(s) failed`;
    return merged;
  });
}

/**
 * The side-by-side table: every `<group>/<framework>/<scenario>` value of a side-by-side
 * package (`compare`, `compare-current`) with its ratio to agno's value for the same scenario
 * in the same group. `versions` are by package, then framework.
 */
export function comparisonOf(
  records: BenchmarkRecord[],
  versions: Record<string, Record<string, string>> = {},
): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const agno = new Map<string, number>();
  const compared = (r: BenchmarkRecord) =>
    isSideBySide(r.package) && r.value !== null && r.name.split('/').length >= 3;
  for (const r of records) {
    if (!compared(r)) continue;
    const parts = r.name.split('/');
    if (parts[1] === 'agno') agno.set(`${r.package}/${parts.slice(2).join('/')}`, r.value!);
  }
  for (const r of records) {
    if (!compared(r)) continue;
    const parts = r.name.split('/');
    const framework = parts[1]!;
    const scenario = parts.slice(2).join('/');
    const base = agno.get(`${r.package}/${scenario}`);
    const row: ComparisonRow = {
      scenario,
      framework,
      unit: r.unit,
      value: r.value!,
      ratio: base !== undefined && base > 0 ? r.value! / base : null,
    };
    if (r.package !== 'compare') row.package = r.package;
    const version = versions[r.package]?.[framework];
    if (version !== undefined) row.version = version;
    rows.push(row);
  }
  return rows;
}

/** Everything one suite contributed to a run. */
export interface SuiteRun {
  outcome: SuiteOutcome;
  records: BenchmarkRecord[];
  budgets?: Budgets;
  framework?: { name: string; version: string };
}

/** Runs a suite `rounds` times in fresh processes and merges what it measured. */
export async function runSuite(
  suite: SuiteFile,
  rounds: number,
  options: SuiteProcessOptions,
  onRound?: (round: number) => void,
): Promise<SuiteRun> {
  const outputs: ChildOutput[] = [];
  const errors: string[] = [];
  let durationMs = 0;
  let execPath = options.execPath;
  if (suite.node !== undefined && execPath === undefined) {
    try {
      execPath = nodeExecutable(suite.node, join(options.cwd, '..'), (line) => console.log(line));
    } catch (error) {
      const outcome: SuiteOutcome = {
        suite: suite.name,
        package: suite.package,
        file: suite.relative,
        status: 'failed',
        error: (error as Error).message,
        durationMs: 0,
      };
      return { outcome, records: [] };
    }
  }
  for (let round = 1; round <= rounds; round++) {
    onRound?.(round);
    const result = await runSuiteProcess(suite, { ...options, execPath });
    durationMs += result.durationMs;
    if (result.output !== undefined) outputs.push(result.output);
    else errors.push(result.error ?? 'failed');
  }
  const outcome: SuiteOutcome = {
    suite: suite.name,
    package: suite.package,
    file: suite.relative,
    status: outputs.length > 0 ? 'ok' : 'failed',
    durationMs: Math.round(durationMs),
  };
  if (errors.length > 0) outcome.error = errors[0];
  if (outputs.length === 0) return { outcome, records: [] };
  const node = outputs[0]!.node;
  if (node !== undefined && node !== process.version) outcome.node = node;
  return {
    outcome,
    records: mergeRounds(outputs),
    budgets: outputs[0]!.budgets,
    framework: outputs[0]!.framework,
  };
}
