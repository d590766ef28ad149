/**
 * The `agno-eval` command line: its options, parsed.
 */
import { ConfigError } from '@agno/core';

/** What `agno-eval` was asked to do. */
export interface CliOptions {
  /** The eval definition module. */
  file: string;
  json: boolean;
  /** Write the JSON report to this file. */
  out?: string;
  /** Append the results to the history under this results folder. */
  history?: string;
  concurrency?: number;
  timeoutMs?: number;
  help: boolean;
}

/** The usage text. */
export const USAGE = `Usage: agno-eval <file.{js,mjs,ts}> [options]

Runs the eval definitions the module exports (its default export, an array of them, or its
named exports that are definitions, in the order of their names) and prints a report per eval.

Options:
  --json               print the reports as JSON
  --out FILE           also write the JSON reports to FILE
  --history DIR        append the results to DIR/evals/<eval>.json (the dashboard reads them)
  --concurrency N      cases run at once (overrides the definitions)
  --timeout MS         deadline of one case (overrides the definitions)
  -h, --help           this text

Exit code: 0 when every eval meets its threshold, 1 when one does not, 2 on a usage or load error.
`;

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1)
    throw new ConfigError(`${flag} needs a positive integer`);
  return n;
}

/** Parses the arguments; throws a `ConfigError` naming the bad one. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const out: Partial<CliOptions> & { json: boolean; help: boolean } = { json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ConfigError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '-h' || a === '--help') out.help = true;
    else if (a === '--out') out.out = value();
    else if (a === '--history') out.history = value();
    else if (a === '--concurrency') out.concurrency = positive(a, argv[++i]);
    else if (a === '--timeout') out.timeoutMs = positive(a, argv[++i]);
    else if (a.startsWith('-')) throw new ConfigError(`unknown option ${a}`);
    else if (out.file === undefined) out.file = a;
    else throw new ConfigError(`one eval file at a time (got ${out.file} and ${a})`);
  }
  if (out.file === undefined && !out.help) throw new ConfigError('no eval file given');
  return out as CliOptions;
}
