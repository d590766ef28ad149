/**
 * A load tester: virtual users, started over a ramp-up period, each sending requests one
 * after another (a fixed number each, or until a duration passes) to any async function:
 * an agent run, a workflow, an HTTP call. The report gives throughput, error rate, latency
 * percentiles and the concurrency reached.
 */
import { setMaxListeners } from 'node:events';
import { ConfigError, errorMessage, isAgnoError } from '@agno/core';
import { type LatencySummary, summarize } from './percentiles.js';

/** What the target function receives for each request. */
export interface LoadTestContext {
  /** 0-based index of the virtual user. */
  user: number;
  /** 0-based index of this request among the user's requests. */
  iteration: number;
  /** Aborted when the test is stopped early. */
  signal: AbortSignal;
}

/** The function under load; a rejection or throw counts as a failed request. */
export type LoadTarget = (ctx: LoadTestContext) => unknown;

/** Options of {@link loadTest}. Give `requestsPerUser`, `durationMs`, or both (whichever ends first). */
export interface LoadTestOptions {
  /** Virtual users (each sends one request at a time). Default 1. */
  users?: number;
  /** Requests each user sends. Default 1 when no `durationMs` is given, else unbounded. */
  requestsPerUser?: number;
  /** Users stop starting requests after this long (requests in flight finish). */
  durationMs?: number;
  /** Users start evenly spread over this period. Default 0 (all at once). */
  rampUpMs?: number;
  /** Pause between two requests of one user. Default 0. */
  thinkTimeMs?: number;
  /** Stops the test early; the report covers what was done. */
  signal?: AbortSignal;
  /** Called after every request. */
  onRequest?: (sample: LoadSample) => void;
}

/** One finished request. */
export interface LoadSample {
  user: number;
  iteration: number;
  /** Start, in ms since the test began. */
  startMs: number;
  durationMs: number;
  ok: boolean;
  /** Error key (AgnoError code, or the error's name) when it failed. */
  error?: string;
}

/** Failures of one kind. */
export interface ErrorCount {
  count: number;
  /** The first message seen (secrets redacted). */
  message: string;
}

/** The outcome of a load test. */
export interface LoadTestReport {
  users: number;
  requests: number;
  succeeded: number;
  failed: number;
  /** failed ÷ requests (0 when none ran). */
  errorRate: number;
  /** Wall time of the test, ms. */
  durationMs: number;
  /** Requests per second over the whole test. */
  throughput: number;
  /** Latency of every request, failed ones included, in ms. */
  latency: LatencySummary;
  /** Most requests in flight at once. */
  maxConcurrency: number;
  /** Failures by AgnoError code or error name. */
  errors: Record<string, ErrorCount>;
  /** True when the test was stopped through its signal. */
  stoppedEarly: boolean;
}

function positiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new ConfigError(`${name} must be a whole number ≥ 1, got ${value}`);
  }
}

function nonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && Number.isFinite(value))) {
    throw new ConfigError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
}

function errorKey(error: unknown): string {
  if (isAgnoError(error)) return error.code;
  if (error instanceof Error) return error.name || 'Error';
  return 'error';
}

/** Waits `ms`, or less when `signal` aborts (never rejects). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs a load test of `target`. See {@link LoadTestOptions}. */
export async function loadTest(target: LoadTarget, options: LoadTestOptions = {}): Promise<LoadTestReport> {
  if (typeof target !== 'function') throw new ConfigError('loadTest needs a function to call');
  const users = options.users ?? 1;
  positiveInteger('users', users);
  positiveInteger('requestsPerUser', options.requestsPerUser);
  nonNegative('rampUpMs', options.rampUpMs);
  nonNegative('thinkTimeMs', options.thinkTimeMs);
  if (options.durationMs !== undefined && !(options.durationMs > 0 && Number.isFinite(options.durationMs))) {
    throw new ConfigError(`durationMs must be a finite number > 0, got ${options.durationMs}`);
  }
  const perUser =
    options.requestsPerUser ?? (options.durationMs === undefined ? 1 : Number.POSITIVE_INFINITY);
  const rampUpMs = options.rampUpMs ?? 0;
  const thinkMs = options.thinkTimeMs ?? 0;
  const onRequest = options.onRequest;

  const controller = new AbortController();
  const outer = options.signal;
  const stop = () => controller.abort(outer?.reason);
  if (outer?.aborted) stop();
  else outer?.addEventListener('abort', stop, { once: true });
  const signal = controller.signal;
  // Every user (and whatever the target hangs on the signal) listens to it: that is no leak.
  setMaxListeners(0, signal);

  const latencies: number[] = [];
  const errors: Record<string, ErrorCount> = {};
  let failed = 0;
  let inFlight = 0;
  let maxConcurrency = 0;
  const start = performance.now();
  const deadline = options.durationMs === undefined ? Number.POSITIVE_INFINITY : start + options.durationMs;

  const runUser = async (user: number): Promise<void> => {
    await pause((user * rampUpMs) / users, signal);
    for (let iteration = 0; iteration < perUser; iteration++) {
      if (signal.aborted || performance.now() >= deadline) return;
      if (iteration > 0 && thinkMs > 0) {
        await pause(thinkMs, signal);
        if (signal.aborted || performance.now() >= deadline) return;
      }
      const t0 = performance.now();
      if (++inFlight > maxConcurrency) maxConcurrency = inFlight;
      let key: string | undefined;
      try {
        await target({ user, iteration, signal });
      } catch (error) {
        key = errorKey(error);
        failed++;
        const seen = errors[key];
        if (seen === undefined) errors[key] = { count: 1, message: errorMessage(error) };
        else seen.count++;
      }
      const t1 = performance.now();
      inFlight--;
      latencies.push(t1 - t0);
      if (onRequest !== undefined) {
        const sample: LoadSample = {
          user,
          iteration,
          startMs: t0 - start,
          durationMs: t1 - t0,
          ok: key === undefined,
        };
        if (key !== undefined) sample.error = key;
        onRequest(sample);
      }
    }
  };

  const work: Promise<void>[] = [];
  for (let u = 0; u < users; u++) work.push(runUser(u));
  try {
    await Promise.all(work);
  } finally {
    outer?.removeEventListener('abort', stop);
  }
  const durationMs = performance.now() - start;
  const requests = latencies.length;
  return {
    users,
    requests,
    succeeded: requests - failed,
    failed,
    errorRate: requests === 0 ? 0 : failed / requests,
    durationMs,
    throughput: durationMs > 0 ? requests / (durationMs / 1000) : 0,
    latency: summarize(latencies),
    maxConcurrency,
    errors,
    stoppedEarly: signal.aborted,
  };
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A short human-readable rendering of a report. */
export function formatReport(report: LoadTestReport): string {
  const l = report.latency;
  const lines = [
    `requests     ${report.requests} (${report.succeeded} ok, ${report.failed} failed, error rate ${(report.errorRate * 100).toFixed(2)}%)${report.stoppedEarly ? ' (stopped early)' : ''}`,
    `duration     ${(report.durationMs / 1000).toFixed(2)} s, throughput ${report.throughput.toFixed(1)} req/s`,
    `latency ms   min ${ms(l.min)}  mean ${ms(l.mean)}  p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`,
    `concurrency  ${report.maxConcurrency} at most, ${report.users} users`,
  ];
  const kinds = Object.entries(report.errors).sort((a, b) => b[1].count - a[1].count);
  for (const [key, e] of kinds) lines.push(`error        ${key} × ${e.count}: ${e.message}`);
  return lines.join('\n');
}
