/**
 * Loads the result files named by `data/manifest.json` and checks their shape; a file
 * that cannot be read becomes an error entry, and the rest still loads.
 */
import {
  type Budgets,
  type HistoryFile,
  parseBudgets,
  parseHistory,
  parseRunResult,
  type RunResultFile,
} from '@agno/benchmarks/schema';
import type { DataManifest } from '../results-plugin.ts';
import { parseQualityHistory, type QualityHistoryFile } from './quality.ts';

/** A file that could not be read, and why. */
export interface FileError {
  file: string;
  message: string;
}

/** Everything the page shows. */
export interface Loaded {
  latest: RunResultFile | undefined;
  /** Budgets by benchmark name. */
  budgets: Budgets;
  histories: HistoryFile[];
  /** The eval quality histories. */
  quality: QualityHistoryFile[];
  /** The side-by-side suites' source files the page can link to (`data/source/<file>`). */
  sources: string[];
  errors: FileError[];
}

async function text(url: string): Promise<string> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

/** Loads the manifest and every file in it. Throws only when the manifest itself cannot be read. */
export async function loadData(base = 'data/'): Promise<Loaded> {
  let manifest: DataManifest;
  try {
    manifest = JSON.parse(await text(`${base}manifest.json`)) as DataManifest;
  } catch (error) {
    throw new Error(`Could not read ${base}manifest.json: ${(error as Error).message}`);
  }
  const errors: FileError[] = [];
  const read = async <T>(file: string, parse: (text: string, what: string) => T): Promise<T | undefined> => {
    try {
      return parse(await text(`${base}${file}`), file);
    } catch (error) {
      errors.push({ file, message: (error as Error).message });
      return undefined;
    }
  };
  const [[latest, budgetsFile, ...histories], quality] = await Promise.all([
    Promise.all([
      manifest.latest ? read(manifest.latest, parseRunResult) : Promise.resolve(undefined),
      manifest.budgets ? read(manifest.budgets, parseBudgets) : Promise.resolve(undefined),
      ...manifest.history.map((f) => read(f, parseHistory)),
    ]),
    Promise.all((manifest.evals ?? []).map((f) => read(f, parseQualityHistory))),
  ]);
  const budgets: Budgets = {};
  for (const pkg of Object.values(budgetsFile?.packages ?? {})) Object.assign(budgets, pkg);
  return {
    latest,
    budgets,
    histories: histories.filter((h): h is HistoryFile => h !== undefined),
    quality: quality.filter((q): q is QualityHistoryFile => q !== undefined),
    sources: manifest.sources ?? [],
    errors,
  };
}
