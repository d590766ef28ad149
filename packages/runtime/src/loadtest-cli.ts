/**
 * The `agno-loadtest` command: loads a module that exports the function to test and runs
 * {@link loadTest} against it. Exit code 0 when done (and thresholds hold), 1 when a
 * threshold failed, 2 for bad usage (arguments, module, export).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { errorMessage } from '@agno/core';
import { formatReport, type LoadTarget, type LoadTestOptions, loadTest } from './load-test.js';

/** Where the command writes, and what stops it. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory the module path is resolved against. */
  cwd: string;
  /** Stops the test early (Ctrl+C); the report of what ran is still printed. */
  signal?: AbortSignal;
}

/** Usage text of `agno-loadtest`. */
export const USAGE = `usage: agno-loadtest <module> [options]

Loads <module> (a path to an ES module; for TypeScript run node with a loader, for
example "node --import tsx") and calls its export with { user, iteration, signal } for every request.
If the module also exports "teardown", it is called at the end.

options
  --export <name>          the export to call (default: the default export)
  -u, --users <n>          virtual users (default 10)
  -n, --requests <n>       requests per user (default 10, or unbounded with --duration)
  -d, --duration <time>    stop starting requests after this long (e.g. 30s, 2m, 500ms)
  -r, --ramp-up <time>     start the users evenly over this period (default 0)
      --think <time>       pause between two requests of one user (default 0)
      --json               print the report as JSON
      --max-error-rate <x> exit 1 when the error rate is above x (0..1)
      --max-p95 <time>     exit 1 when the p95 latency is above this
  -h, --help               show this text

Times without a unit are milliseconds.`;

class UsageError extends Error {}

/** Milliseconds from `30s`, `2m`, `500ms`, `1.5s` or a bare number of ms. */
export function parseDuration(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (m === null) throw new UsageError(`--${name} must be a time such as 500ms, 30s or 2m, got "${text}"`);
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n;
}

function parseCount(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a whole number ≥ 1, got "${text}"`);
  return n;
}

/** Runs the command with `argv` (without node and the script). Resolves with the exit code. */
export async function runLoadTestCli(argv: string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`agno-loadtest: ${errorMessage(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const { modulePath, exportName, options, json, maxErrorRate, maxP95 } = parsed;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(io.cwd, modulePath)).href)) as Record<string, unknown>;
  } catch (error) {
    io.stderr(`agno-loadtest: cannot load ${modulePath}: ${errorMessage(error)}\n`);
    return 2;
  }
  const target = mod[exportName];
  if (typeof target !== 'function') {
    const names = Object.keys(mod).join(', ') || 'none';
    io.stderr(`agno-loadtest: ${modulePath} has no function export "${exportName}" (exports: ${names})\n`);
    return 2;
  }
  let report: Awaited<ReturnType<typeof loadTest>>;
  try {
    report = await loadTest(target as LoadTarget, { ...options, signal: io.signal });
  } catch (error) {
    io.stderr(`agno-loadtest: ${errorMessage(error)}\n`);
    return 2;
  } finally {
    const teardown = mod.teardown;
    if (typeof teardown === 'function') {
      try {
        await teardown();
      } catch (error) {
        io.stderr(`agno-loadtest: teardown failed: ${errorMessage(error)}\n`);
      }
    }
  }
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  let code = 0;
  if (maxErrorRate !== undefined && report.errorRate > maxErrorRate) {
    io.stderr(`threshold failed: error rate ${report.errorRate.toFixed(4)} > ${maxErrorRate}\n`);
    code = 1;
  }
  if (maxP95 !== undefined && report.latency.p95 > maxP95) {
    io.stderr(`threshold failed: p95 ${report.latency.p95.toFixed(1)} ms > ${maxP95} ms\n`);
    code = 1;
  }
  return code;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      export: { type: 'string' },
      users: { type: 'string', short: 'u' },
      requests: { type: 'string', short: 'n' },
      duration: { type: 'string', short: 'd' },
      'ramp-up': { type: 'string', short: 'r' },
      think: { type: 'string' },
      json: { type: 'boolean' },
      'max-error-rate': { type: 'string' },
      'max-p95': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const, modulePath: '', exportName: '', options: {}, json: false };
  if (positionals.length !== 1) throw new UsageError('give exactly one module path');
  const options: LoadTestOptions = {
    users: values.users === undefined ? 10 : parseCount(values.users, 'users'),
  };
  if (values.duration !== undefined) options.durationMs = parseDuration(values.duration, 'duration');
  if (values.requests !== undefined) options.requestsPerUser = parseCount(values.requests, 'requests');
  else if (options.durationMs === undefined) options.requestsPerUser = 10;
  if (values['ramp-up'] !== undefined) options.rampUpMs = parseDuration(values['ramp-up'], 'ramp-up');
  if (values.think !== undefined) options.thinkTimeMs = parseDuration(values.think, 'think');
  let maxErrorRate: number | undefined;
  if (values['max-error-rate'] !== undefined) {
    maxErrorRate = Number(values['max-error-rate']);
    if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
      throw new UsageError(`--max-error-rate must be between 0 and 1, got "${values['max-error-rate']}"`);
    }
  }
  const maxP95 = values['max-p95'] === undefined ? undefined : parseDuration(values['max-p95'], 'max-p95');
  return {
    help: false as const,
    modulePath: positionals[0]!,
    exportName: values.export ?? 'default',
    options,
    json: values.json === true,
    maxErrorRate,
    maxP95,
  };
}
