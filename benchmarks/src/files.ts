/**
 * Reading and writing the result files: `latest.json`, the per-package history and
 * `budgets.json`. See schema.ts for their shapes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BenchmarkRecord,
  type Budgets,
  type BudgetsFile,
  type HistoryEntry,
  type HistoryFile,
  type HistoryValue,
  parseBudgets,
  parseHistory,
  parseRunResult,
  type RunResultFile,
  SCHEMA_VERSION,
} from './schema.js';

/** The benchmarks folder. */
export const benchmarksDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where results go unless `--results` or `AGNO_BENCH_RESULTS` says otherwise. */
export const defaultResultsDir = join(benchmarksDir, 'results');

/** The checked-in budgets file unless `--budgets` or `AGNO_BENCH_BUDGETS` says otherwise. */
export const defaultBudgetsFile = join(benchmarksDir, 'budgets.json');

/** Runs kept per package history file (older ones are dropped). */
export const HISTORY_LIMIT = 60;

/** Writes JSON atomically (a reader never sees half a file). */
export function writeJSON(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(tmp, file);
}

/** The latest run, or undefined when there is none. Throws a SchemaError for a broken file. */
export function readLatest(resultsDir: string): RunResultFile | undefined {
  const file = join(resultsDir, 'latest.json');
  if (!existsSync(file)) return undefined;
  return parseRunResult(readFileSync(file, 'utf8'), file);
}

/** Writes the run as `latest.json`. */
export function writeLatest(resultsDir: string, run: RunResultFile): string {
  const file = join(resultsDir, 'latest.json');
  writeJSON(file, run);
  return file;
}

/** The history of one package (empty when there is none). Throws a SchemaError for a broken file. */
export function readHistory(resultsDir: string, pkg: string): HistoryFile {
  const file = historyFile(resultsDir, pkg);
  if (!existsSync(file))
    return { schema: 'agno-bench-history', version: SCHEMA_VERSION, package: pkg, entries: [] };
  return parseHistory(readFileSync(file, 'utf8'), file);
}

/** Path of a package's history file. */
export function historyFile(resultsDir: string, pkg: string): string {
  return join(resultsDir, 'history', `${pkg.replaceAll('/', '-')}.json`);
}

/** Packages that have a history file. */
export function historyPackages(resultsDir: string): string[] {
  const dir = join(resultsDir, 'history');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Four significant digits are plenty for a history (and keep the files small). */
function sig(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}

/** The compact history value of a record. */
export function historyValue(r: BenchmarkRecord): HistoryValue | undefined {
  if (r.value === null || !Number.isFinite(r.value)) return undefined;
  const v: HistoryValue = { u: r.unit, v: sig(r.value) };
  if (r.p25 !== undefined) v.p25 = sig(r.p25);
  if (r.p75 !== undefined) v.p75 = sig(r.p75);
  if (r.p99 !== undefined) v.p99 = sig(r.p99);
  if (r.allocBytes !== undefined && Number.isFinite(r.allocBytes)) v.a = sig(r.allocBytes);
  const spread = r.rounds ?? r.samples;
  if (spread !== undefined && spread.length > 1) v.r = spread.map(sig);
  return v;
}

/** Appends the run to the history of every package it measured; returns the files written. */
export function appendHistory(resultsDir: string, run: RunResultFile): string[] {
  const byPackage = new Map<string, BenchmarkRecord[]>();
  for (const r of run.benchmarks) {
    const list = byPackage.get(r.package);
    if (list) list.push(r);
    else byPackage.set(r.package, [r]);
  }
  const written: string[] = [];
  for (const [pkg, records] of byPackage) {
    const values: Record<string, HistoryValue> = {};
    for (const r of records) {
      const v = historyValue(r);
      if (v !== undefined) values[r.name] = v;
    }
    if (Object.keys(values).length === 0) continue;
    const history = readHistory(resultsDir, pkg);
    const entry: HistoryEntry = {
      id: run.id,
      date: run.date,
      mode: run.mode,
      commit: run.git.commit,
      dirty: run.git.dirty,
      // The Node the package's suites ran on (the side-by-side with the newest majors: Node 24).
      node: run.suites.find((s) => s.package === pkg && s.node !== undefined)?.node ?? run.env.node,
      cpu: run.env.cpu,
      values,
    };
    const frameworks = run.frameworksByPackage?.[pkg] ?? (pkg === 'compare' ? run.frameworks : undefined);
    if (frameworks !== undefined) entry.frameworks = frameworks;
    history.entries = history.entries.filter((e) => e.id !== run.id);
    history.entries.push(entry);
    if (history.entries.length > HISTORY_LIMIT) history.entries = history.entries.slice(-HISTORY_LIMIT);
    const file = historyFile(resultsDir, pkg);
    writeJSON(file, history);
    written.push(file);
  }
  return written;
}

/** The budgets file (empty when there is none). Throws a SchemaError for a broken file. */
export function readBudgets(file: string): BudgetsFile {
  if (!existsSync(file)) return { schema: 'agno-bench-budgets', version: SCHEMA_VERSION, packages: {} };
  return parseBudgets(readFileSync(file, 'utf8'), file);
}

/**
 * Replaces each given package's budgets with what its suite exports (the suites are the
 * source of truth; packages not given keep theirs). Writes only when something changed.
 */
export function mergeBudgets(file: string, fromSuites: Record<string, Budgets>): boolean {
  const current = readBudgets(file);
  let changed = !existsSync(file);
  for (const [pkg, budgets] of Object.entries(fromSuites)) {
    const before = JSON.stringify(current.packages[pkg] ?? {});
    const sorted: Budgets = {};
    for (const name of Object.keys(budgets).sort()) sorted[name] = budgets[name]!;
    if (JSON.stringify(sorted) !== before) {
      current.packages[pkg] = sorted;
      changed = true;
    }
  }
  if (!changed) return false;
  const packages: BudgetsFile['packages'] = {};
  for (const pkg of Object.keys(current.packages).sort()) packages[pkg] = current.packages[pkg]!;
  writeJSON(file, { ...current, packages });
  return true;
}

/** Every budget of the file, by benchmark name. */
export function flattenBudgets(file: BudgetsFile): Budgets {
  const out: Budgets = {};
  for (const budgets of Object.values(file.packages)) Object.assign(out, budgets);
  return out;
}
