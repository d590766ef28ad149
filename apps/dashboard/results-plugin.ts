/**
 * A Vite plugin that gives the page the benchmark results under `data/`:
 * `data/manifest.json` lists the files, `data/latest.json`, `data/history/<package>.json`,
 * `data/evals/<eval>.json` (the eval quality history) and `data/budgets.json` are the files
 * themselves. The dev and preview servers read them
 * live from the results folder (a new `pnpm bench` shows on reload); `vite build` copies
 * them into `dist/data/` so the static build works on any static file server. The side-by-side
 * suites' source files are served the same way under `data/source/` (the page links to them).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** What the page fetches first. Paths are relative to `data/`. */
export interface DataManifest {
  latest: string | null;
  budgets: string | null;
  history: string[];
  /** The eval quality histories (`evals/<eval>.json`, written by `@agno/evals`). */
  evals: string[];
  /** The side-by-side suites' source files (`compare-current/suites/agno.bench.ts`), under `data/source/`. */
  sources?: string[];
}

/** Where the result files are. */
export interface ResultsOptions {
  /** The results folder (with latest.json and history/). */
  resultsDir: string;
  /** The budgets file. */
  budgetsFile: string;
  /** The benchmarks folder, whose side-by-side suites' sources are linked (default: this repository's). */
  benchmarksDir?: string;
}

const benchmarks = resolve(dirname(fileURLToPath(import.meta.url)), '../../benchmarks');

/** The repository's results, or the folders named by AGNO_BENCH_RESULTS / AGNO_BENCH_BUDGETS. */
export function defaultResultsOptions(): ResultsOptions {
  return {
    resultsDir: resolve(process.env.AGNO_BENCH_RESULTS ?? join(benchmarks, 'results')),
    budgetsFile: resolve(process.env.AGNO_BENCH_BUDGETS ?? join(benchmarks, 'budgets.json')),
  };
}

/** The JSON files of a folder under the results, as `data/` paths. */
function jsonFiles(resultsDir: string, folder: string): string[] {
  const dir = join(resultsDir, folder);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => `${folder}/${f}`)
    : [];
}

/**
 * The side-by-side suites' source files, relative to the benchmarks folder: the `.ts` files of
 * every `<group>/suites/` folder there (`compare`, `compare-current`; each a package of its own).
 */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'node_modules' && existsSync(join(dir, d.name, 'suites')))
    .map((d) => d.name)
    .sort()
    .flatMap((group) =>
      readdirSync(join(dir, group, 'suites'))
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => `${group}/suites/${f}`),
    );
}

/** The files there are now. */
export function manifestOf(options: ResultsOptions): DataManifest {
  return {
    latest: existsSync(join(options.resultsDir, 'latest.json')) ? 'latest.json' : null,
    budgets: existsSync(options.budgetsFile) ? 'budgets.json' : null,
    history: jsonFiles(options.resultsDir, 'history'),
    evals: jsonFiles(options.resultsDir, 'evals'),
    sources: sourceFiles(options.benchmarksDir ?? benchmarks),
  };
}

/** The file behind a `data/` path, or undefined for anything not in the manifest. */
function fileOf(options: ResultsOptions, path: string): string | undefined {
  const manifest = manifestOf(options);
  if (path === 'budgets.json' && manifest.budgets) return options.budgetsFile;
  if (path === manifest.latest || manifest.history.includes(path) || manifest.evals.includes(path)) {
    return join(options.resultsDir, path);
  }
  if (path.startsWith('source/') && manifest.sources?.includes(path.slice(7))) {
    return join(options.benchmarksDir ?? benchmarks, path.slice(7));
  }
  return undefined;
}

/** The middleware that answers `data/` requests from the results folder (the plugin's servers use it). */
export function resultsMiddleware(options: ResultsOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /\/data\/(.+)$/.exec(url.pathname);
    if (!match) return next();
    const path = decodeURIComponent(match[1]!);
    let body: string | undefined;
    if (path === 'manifest.json') body = JSON.stringify(manifestOf(options));
    else {
      const file = fileOf(options, path);
      if (file !== undefined) body = readFileSync(file, 'utf8');
    }
    if (body === undefined) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader(
      'content-type',
      path.startsWith('source/') ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    );
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  };
}

/** The plugin. */
export function agnoResults(options: ResultsOptions = defaultResultsOptions()): Plugin {
  return {
    name: 'agno-results',
    configureServer(server) {
      server.middlewares.use(resultsMiddleware(options));
    },
    configurePreviewServer(server) {
      server.middlewares.use(resultsMiddleware(options));
    },
    generateBundle() {
      const manifest = manifestOf(options);
      this.emitFile({ type: 'asset', fileName: 'data/manifest.json', source: JSON.stringify(manifest) });
      const files = [
        manifest.latest,
        manifest.budgets,
        ...manifest.history,
        ...manifest.evals,
        ...(manifest.sources ?? []).map((f) => `source/${f}`),
      ].filter((f): f is string => f !== null);
      for (const f of files) {
        this.emitFile({
          type: 'asset',
          fileName: `data/${f}`,
          source: readFileSync(fileOf(options, f)!, 'utf8'),
        });
      }
    },
  };
}
