/** Captures what code prints through console.log, console.error and process.stdout. */
import { inspect } from 'node:util';

/** What {@link captureOutput} collected. */
export interface CapturedOutput<T> {
  /** What the function returned (resolved). */
  result: T;
  /** The arguments of each console.log call, as passed. */
  logs: unknown[][];
  /** The arguments of each console.error call, as passed. */
  errors: unknown[][];
  /** console.log lines and process.stdout writes in order, as a reader would see them (see {@link formatArgs}). */
  out: string;
  /** console.error lines. */
  err: string;
}

/**
 * One printed line of `args`: strings as they are, errors as `Name: message`, other
 * values as JSON (so a test can match fields), falling back to `util.inspect`.
 */
export function formatArgs(args: readonly unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return String(a);
      try {
        return JSON.stringify(a) ?? String(a);
      } catch {
        return inspect(a);
      }
    })
    .join(' ');
}

/**
 * Runs `fn` with console.log, console.error and process.stdout.write captured (nothing
 * reaches the terminal) and restores them afterwards, also when `fn` throws.
 */
export async function captureOutput<T>(fn: () => T | Promise<T>): Promise<CapturedOutput<T>> {
  const logs: unknown[][] = [];
  const errors: unknown[][] = [];
  let out = '';
  let err = '';
  const { log, error } = console;
  const write = process.stdout.write;
  console.log = (...args: unknown[]) => {
    logs.push(args);
    out += `${formatArgs(args)}\n`;
  };
  console.error = (...args: unknown[]) => {
    errors.push(args);
    err += `${formatArgs(args)}\n`;
  };
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    const result = await fn();
    return { result, logs, errors, out, err };
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
  }
}
