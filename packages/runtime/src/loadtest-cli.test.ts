import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDuration, runLoadTestCli } from './loadtest-cli.js';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(pkg, 'dist/cli/loadtest.js');
const fixture = 'src/fixtures/target.mjs';

/** Newest modification time of the package's built sources. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBin(
  args: string[],
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: pkg });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agno-loadtest (spawned)', () => {
  beforeAll(() => {
    // The bin runs from dist: build when it is missing or older than the sources.
    if (!existsSync(bin) || statSync(bin).mtimeMs < newestSource(join(pkg, 'src'))) {
      execFileSync(
        process.execPath,
        [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        { cwd: pkg },
      );
    }
  }, 120_000);

  it('loads the module, runs the test and prints a JSON report', async () => {
    const out = await runBin([fixture, '-u', '3', '-n', '4', '--json']);
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ users: 3, requests: 12, failed: 1, succeeded: 11 });
    expect(report.errors.ScriptedFailure.count).toBe(1);
    expect(report.errors.ScriptedFailure.message).not.toContain('sk-abcdefghijklmnop');
    expect(out.stderr).toContain('teardown done');
  });

  it('prints a human report by default', async () => {
    const out = await runBin([fixture, '--users', '2', '--requests', '2']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/requests\s+4 \(3 ok, 1 failed/);
    expect(out.stdout).toMatch(/p95/);
  });

  it('exits 1 when a threshold fails', async () => {
    const out = await runBin([fixture, '-u', '2', '-n', '2', '--max-error-rate', '0.1']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/threshold failed: error rate 0\.2500 > 0\.1/);
  });

  it('exits 2 with a clear message for bad usage', async () => {
    const missing = await runBin(['src/fixtures/nope.mjs']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot load src\/fixtures\/nope\.mjs/);
    const badExport = await runBin([fixture, '--export', 'notAFunction']);
    expect(badExport.code).toBe(2);
    expect(badExport.stderr).toMatch(/no function export "notAFunction" \(exports: .*slow/);
    const badArg = await runBin([fixture, '--users', 'many']);
    expect(badArg.code).toBe(2);
    expect(badArg.stderr).toMatch(/--users must be a whole number/);
    expect(badArg.stderr).toMatch(/usage: agno-loadtest/);
  });

  it('stops on Ctrl+C and still prints the report', async () => {
    let sent = false;
    const out = await runBin(
      [fixture, '--export', 'slow', '-u', '2', '-d', '60s', '--json'],
      (text, child) => {
        if (!sent && text.includes('first request')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    );
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.stoppedEarly).toBe(true);
    expect(report.requests).toBeGreaterThanOrEqual(1);
  });
});

describe('agno-loadtest (in process)', () => {
  it('prints the usage on --help', async () => {
    let stdout = '';
    const code = await runLoadTestCli(['--help'], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      cwd: pkg,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/--max-p95/);
  });

  it('checks the p95 threshold', async () => {
    let stderr = '';
    const code = await runLoadTestCli(
      [fixture, '--export', 'slow', '-u', '1', '-n', '2', '--max-p95', '1ms'],
      {
        stdout: () => {},
        stderr: (t) => (stderr += t),
        cwd: pkg,
      },
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/threshold failed: p95/);
  });

  it('parses durations', () => {
    expect(parseDuration('500ms', 'd')).toBe(500);
    expect(parseDuration('1.5s', 'd')).toBe(1500);
    expect(parseDuration('2m', 'd')).toBe(120_000);
    expect(parseDuration('250', 'd')).toBe(250);
    expect(() => parseDuration('soon', 'duration')).toThrow(/--duration must be a time/);
  });
});
