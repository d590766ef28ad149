/**
 * Finds the suites: `suites/<name>.bench.ts` (package `<name>`), and the side-by-side ones:
 * `compare/suites/<framework>.bench.ts` (package `compare`, suite `compare/<framework>`) and
 * `compare-current/suites/<framework>.bench.ts` (package `compare-current`, run on Node 24).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SIDE_BY_SIDE } from './scenarios.js';

/** One suite file. */
export interface SuiteFile {
  /** `core`, `compare/ai-sdk`. */
  name: string;
  /** Package its benchmarks belong to: `core`, `compare`. */
  package: string;
  /** Absolute path. */
  file: string;
  /** Path relative to the benchmarks folder. */
  relative: string;
  /** The Node major version the suite runs on (the runner finds that Node); the runner's own when absent. */
  node?: number;
}

const SUFFIX = '.bench.ts';

function list(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX))
    .sort();
}

/** Every suite under `benchmarksDir`, package suites first, then the side-by-side ones. */
export function discoverSuites(benchmarksDir: string): SuiteFile[] {
  const out: SuiteFile[] = [];
  const suites = join(benchmarksDir, 'suites');
  for (const f of list(suites)) {
    const name = f.slice(0, -SUFFIX.length);
    const file = join(suites, f);
    out.push({ name, package: name, file, relative: relative(benchmarksDir, file) });
  }
  for (const group of SIDE_BY_SIDE) {
    const dir = join(benchmarksDir, group.folder, 'suites');
    const names = list(dir).map((f) => f.slice(0, -SUFFIX.length));
    // agno first: the others' ratios are against it.
    names.sort((a, b) => (a === 'agno' ? -1 : b === 'agno' ? 1 : a.localeCompare(b)));
    for (const name of names) {
      const file = join(dir, `${name}${SUFFIX}`);
      const suite: SuiteFile = {
        name: `${group.folder}/${name}`,
        package: group.folder,
        file,
        relative: relative(benchmarksDir, file),
      };
      if (group.node !== undefined) suite.node = group.node;
      out.push(suite);
    }
  }
  return out;
}

/**
 * The suites matching any selector (a suite name, a package name, or a prefix such as
 * `compare`); all of them when there is no selector. `unknown` lists selectors that matched nothing.
 */
export function selectSuites(
  all: SuiteFile[],
  selectors: string[],
): { selected: SuiteFile[]; unknown: string[] } {
  if (selectors.length === 0) return { selected: all, unknown: [] };
  const unknown = selectors.filter((s) => !all.some((suite) => matches(suite, s)));
  return { selected: all.filter((suite) => selectors.some((s) => matches(suite, s))), unknown };
}

function matches(suite: SuiteFile, selector: string): boolean {
  return suite.name === selector || suite.package === selector || suite.name.startsWith(`${selector}/`);
}

/** Workspace packages (folders of `packages/`) that have no suite yet. */
export function packagesWithoutSuite(rootDir: string, suites: SuiteFile[]): string[] {
  const dir = join(rootDir, 'packages');
  if (!existsSync(dir)) return [];
  const have = new Set(suites.map((s) => s.package));
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !have.has(d.name))
    .map((d) => d.name)
    .sort();
}

/** The suite that owns a benchmark name (`core/run-text` → `core`, `compare/ai-sdk/construct` → `compare/ai-sdk`). */
export function suiteOfBenchmark(all: SuiteFile[], benchmark: string): SuiteFile | undefined {
  let best: SuiteFile | undefined;
  for (const suite of all) {
    if (
      benchmark.startsWith(`${suite.name}/`) &&
      (best === undefined || suite.name.length > best.name.length)
    ) {
      best = suite;
    }
  }
  return best;
}
