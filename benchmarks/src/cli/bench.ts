/**
 * `pnpm bench [suite...] [--short|--full] [--filter RE] [--rounds N] [--profile NAME]`
 *
 * Runs the suites, each in its own fresh process, prints every figure against its budget,
 * writes `results/latest.json`, appends to `results/history/`, and merges the suites'
 * budgets into `budgets.json`.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverSuites, packagesWithoutSuite, selectSuites, suiteOfBenchmark } from '../discover.js';
import { gitInfo, runEnvironment } from '../environment.js';
import {
  appendHistory,
  benchmarksDir,
  defaultBudgetsFile,
  defaultResultsDir,
  flattenBudgets,
  mergeBudgets,
  readBudgets,
  writeLatest,
} from '../files.js';
import { formatBytes, formatValue, table } from '../format.js';
import { fromRecord, judgeBudget } from '../judge.js';
import { nodeExecutable } from '../node-binary.js';
import { comparisonOf, runSuite, runSuiteProcess, type SuiteRun } from '../runner.js';
import {
  type BenchmarkRecord,
  type Budgets,
  type ComparisonRow,
  type RunResultFile,
  SCHEMA_VERSION,
} from '../schema.js';

const HELP = `Usage: pnpm bench [suite...] [options]

  suite            run only these suites (a name such as core; compare for the side-by-side on Node 20,
                   compare-current for the newest majors on Node 24)
  --short          quick run, one process per suite (default)
  --full           real measurements: several fresh processes per suite (--rounds, default 3)
  --rounds N       processes per suite
  --filter RE      only benchmarks and figures whose name matches RE
  --profile NAME   run one benchmark under --cpu-prof and --heap-prof and print where the files went
  --list           list the suites
  --no-history     write latest.json but do not append to the history
  --results DIR    results folder (default benchmarks/results, or $AGNO_BENCH_RESULTS)
  --budgets FILE   budgets file (default benchmarks/budgets.json, or $AGNO_BENCH_BUDGETS)

Examples: pnpm bench · pnpm bench core · pnpm bench core --filter run · pnpm bench --full
          pnpm bench compare · pnpm bench --profile core/run-text
`;

const rootDir = resolve(benchmarksDir, '..');

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    short: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    filter: { type: 'string', short: 'f' },
    profile: { type: 'string' },
    list: { type: 'boolean', default: false },
    'no-history': { type: 'boolean', default: false },
    results: { type: 'string' },
    budgets: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const mode: 'short' | 'full' = opts.full ? 'full' : 'short';
const rounds =
  opts.rounds !== undefined ? Math.max(1, Number.parseInt(opts.rounds, 10) || 1) : mode === 'full' ? 3 : 1;
const resultsDir = resolve(opts.results ?? process.env.AGNO_BENCH_RESULTS ?? defaultResultsDir);
const budgetsFile = resolve(opts.budgets ?? process.env.AGNO_BENCH_BUDGETS ?? defaultBudgetsFile);
const timeoutMs = (mode === 'full' ? 30 : 8) * 60_000;
const rel = (p: string) => relative(process.cwd(), p) || '.';

if (opts.filter !== undefined) {
  try {
    new RegExp(opts.filter);
  } catch (error) {
    console.error(`--filter is not a valid regular expression: ${(error as Error).message}`);
    process.exit(2);
  }
}

/** Where suites are looked for (tests point this at fixtures). */
const suitesRoot = resolve(process.env.AGNO_BENCH_SUITES ?? benchmarksDir);
const all = discoverSuites(suitesRoot);

if (opts.list) {
  console.log(
    table(
      ['suite', 'package', 'file'],
      all.map((s) => [s.name, s.package, s.relative]),
      [0, 1, 2],
    ),
  );
  process.exit(0);
}

if (opts.profile !== undefined) await profile(opts.profile);
else await benchmark();

async function profile(name: string): Promise<void> {
  const suite = suiteOfBenchmark(all, name);
  if (suite === undefined) {
    console.error(
      `no suite owns "${name}"; benchmark names start with a suite name: ${all.map((s) => s.name).join(', ')}`,
    );
    process.exit(2);
  }
  const dir = join(resultsDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  console.log(`Profiling ${name} (suite ${suite.name}) under --cpu-prof and --heap-prof…`);
  const result = await runSuiteProcess(suite, {
    execPath: suite.node === undefined ? undefined : nodeExecutable(suite.node, rootDir, console.log),
    mode,
    filter: `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--heap-prof', `--heap-prof-dir=${dir}`],
    timeoutMs,
    cwd: benchmarksDir,
  });
  if (result.error !== undefined) {
    console.error(`✗ ${suite.name}: ${result.error}`);
    process.exit(1);
  }
  if (result.output?.records.length === 0) {
    console.error(`✗ ${suite.name} has no benchmark named "${name}"`);
    process.exit(1);
  }
  const files = readdirSync(dir)
    .filter((f) => !before.has(f))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  console.log('\nProfiles written:');
  for (const f of files) console.log(`  ${rel(f)}`);
  console.log(
    '\nOpen a .cpuprofile in Chrome DevTools (Performance → Load profile) or https://www.speedscope.app;' +
      '\na .heapprofile in Chrome DevTools (Memory → Load). The profile includes mitata’s own calibration.',
  );
}

async function benchmark(): Promise<void> {
  const { selected, unknown } = selectSuites(all, positionals);
  if (unknown.length > 0) {
    console.error(
      `No suite named ${unknown.join(', ')}. Suites: ${all.map((s) => s.name).join(', ') || '(none)'}`,
    );
    if (selected.length === 0) process.exit(2);
  }
  if (selected.length === 0) {
    console.error('No suites found in benchmarks/suites or benchmarks/compare/suites.');
    process.exit(2);
  }
  let stored = readBudgets(budgetsFile);
  const date = new Date();
  console.log(
    `agno benchmarks · ${mode} mode · ${rounds} process${rounds > 1 ? 'es' : ''} per suite · ${selected.length} suite(s)` +
      (opts.filter ? ` · filter /${opts.filter}/` : ''),
  );
  const runs: SuiteRun[] = [];
  for (const suite of selected) {
    console.log(`\n▶ ${suite.name}  (${suite.relative})`);
    const run = await runSuite(
      suite,
      rounds,
      { mode, filter: opts.filter, timeoutMs, cwd: benchmarksDir },
      (r) => {
        if (rounds > 1) console.log(`  · round ${r}/${rounds}`);
      },
    );
    runs.push(run);
    if (run.outcome.status === 'failed') {
      console.log(`✗ ${suite.name} failed: ${run.outcome.error}`);
      continue;
    }
    if (run.outcome.error !== undefined) console.log(`! ${suite.name}: a round failed: ${run.outcome.error}`);
    const budgets: Budgets = { ...flattenBudgets(stored), ...run.budgets };
    if (run.records.length === 0) console.log('  (no benchmark matched)');
    else console.log(`\n${suiteTable(run.records, budgets)}`);
  }

  const records = runs.flatMap((r) => r.records);
  const frameworks: Record<string, Record<string, string>> = {};
  for (const r of runs) {
    if (r.framework === undefined) continue;
    frameworks[r.outcome.package] ??= {};
    frameworks[r.outcome.package]![r.framework.name] = r.framework.version;
  }
  const comparison = comparisonOf(records, frameworks);
  if (comparison.length > 0)
    console.log(`\nSide by side (ratio = framework / agno, lower is better)\n${comparisonTable(comparison)}`);

  const result: RunResultFile = {
    schema: 'agno-bench-result',
    version: SCHEMA_VERSION,
    id: date.toISOString().replace(/[:.]/g, '-'),
    date: date.toISOString(),
    mode,
    rounds,
    git: gitInfo(rootDir),
    env: runEnvironment(),
    suites: runs.map((r) => r.outcome),
    benchmarks: records,
    comparison,
  };
  if (frameworks.compare !== undefined) result.frameworks = frameworks.compare;
  if (Object.keys(frameworks).length > 0) result.frameworksByPackage = frameworks;

  const fromSuites: Record<string, Budgets> = {};
  for (const r of runs) {
    if (r.budgets === undefined || r.outcome.status !== 'ok') continue;
    fromSuites[r.outcome.package] = { ...(fromSuites[r.outcome.package] ?? {}), ...r.budgets };
  }
  if (mergeBudgets(budgetsFile, fromSuites)) {
    stored = readBudgets(budgetsFile);
    console.log(`\nBudgets updated from the suites: ${rel(budgetsFile)}`);
  }

  const latest = writeLatest(resultsDir, result);
  const history = opts['no-history'] || records.length === 0 ? [] : appendHistory(resultsDir, result);
  const failed = runs.filter((r) => r.outcome.status === 'failed');
  const missing =
    positionals.length === 0 && suitesRoot === benchmarksDir ? packagesWithoutSuite(rootDir, all) : [];

  console.log('\nSummary');
  const over = records.filter((r) => {
    const v = fromRecord(r);
    return v !== undefined && judgeBudget(v, flattenBudgets(stored)[r.name]).status === 'over';
  });
  console.log(
    `  ${runs.length - failed.length}/${runs.length} suites ran · ${records.length} figures · ${over.length} over budget`,
  );
  for (const f of failed) console.log(`  ✗ ${f.outcome.suite}: ${f.outcome.error}`);
  if (missing.length > 0) console.log(`  packages without a suite: ${missing.join(', ')}`);
  console.log(`  result: ${rel(latest)}`);
  if (history.length > 0) console.log(`  history: ${history.map(rel).join(', ')}`);
  console.log('  next: pnpm bench:check (compare with the budgets and the previous run)');
  if (failed.length > 0 || unknown.length > 0) process.exitCode = 1;
}

function suiteTable(records: BenchmarkRecord[], budgets: Budgets): string {
  const rows = records.map((r) => {
    if (r.value === null) return [r.name, 'error', '', '', '', '', '', `✗ ${r.error ?? ''}`.slice(0, 60)];
    const verdict = judgeBudget(fromRecord(r)!, budgets[r.name]);
    const mark = { ok: '✓', over: '✗', borderline: '≈', none: '' }[verdict.status];
    const range =
      r.min !== undefined && r.max !== undefined
        ? `${formatValue(r.min, r.unit)} … ${formatValue(r.max, r.unit)}`
        : '';
    return [
      r.name,
      formatValue(r.value, r.unit),
      r.p75 !== undefined ? formatValue(r.p75, r.unit) : '',
      r.p99 !== undefined ? formatValue(r.p99, r.unit) : '',
      range,
      r.allocBytes !== undefined ? formatBytes(r.allocBytes) : '',
      verdict.target,
      `${mark}${verdict.missed.length > 0 ? ` ${verdict.missed.join('; ')}` : ''}`,
    ];
  });
  return table(['benchmark', 'median', 'p75', 'p99', 'min … max', 'alloc/op', 'target', ''], rows, [0, 7]);
}

function comparisonTable(rows: ComparisonRow[]): string {
  return table(
    ['scenario', 'framework', 'value', 'ratio'],
    rows.map((r) => [
      r.package === undefined ? r.scenario : `${r.package}: ${r.scenario}`,
      `${r.framework}${r.version ? ` ${r.version}` : ''}`,
      formatValue(r.value, r.unit),
      r.ratio === null ? '–' : `${r.ratio.toFixed(r.ratio < 10 ? 2 : 0)}×`,
    ]),
    [0, 1],
  );
}
