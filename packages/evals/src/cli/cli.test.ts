import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(pkg, 'dist/cli/eval.js');

/** Newest modification time of the package's sources. */
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

function runBin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: pkg });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agno-eval (spawned)', () => {
  beforeAll(() => {
    // The bin runs from dist (as a user runs it): build when it is missing or older than the sources.
    if (!existsSync(bin) || statSync(bin).mtimeMs < newestSource(join(pkg, 'src'))) {
      execFileSync(process.execPath, ['../../scripts/build-package.mjs'], { cwd: pkg });
    }
  }, 180_000);

  it('runs the default export and prints a table; exit 0', async () => {
    const out = await runBin(['src/fixtures/cli/pass.mjs']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('eval cli-pass · agent upper · mock/scripted');
    expect(out.stdout).toMatch(/^case-2\s+passed\s+1\.00/m);
    expect(out.stdout).toContain('✓ meets the threshold (every case passes)');
  });

  it('exits 1 when an eval is under its threshold; --json, --out and --history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agno-eval-cli-'));
    const out = await runBin([
      'src/fixtures/cli/evals.mjs',
      '--json',
      '--out',
      join(dir, 'r.json'),
      '--history',
      dir,
    ]);
    expect(out.code).toBe(1);
    const reports = JSON.parse(out.stdout);
    // Named exports run in the order of their names (failing, passing).
    expect(reports.map((r: { name: string; passed: boolean }) => [r.name, r.passed])).toEqual([
      ['cli-fail', false],
      ['cli-pass', true],
    ]);
    expect(reports[0].summary).toMatchObject({ cases: 2, passed: 1, passRate: 0.5 });
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toEqual(reports);
    const history = JSON.parse(readFileSync(join(dir, 'evals', 'cli-fail.json'), 'utf8'));
    expect(history).toMatchObject({ schema: 'agno-eval-history', version: 1, eval: 'cli-fail' });
    expect(history.entries[0]).toMatchObject({
      agent: 'upper',
      cases: 2,
      passRate: 0.5,
      met: false,
      threshold: { passRate: 0.75 },
    });
    expect(out.stderr).toContain(`results appended to ${join(dir, 'evals', 'cli-pass.json')}`);
  });

  it('a TypeScript file on a Node that cannot strip types is a clear error; exit 2', async () => {
    const out = await runBin(['src/fixtures/cli/typed.eval.ts']);
    if ((process.features as { typescript?: unknown }).typescript) {
      expect(out.code).toBe(0);
      return;
    }
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      `typed.eval.ts is TypeScript and this Node (${process.version}) cannot strip types`,
    );
    expect(out.stdout).toBe('');
  });

  it('usage errors exit 2 and name the problem', async () => {
    expect((await runBin([])).stderr).toBe('agno-eval: no eval file given\n');
    const empty = await runBin(['src/fixtures/cli/empty.mjs']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('exports no eval definition');
    expect((await runBin(['x.mjs', '--concurrency', '0'])).stderr).toBe(
      'agno-eval: --concurrency needs a positive integer\n',
    );
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: agno-eval');
  });
});
