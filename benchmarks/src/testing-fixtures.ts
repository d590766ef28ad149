/** Result files for tests. */
import type { BenchmarkRecord, RunResultFile } from './schema.js';
import { SCHEMA_VERSION } from './schema.js';

/** A run with the given records, made at `date`. */
export function runFixture(
  date: string,
  benchmarks: BenchmarkRecord[],
  overrides: Partial<RunResultFile> = {},
): RunResultFile {
  return {
    schema: 'agno-bench-result',
    version: SCHEMA_VERSION,
    id: date.replace(/[:.]/g, '-'),
    date,
    mode: 'full',
    rounds: 3,
    git: { commit: 'abc123', dirty: false },
    env: { node: 'v20.20.2', cpu: 'Test CPU', cores: 2, platform: 'linux-x64', memoryBytes: 1 },
    suites: [],
    benchmarks,
    comparison: [],
    ...overrides,
  };
}

/** A timed record with a tight spread. */
export function timed(name: string, p50: number, allocBytes?: number): BenchmarkRecord {
  const r: BenchmarkRecord = {
    name,
    package: name.split('/')[0]!,
    suite: name.split('/')[0]!,
    kind: 'time',
    unit: 'ns',
    value: p50,
    p25: p50 * 0.99,
    p50,
    p75: p50 * 1.01,
    p99: p50 * 1.5,
    min: p50 * 0.9,
    max: p50 * 3,
    avg: p50,
  };
  if (allocBytes !== undefined) r.allocBytes = allocBytes;
  return r;
}
