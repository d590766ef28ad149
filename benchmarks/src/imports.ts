/**
 * The public entries of the workspace packages and what importing each one costs in a
 * fresh process (time and retained heap), measured beside the client library it wraps.
 * Used by the `imports` suite.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inFreshProcesses, median } from './suite.js';

/** One public entry of a workspace package (an `exports` key other than `./package.json`). */
export interface ImportEntry {
  /** `core`, `core/testing`, `tools/mcp`: the package folder and the subpath. */
  name: string;
  /** `@agno/core/testing`. */
  specifier: string;
  /** The package's folder (imports resolve from there, as from an application beside it). */
  dir: string;
  /** The built file of the entry (`import` condition). */
  file: string;
  /** `testing` for test-helper entries (they load vitest), `main` otherwise. */
  kind: 'main' | 'testing';
  /** The client library the entry wraps, measured alone for comparison; its budget is then relative to it. */
  client: ImportClient | undefined;
  /** Loaded before the measured import, as the application already has them (zod; vitest for testing entries). */
  preload: string[];
}

/** A client library an entry wraps. */
export interface ImportClient {
  /** `openai`. */
  name: string;
  /** What importing the client means: the specifiers the entry itself imports from it. */
  imports: string[];
  /** Where they are imported from: the package that depends on the client (`models-openai` for `models-ollama`). */
  dir: string;
}

/** The packages of a typical app (an agent with tools on OpenAI): its cold start and bundle are measured whole. */
export const APP_SET = ['@agno/core', '@agno/tools', '@agno/models-openai'] as const;

const MCP = '@modelcontextprotocol/sdk';

/**
 * Client libraries that entries wrap, by entry name (`imports` defaults to the name, `from`
 * to the entry's own package). Such an entry is judged against its client's own import: a
 * provider or queue package, and the same rule for a driver or SDK adapter.
 */
export const CLIENTS: Readonly<Record<string, { name: string; imports?: string[]; from?: string }>> = {
  'models-openai': { name: 'openai' },
  'models-anthropic': { name: '@anthropic-ai/sdk' },
  'models-ollama': { name: 'openai', from: 'models-openai' },
  'queue-bullmq': { name: 'bullmq' },
  'memory/sqlite': { name: 'better-sqlite3' },
  'memory/postgres': { name: 'pg' },
  observability: { name: '@opentelemetry/api' },
  'observability/prometheus': { name: 'prom-client' },
  'tools/mcp': {
    name: MCP,
    imports: ['client/index.js', 'client/stdio.js', 'client/streamableHttp.js', 'types.js'].map(
      (f) => `${MCP}/${f}`,
    ),
  },
};

/** Whether `name` is installed where Node looks for it from `dir` (a `node_modules` folder of `dir` or above). */
function installed(name: string, dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', name, 'package.json'))) return true;
    if (dirname(d) === d) return false;
  }
}

function importTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry === null || typeof entry !== 'object') return undefined;
  const e = entry as Record<string, unknown>;
  return importTarget(e.import ?? e.default);
}

function clientOf(name: string, packagesDir: string, folder: string): ImportClient | undefined {
  const c = CLIENTS[name];
  if (c === undefined) return undefined;
  return { name: c.name, imports: c.imports ?? [c.name], dir: join(packagesDir, c.from ?? folder) };
}

/**
 * Every public entry of the published packages under `<rootDir>/packages` (private ones
 * left out), in folder then exports order. Entries whose built file is missing are still
 * listed (the measurement then fails with a clear message).
 */
export function workspaceEntries(rootDir: string): ImportEntry[] {
  const packagesDir = join(rootDir, 'packages');
  const out: ImportEntry[] = [];
  for (const folder of readdirSync(packagesDir).sort()) {
    const dir = join(packagesDir, folder);
    const manifestFile = join(dir, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      name: string;
      private?: boolean;
      exports?: Record<string, unknown>;
    };
    if (manifest.private === true || manifest.exports === undefined) continue;
    for (const [key, value] of Object.entries(manifest.exports)) {
      const target = importTarget(value);
      if (key === './package.json' || target === undefined || !target.endsWith('.js')) continue;
      const subpath = key === '.' ? '' : key.slice(1);
      const name = `${folder}${subpath}`;
      const kind = subpath === '/testing' ? 'testing' : 'main';
      const preload = ['zod', ...(kind === 'testing' ? ['vitest'] : [])].filter((s) => installed(s, dir));
      out.push({
        name,
        specifier: `${manifest.name}${subpath}`,
        dir,
        file: join(dir, target),
        kind,
        client: clientOf(name, packagesDir, folder),
        preload,
      });
    }
  }
  return out;
}

/** One fresh process's measurement of one import. */
export interface ImportSample {
  /** Time of the `await import()`, ns. */
  ns: number;
  /** Heap used after it and full collections, over before, bytes. */
  heap: number;
}

let emptyModule: string | undefined;

/** The URL of an empty module file: importing it first warms Node's ESM loader, whose start-up is not ours. */
export function emptyModuleURL(): string {
  if (emptyModule === undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'agno-imports-')), 'empty.mjs');
    writeFileSync(file, 'export {};\n');
    emptyModule = pathToFileURL(file).href;
  }
  return emptyModule;
}

/**
 * The module that a fresh `node --expose-gc` process runs: imports an empty module file (the
 * loader's own start-up) and `preload` (not measured), collects garbage, then times
 * the imports of `targets` and the heap it retains, and prints them as one JSON line.
 */
export function importScript(targets: readonly string[], preload: readonly string[]): string {
  return [
    `await import(${JSON.stringify(emptyModuleURL())});`,
    ...preload.map((s) => `await import(${JSON.stringify(s)});`),
    'globalThis.gc(); globalThis.gc();',
    'const before = process.memoryUsage().heapUsed;',
    'const t0 = performance.now();',
    ...targets.map((t) => `await import(${JSON.stringify(t)});`),
    'const ns = (performance.now() - t0) * 1e6;',
    'globalThis.gc(); globalThis.gc();',
    'console.log(JSON.stringify({ ns, heap: process.memoryUsage().heapUsed - before }));',
  ].join('\n');
}

/** What {@link measureEntry} found: the samples of the entry and of its client, run alternately. */
export interface EntryMeasurement {
  entry: ImportSample[];
  client: ImportSample[] | undefined;
}

/**
 * Imports the entry's built file in `runs` fresh processes (from its package folder, after
 * its preloads), alternating with its client's import alone (same preloads) when it has one,
 * so that both see the same machine load.
 */
export async function measureEntry(entry: ImportEntry, runs: number): Promise<EntryMeasurement> {
  const own = importScript([pathToFileURL(entry.file).href], entry.preload);
  const client = entry.client === undefined ? undefined : importScript(entry.client.imports, entry.preload);
  const out: EntryMeasurement = { entry: [], client: client === undefined ? undefined : [] };
  for (let i = 0; i < runs; i++) {
    out.entry.push(...(await inFreshProcesses<ImportSample>(own, { runs: 1, cwd: entry.dir })));
    if (client !== undefined) {
      out.client!.push(
        ...(await inFreshProcesses<ImportSample>(client, { runs: 1, cwd: entry.client!.dir })),
      );
    }
  }
  return out;
}

/** The median and the samples of one field of `samples`. */
export function summarise(samples: readonly ImportSample[], field: keyof ImportSample) {
  const values = samples.map((s) => s[field]);
  return { value: median(values), samples: values };
}
