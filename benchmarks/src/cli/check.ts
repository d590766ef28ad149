/**
 * `pnpm bench:check [--all] [--json] [--strict]`
 *
 * Compares the latest run with the budgets and with the previous run of the same mode,
 * and prints what got slower or heavier than the noise allows. Exits 0 (it is a report,
 * not a timed test) unless `--strict` is given and something is over budget or slower.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CheckRow, checkRun, NOISE_FLOOR } from '../check.js';
import {
  defaultBudgetsFile,
  defaultResultsDir,
  flattenBudgets,
  readBudgets,
  readHistory,
  readLatest,
} from '../files.js';
import { formatBytes, formatPercent, formatValue, table } from '../format.js';
import type { HistoryFile } from '../schema.js';

const HEADERS = [
  'benchmark',
  'now',
  'alloc/op',
  'budget',
  'previous',
  'change',
  'alloc was → now',
  'noise',
  'verdict',
];

const { values: opts } = parseArgs({
  options: {
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    results: { type: 'string' },
    budgets: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  console.log(`Usage: pnpm bench:check [--all] [--json] [--strict] [--results DIR] [--budgets FILE]

  --all      print every figure, not only those with something to say
  --json     print the rows as JSON
  --strict   exit 1 when a figure is over budget, slower or heavier (default: always exit 0)`);
  process.exit(0);
}

const resultsDir = resolve(opts.results ?? process.env.AGNO_BENCH_RESULTS ?? defaultResultsDir);
const budgetsFile = resolve(opts.budgets ?? process.env.AGNO_BENCH_BUDGETS ?? defaultBudgetsFile);
const rel = (p: string) => relative(process.cwd(), p) || '.';

let latest: ReturnType<typeof readLatest>;
try {
  latest = readLatest(resultsDir);
} catch (error) {
  console.error(`✗ cannot read the latest result: ${(error as Error).message}`);
  process.exit(1);
}
if (latest === undefined) {
  console.log(`No results yet in ${rel(resultsDir)}: run \`pnpm bench\` first.`);
  process.exit(0);
}
const run = latest;

const histories = new Map<string, HistoryFile>();
for (const pkg of new Set(run.benchmarks.map((b) => b.package))) {
  try {
    histories.set(pkg, readHistory(resultsDir, pkg));
  } catch (error) {
    console.error(`! ignoring the history of ${pkg}: ${(error as Error).message}`);
  }
}
const budgets = flattenBudgets(readBudgets(budgetsFile));
const rows = checkRun(run, histories, budgets);

if (opts.json) {
  console.log(JSON.stringify(rows, null, 1));
} else {
  console.log(
    `Latest run ${run.date} · ${run.mode} mode · ${run.git.commit?.slice(0, 10) ?? 'no commit'}${run.git.dirty ? ' (dirty)' : ''} · Node ${run.env.node} · ${run.env.cpu}`,
  );
  console.log(
    `Noise allowed: the larger of ${Math.round(NOISE_FLOOR[run.mode] * 100)}% and both runs' spreads ((p75 − p25) / median, or the range of their rounds) added; a spread over 30% is too wide to judge.\n`,
  );
  const shown = opts.all ? rows : rows.filter((r) => r.problems.length > 0);
  if (shown.length > 0) console.log(table(HEADERS, shown.map(cells), [0, 8]));
  const count = (p: string) => rows.filter((r) => r.problems.includes(p)).length;
  const compared = rows.filter((r) => r.previous !== undefined).length;
  console.log(
    `\n${rows.length} figures · ${count('over budget')} over budget · ${count('borderline')} borderline · ${count('slower')} slower · ${count('heavier')} heavier · ${count('too noisy')} too noisy to judge · ${count('failed')} failed · ${compared} compared with a previous run`,
  );
  if (compared === 0)
    console.log('No previous run of this mode in the history yet: only budgets were checked.');
  const caveats = [...new Set(rows.map((r) => r.caveat).filter((c) => c !== undefined))];
  for (const c of caveats) console.log(`Note: ${c}; differences may come from the machine.`);
}

if (
  opts.strict &&
  rows.some((r) => r.problems.some((p) => ['over budget', 'slower', 'heavier', 'failed'].includes(p)))
) {
  process.exitCode = 1;
}

function cells(r: CheckRow): string[] {
  if (r.value === null) return [r.name, 'error', '', '', '', '', '', '', r.error ?? ''];
  const change = r.change;
  return [
    r.name,
    formatValue(r.value, r.unit),
    r.allocBytes !== undefined ? formatBytes(r.allocBytes) : '',
    r.budget.target,
    r.previous !== undefined ? formatValue(r.previous.value, r.unit) : '',
    change !== undefined ? formatPercent(change.change) : '',
    r.allocChange !== undefined && r.previous?.allocBytes !== undefined
      ? `${formatBytes(r.previous.allocBytes)} → ${formatBytes(r.allocBytes ?? 0)}`
      : '',
    change !== undefined ? `±${Math.round(change.noise * 100)}%` : '',
    r.problems.length > 0
      ? r.problems
          .map((p) =>
            p === 'over budget' || p === 'borderline' ? `${p} (${r.budget.missed.join('; ')})` : p,
          )
          .join(', ')
      : '✓',
  ];
}
