/**
 * Checking the numeric limits of runs and tools before anything runs: a NaN, negative or
 * fractional limit is a configuration mistake (it would disable a cap, or fail later as
 * something else), so it is refused with a {@link ConfigError} naming the option.
 */
import { ConfigError } from './errors.js';

/** Timeouts at or above this many milliseconds (2^31, past what timers can hold) mean "no timeout". */
export const NO_TIMEOUT_FROM_MS = 2 ** 31;

/** The delay to arm a timer with, or `undefined` when `ms` means "no timeout" (absent, huge, `Infinity`). */
export function timerDelay(ms: number | undefined): number | undefined {
  return ms === undefined || ms >= NO_TIMEOUT_FROM_MS ? undefined : ms;
}

/** Refuses a count that is not an integer ≥ `min` (or `Infinity`, where `unbounded` allows it). */
export function checkCount(name: string, value: unknown, min: number, unbounded = true): void {
  if (value === undefined) return;
  if (
    typeof value === 'number' &&
    value >= min &&
    (Number.isInteger(value) || (unbounded && value === Number.POSITIVE_INFINITY))
  ) {
    return;
  }
  const range = unbounded ? `an integer ≥ ${min}, or Infinity` : `an integer ≥ ${min}`;
  throw new ConfigError(`${name} must be ${range}; got ${String(value)}`);
}

/** Refuses a timeout that is not a positive whole number of milliseconds (`Infinity` means none). */
export function checkTimeout(name: string, value: unknown): void {
  if (value === undefined) return;
  if (
    typeof value === 'number' &&
    value > 0 &&
    (Number.isInteger(value) || value === Number.POSITIVE_INFINITY)
  ) {
    return;
  }
  throw new ConfigError(
    `${name} must be a positive whole number of milliseconds, or Infinity for none; got ${String(value)}`,
  );
}

/** The limits a run's options (or an agent's defaults) may set. */
interface Limits {
  maxToolRounds?: number;
  maxRepeatedToolCalls?: number;
  maxParallelToolCalls?: number;
  historyLimit?: number;
  maxTokens?: number;
  timeoutMs?: number;
  bufferSize?: number;
  flushIntervalMs?: number;
}

/** Throws a {@link ConfigError} for the first limit in `options` that is not a valid number. */
export function checkLimits(options: Limits, where: string): void {
  // Names are built only for a failure: this runs on every run.
  const o = options;
  if (o.maxToolRounds !== undefined) checkCount(name(where, 'maxToolRounds'), o.maxToolRounds, 0);
  if (o.maxRepeatedToolCalls !== undefined) {
    checkCount(name(where, 'maxRepeatedToolCalls'), o.maxRepeatedToolCalls, 0);
  }
  if (o.maxParallelToolCalls !== undefined) {
    checkCount(name(where, 'maxParallelToolCalls'), o.maxParallelToolCalls, 1);
  }
  if (o.historyLimit !== undefined) checkCount(name(where, 'historyLimit'), o.historyLimit, 0);
  if (o.maxTokens !== undefined) checkCount(name(where, 'maxTokens'), o.maxTokens, 1, false);
  if (o.timeoutMs !== undefined) checkTimeout(name(where, 'timeoutMs'), o.timeoutMs);
  if (o.bufferSize !== undefined) checkCount(name(where, 'bufferSize'), o.bufferSize, 1, false);
  const flush = o.flushIntervalMs;
  if (flush !== undefined && !(typeof flush === 'number' && flush >= 0 && Number.isFinite(flush))) {
    throw new ConfigError(`${where}.flushIntervalMs must be a finite number ≥ 0; got ${String(flush)}`);
  }
}

function name(where: string, key: string): string {
  return `${where}.${key}`;
}
