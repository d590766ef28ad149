/**
 * End to end: `pnpm bench` on fixture suites (each in its own fresh process), then
 * `pnpm bench:check`, against a temporary results folder and budgets file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBudgets, readHistory, readLatest } from './files.js';

const bin = fileURLToPath(new URL('../bin/', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agno-bench-cli-'));
const budgets = join(dir, 'budgets.json');

function cli(script: 'bench.mjs' | 'check.mjs', ...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [join(bin, script), ...args, '--results', dir, '--budgets', budgets],
    {
      encoding: 'utf8',
      env: { ...process.env, AGNO_BENCH_SUITES: fixtures },
    },
  );
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('pnpm bench and pnpm bench:check', () => {
  let first: ReturnType<typeof cli>;
  beforeAll(() => {
    first = cli('bench.mjs');
  });

  it('runs every suite, reports the one that fails, and goes on', () => {
    expect(first.out).toContain('▶ broken');
    expect(first.out).toContain('✗ broken failed: exited with 1: Error: the broken suite cannot start');
    expect(first.out).toContain('▶ tiny');
    expect(first.code).toBe(1);
  });

  it('prints each figure against its target', () => {
    expect(first.out).toMatch(/tiny\/sum\s.*≤ 1 s\s+✓/);
    expect(first.out).toMatch(/tiny\/retained\s.*≤ 1 B\s+✗ value \d+ B > 1 B/);
  });

  it('writes latest.json with the environment, the figures and the failed suite', () => {
    const latest = readLatest(dir)!;
    expect(latest.mode).toBe('short');
    expect(latest.env.node).toBe(process.version);
    expect(latest.env.cpu.length).toBeGreaterThan(0);
    expect(latest.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(latest.suites.map((s) => [s.suite, s.status])).toEqual([
      ['broken', 'failed'],
      ['tiny', 'ok'],
    ]);
    const sum = latest.benchmarks.find((b) => b.name === 'tiny/sum')!;
    expect(sum).toMatchObject({ kind: 'time', unit: 'ns', package: 'tiny' });
    expect(sum.p50).toBe(sum.value);
    expect(sum.min!).toBeLessThanOrEqual(sum.p50!);
    expect(sum.p50!).toBeLessThanOrEqual(sum.p75!);
    expect(sum.p75!).toBeLessThanOrEqual(sum.p99!);
    expect(sum.allocBytes).toBeTypeOf('number');
    const retained = latest.benchmarks.find((b) => b.name === 'tiny/retained')!;
    expect(retained).toMatchObject({ kind: 'figure', unit: 'bytes' });
    // { i, mode } is a small object: tens of bytes, not zero, not kilobytes.
    expect(retained.value!).toBeGreaterThan(8);
    expect(retained.value!).toBeLessThan(200);
    expect(latest.benchmarks.find((b) => b.name === 'tiny/sum-ratio')!.value).toBe(1);
  });

  it('appends to the history and merges the suite’s budgets', () => {
    expect(readHistory(dir, 'tiny').entries).toHaveLength(1);
    expect(readBudgets(budgets).packages.tiny!['tiny/retained']).toEqual({
      maxBytes: 1,
      note: 'impossible: every object takes more',
    });
  });

  it('check reports over budget and exits 1 only with --strict', () => {
    const check = cli('check.mjs');
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/tiny\/retained .*over budget \(value \d+ B > 1 B\)/);
    expect(cli('check.mjs', '--strict').code).toBe(1);
  });

  it('runs one suite by name, with a name filter, and compares with the previous run', () => {
    const second = cli('bench.mjs', 'tiny', '--filter', 'sum$');
    expect(second.code).toBe(0);
    expect(second.out).not.toContain('▶ broken');
    const latest = readLatest(dir)!;
    expect(latest.benchmarks.map((b) => b.name)).toEqual(['tiny/sum']);
    expect(readHistory(dir, 'tiny').entries).toHaveLength(2);

    const check = cli('check.mjs', '--all');
    expect(check.code).toBe(0);
    expect(check.out).toContain('1 compared with a previous run');
    expect(check.out).toMatch(/tiny\/sum\s/);
  });

  it('profiles one benchmark and says where the files went', () => {
    const r = cli('bench.mjs', '--profile', 'tiny/sum');
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, 'profiles'));
    expect(files.some((f) => f.endsWith('.cpuprofile'))).toBe(true);
    expect(files.some((f) => f.endsWith('.heapprofile'))).toBe(true);
    const cpu = files.find((f) => f.endsWith('.cpuprofile'))!;
    expect(r.out).toContain(cpu);
    expect(JSON.parse(readFileSync(join(dir, 'profiles', cpu), 'utf8')).nodes.length).toBeGreaterThan(0);
  });

  it('says so for an unknown suite', () => {
    const r = cli('bench.mjs', 'nope');
    expect(r.code).toBe(2);
    expect(r.out).toContain('No suite named nope. Suites: broken, tiny');
    expect(existsSync(dir)).toBe(true);
  });
});
