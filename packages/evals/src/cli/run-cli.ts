/**
 * What `agno-eval` does: loads the eval module, runs its definitions, prints the reports,
 * writes them where asked, and answers the exit code.
 */
import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, errorMessage } from '@agno/core';
import { formatReport, reportJSON } from '../format.js';
import { writeQualityHistory } from '../history/write.js';
import type { EvalReport } from '../report.js';
import { type EvalDefinition, runEval } from '../run-eval.js';
import { parseArgs, USAGE } from './options.js';

/** Where the CLI writes, and its working directory. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  signal?: AbortSignal;
}

const isDefinition = (v: unknown): v is EvalDefinition =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as EvalDefinition).name === 'string' &&
  'agent' in v &&
  'scorers' in v;

/** The definitions a module exports: its default (one or an array), else its named definitions. */
export function definitionsOf(mod: Record<string, unknown>, file: string): EvalDefinition[] {
  const d = mod.default;
  const list = d !== undefined ? (Array.isArray(d) ? d : [d]) : Object.values(mod).filter(isDefinition);
  if (list.length === 0 || !list.every(isDefinition)) {
    throw new ConfigError(`${file} exports no eval definition ({ name, agent, dataset, scorers })`);
  }
  return list;
}

/** Imports the module; a TypeScript file needs a Node that strips types (or a loader such as tsx). */
async function load(file: string): Promise<Record<string, unknown>> {
  const ts = ['.ts', '.mts', '.cts'].includes(extname(file));
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (ts && code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      const strips = (process.features as { typescript?: unknown }).typescript;
      throw new ConfigError(
        `${file} is TypeScript and this Node (${process.version}) ${strips ? 'did not strip its types' : 'cannot strip types'}: ` +
          'use Node 22.18+ (or 22.6+ with --experimental-strip-types), run through a loader (node --import tsx), or compile it to .js',
      );
    }
    throw new ConfigError(`cannot load ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

/** Runs the CLI; resolves with the exit code. */
export async function runEvalCli(argv: readonly string[], io: CliIO): Promise<number> {
  let reports: EvalReport[];
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
    if (options.help) {
      io.stdout(USAGE);
      return 0;
    }
    const file = resolve(io.cwd, options.file);
    const definitions = definitionsOf(await load(file), options.file);
    reports = [];
    for (const def of definitions) {
      reports.push(
        await runEval(def, {
          concurrency: options.concurrency,
          timeoutMs: options.timeoutMs,
          signal: io.signal,
        }),
      );
    }
  } catch (error) {
    io.stderr(`agno-eval: ${errorMessage(error)}\n`);
    if (!(error instanceof ConfigError)) io.stderr(USAGE);
    return 2;
  }
  const json = reportJSON(reports.length === 1 ? reports[0]! : reports);
  io.stdout(options.json ? json : reports.map(formatReport).join('\n'));
  if (options.out !== undefined) writeFileSync(resolve(io.cwd, options.out), json);
  if (options.history !== undefined) {
    for (const f of writeQualityHistory(reports, { resultsDir: resolve(io.cwd, options.history) })) {
      io.stderr(`agno-eval: results appended to ${f}\n`);
    }
  }
  return reports.every((r) => r.passed) ? 0 : 1;
}
