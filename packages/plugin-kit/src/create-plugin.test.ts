/**
 * Scaffolds every template kind into a throwaway root under .tmp/ (beside this package's
 * node_modules, so the scaffold resolves @agno/* like a workspace package), checks what was
 * written, then typechecks the scaffold and runs its own tests.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** The scaffold's own test runs report here on stdout, not into the repo's summed test reports. */
const innerEnv = { ...process.env, AGNO_TEST_REPORT_DIR: '' };
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const script = join(repo, 'scripts', 'create-plugin.mjs');
const bin = (name: string) => join(repo, 'node_modules', '.bin', name);
let root: string;

beforeAll(() => {
  mkdirSync(join(here, '..', '.tmp'), { recursive: true });
  root = mkdtempSync(join(here, '..', '.tmp', 'repo-'));
  for (const file of ['tsconfig.base.json', 'vitest.shared.ts', 'biome.json'])
    copyFileSync(join(repo, file), join(root, file));
  mkdirSync(join(root, 'benchmarks'));
  writeFileSync(
    join(root, 'benchmarks', 'package.json'),
    JSON.stringify({ name: '@agno/benchmarks', dependencies: { '@agno/core': 'workspace:*', zod: '^4' } }),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const scaffold = (...args: string[]) => run(process.execPath, [script, ...args, '--root', root]);
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('pnpm create-plugin', () => {
  it('scaffolds a model provider: package, tests, benchmark suite, changeset', async () => {
    const { stdout } = await scaffold('model', 'acme-models');
    const files = [
      'packages/acme-models/package.json',
      'packages/acme-models/.gitignore',
      'packages/acme-models/tsconfig.json',
      'packages/acme-models/tsconfig.build.json',
      'packages/acme-models/vitest.config.ts',
      'packages/acme-models/README.md',
      'packages/acme-models/src/index.ts',
      'packages/acme-models/src/model.ts',
      'packages/acme-models/src/conformance.test.ts',
      'packages/acme-models/src/model.test.ts',
      'benchmarks/suites/acme-models.bench.ts',
      '.changeset/acme-models-initial.md',
    ];
    for (const file of files) {
      expect(existsSync(join(root, file)), file).toBe(true);
      expect(read(file), file).not.toMatch(/__(name|fn|Class|CONST|Title)__/);
      expect(stdout).toContain(file);
    }
    const pkg = JSON.parse(read('packages/acme-models/package.json'));
    expect(pkg.name).toBe('@agno/acme-models');
    expect(pkg.exports['.']).toEqual({
      '@agno/source': './src/index.ts',
      types: './dist/index.d.ts',
      import: './dist/index.js',
    });
    expect(pkg.peerDependencies).toEqual({ '@agno/core': 'workspace:^' });
    expect(read('packages/acme-models/src/model.ts')).toContain('export function acmeModels(');
    expect(read('packages/acme-models/src/model.ts')).toContain('process.env.ACME_MODELS_API_KEY');
    expect(read('packages/acme-models/src/conformance.test.ts')).toContain('describeModelConformance');
    expect(read('benchmarks/suites/acme-models.bench.ts')).toContain("bench('acme-models/agent-run'");
    expect(read('.changeset/acme-models-initial.md')).toMatch(/^---\n"@agno\/acme-models": minor\n---\n/);
    expect(JSON.parse(read('benchmarks/package.json')).dependencies).toEqual({
      '@agno/acme-models': 'workspace:*',
      '@agno/core': 'workspace:*',
      zod: '^4',
    });
  });

  it('writes files that pass the repository lint and format rules', async () => {
    await scaffold('model', 'zeta-provider-with-a-rather-long-name');
    await run(bin('biome'), ['check', '--diagnostic-level=error', 'packages', 'benchmarks'], { cwd: root });
  });

  it('the model scaffold typechecks and passes its conformance tests as generated', async () => {
    const cwd = join(root, 'packages', 'acme-models');
    await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd });
    const { stdout } = await run(bin('vitest'), ['run', '--reporter=json'], {
      cwd,
      env: innerEnv,
      maxBuffer: 2 ** 24,
    });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThanOrEqual(10);
    const titles = report.testResults.flatMap((f: any) => f.assertionResults.map((a: any) => a.fullName));
    expect(titles.some((t: string) => t.includes('Model conformance: @agno/acme-models'))).toBe(true);
  });

  it('scaffolds a toolkit that typechecks and passes the tool schema checks', async () => {
    await scaffold('tool', 'acme-tools');
    expect(read('packages/acme-tools/src/toolkit.ts')).toContain('export function acmeToolsToolkit(');
    expect(read('packages/acme-tools/src/toolkit.test.ts')).toContain('assertToolSchemas');
    const cwd = join(root, 'packages', 'acme-tools');
    await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd });
    const { stdout } = await run(bin('vitest'), ['run', '--reporter=json'], {
      cwd,
      env: innerEnv,
      maxBuffer: 2 ** 24,
    });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect([report.numPassedTests, report.numFailedTests]).toEqual([2, 0]);
  });

  it('refuses bad names, unknown kinds and existing packages, writing nothing', async () => {
    const fail = (...args: string[]) =>
      scaffold(...args).then(
        () => 'exit 0',
        (error: { code: number; stderr: string }) => `exit ${error.code}: ${error.stderr.trim()}`,
      );
    expect(await fail('model', 'Acme_Models')).toMatch(
      /^exit 1: create-plugin: "Acme_Models" is not a package name/,
    );
    expect(await fail('store', 'acme-store')).toMatch(
      /^exit 1: create-plugin: unknown kind "store" \(one of: model, tool\)/,
    );
    expect(await fail('model', 'acme-models')).toBe(
      'exit 1: create-plugin: packages/acme-models exists already; nothing was written',
    );
    expect(await fail('model')).toMatch(/^exit 2: usage: pnpm create-plugin <model\|tool> <name>/);
    expect(existsSync(join(root, 'packages', 'acme-store'))).toBe(false);
  });
});
