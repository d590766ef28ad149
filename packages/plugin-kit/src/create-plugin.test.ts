/**
 * `pnpm create-plugin` in a checkout: scaffolds every template kind into a throwaway root under
 * .tmp/ (beside this package's node_modules, so the scaffold resolves @agno/* like a workspace
 * package; @agno/test-utils is linked as `pnpm install` would), checks what was written, then
 * typechecks each scaffold and runs its own tests, README examples included.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
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
  mkdirSync(join(root, 'node_modules', '@agno'), { recursive: true });
  symlinkSync(join(repo, 'packages', 'test-utils'), join(root, 'node_modules', '@agno', 'test-utils'), 'dir');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const scaffold = (...args: string[]) => run(process.execPath, [script, ...args, '--root', root]);
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const json = (path: string) => JSON.parse(read(path));

/**
 * Typechecks the scaffolded package `dir` and runs its tests: the counts, every test's title, and
 * the failures' titles and messages (a failing inner run is reported, not thrown).
 */
async function checkAndTest(dir: string) {
  const cwd = join(root, 'packages', dir);
  await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd }).catch((error) => {
    throw new Error(`tsc failed in packages/${dir}: ${error.message}\n${error.stdout}${error.stderr}`);
  });
  const options = { cwd, env: innerEnv, maxBuffer: 2 ** 24 };
  const { stdout } = await run(bin('vitest'), ['run', '--reporter=json'], options).catch(
    (error: { stdout: string }) => error,
  );
  const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
  const results = report.testResults.flatMap((f: any) => f.assertionResults);
  const titles: string[] = results.map((a: any) => a.fullName);
  const failures = results
    .filter((a: any) => a.status === 'failed')
    .map((a: any) => `${a.fullName}: ${a.failureMessages.join('\n')}`);
  return { passed: report.numPassedTests, failed: report.numFailedTests, titles, failures };
}

describe('pnpm create-plugin', () => {
  it('scaffolds a model provider as @agno/<name>: package, tests, README test, benchmark suite, changeset', async () => {
    const { stdout } = await scaffold('model', 'acme-models');
    const files = [
      'packages/acme-models/package.json',
      'packages/acme-models/tsconfig.json',
      'packages/acme-models/tsconfig.build.json',
      'packages/acme-models/vitest.config.ts',
      'packages/acme-models/README.md',
      'packages/acme-models/src/index.ts',
      'packages/acme-models/src/model.ts',
      'packages/acme-models/src/conformance.test.ts',
      'packages/acme-models/src/model.test.ts',
      'packages/acme-models/src/readme.test.ts',
      'benchmarks/suites/acme-models.bench.ts',
      '.changeset/acme-models-initial.md',
      'benchmarks/package.json',
    ];
    for (const file of files) {
      expect(read(file), file).not.toMatch(/__(pkg|name|fn|Class|CONST|Title|agno|development)__/);
      expect(stdout).toContain(file);
    }
    expect(stdout).toContain('Next: pnpm install && pnpm --filter @agno/acme-models test');
    const pkg = json('packages/acme-models/package.json');
    expect(pkg.name).toBe('@agno/acme-models');
    expect(pkg.exports['.']).toEqual({
      '@agno/source': './src/index.ts',
      types: './dist/index.d.ts',
      import: './dist/index.js',
      default: './dist/index.js',
    });
    expect(pkg.peerDependencies).toEqual({ '@agno/core': 'workspace:^' });
    expect(pkg.devDependencies['@agno/test-utils']).toBe('workspace:*');
    expect(read('packages/acme-models/src/model.ts')).toContain('export function acmeModels(');
    expect(read('packages/acme-models/src/model.ts')).toContain('process.env.ACME_MODELS_API_KEY');
    expect(read('packages/acme-models/README.md')).toContain(
      "import { acmeModels } from '@agno/acme-models';",
    );
    expect(read('packages/acme-models/README.md')).toContain('pnpm --filter @agno/acme-models test');
    expect(read('benchmarks/suites/acme-models.bench.ts')).toContain("bench('acme-models/agent-run'");
    expect(read('.changeset/acme-models-initial.md')).toMatch(/^---\n"@agno\/acme-models": minor\n---\n/);
    expect(json('benchmarks/package.json').dependencies).toEqual({
      '@agno/acme-models': 'workspace:*',
      '@agno/core': 'workspace:*',
      zod: '^4',
    });
  });

  it('writes files that pass the repository lint and format rules', async () => {
    await scaffold('model', 'zeta-provider-with-a-rather-long-name');
    await run(bin('biome'), ['check', '--diagnostic-level=error', 'packages', 'benchmarks'], { cwd: root });
  });

  it('the model scaffold typechecks and passes its conformance tests and README example as generated', async () => {
    const { passed, failed, titles, failures } = await checkAndTest('acme-models');
    expect(failures).toEqual([]);
    expect(failed).toBe(0);
    expect(passed).toBeGreaterThanOrEqual(11);
    expect(titles.some((t) => t.includes('Model conformance: @agno/acme-models'))).toBe(true);
    expect(titles).toContain('README examples quick start');
  });

  it('scaffolds a toolkit in another scope that typechecks and passes its schema checks and README example', async () => {
    const { stdout } = await scaffold('tool', 'greetings', '--scope', '@acme');
    expect(stdout).toContain('Created @acme/greetings:');
    expect(json('packages/greetings/package.json').name).toBe('@acme/greetings');
    expect(json('benchmarks/package.json').dependencies['@acme/greetings']).toBe('workspace:*');
    expect(read('.changeset/greetings-initial.md')).toMatch(/^---\n"@acme\/greetings": minor\n---\n/);
    expect(read('packages/greetings/src/toolkit.ts')).toContain('export function greetingsToolkit(');
    expect(read('packages/greetings/README.md')).toContain(
      "import { greetingsToolkit } from '@acme/greetings';",
    );
    expect(read('benchmarks/suites/greetings.bench.ts')).toContain("from '@acme/greetings'");
    const { passed, failed, titles, failures } = await checkAndTest('greetings');
    expect(failures).toEqual([]);
    expect([passed, failed]).toEqual([3, 0]);
    expect(titles).toContain('README examples quick start');
  });

  it('takes a scoped package name as the name', async () => {
    const { stdout } = await scaffold('tool', '@beta/agno-extras');
    expect(stdout).toContain('Created @beta/agno-extras:');
    expect(json('packages/agno-extras/package.json').name).toBe('@beta/agno-extras');
    expect(read('packages/agno-extras/src/toolkit.ts')).toContain('export function agnoExtrasToolkit(');
  });

  it('refuses bad names, scopes, options, unknown kinds and existing packages, writing nothing', async () => {
    const fail = (...args: string[]) =>
      scaffold(...args).then(
        () => 'exit 0',
        (error: { code: number; stderr: string }) => `exit ${error.code}: ${error.stderr.trim()}`,
      );
    expect(await fail('model', 'Acme_Models')).toMatch(
      /^exit 1: create-plugin: "Acme_Models" is not a package name/,
    );
    expect(await fail('model', 'things', '--scope', '@Acme')).toMatch(
      /^exit 1: create-plugin: "@Acme" is not an npm scope/,
    );
    expect(await fail('model', '@acme/things', '--scope', '@beta')).toBe(
      'exit 1: create-plugin: "@acme/things" has the scope @acme but --scope says @beta: give one',
    );
    expect(await fail('model', 'things', '--agno-tarballs', repo)).toBe(
      'exit 1: create-plugin: --agno-tarballs is for a standalone package (--out DIR)',
    );
    expect(await fail('store', 'acme-store')).toMatch(
      /^exit 1: create-plugin: unknown kind "store" \(one of: model, tool\)/,
    );
    expect(await fail('model', 'acme-models')).toBe(
      'exit 1: create-plugin: packages/acme-models exists already; nothing was written',
    );
    expect(await fail('model', 'acme-models', '--scope', '@other')).toBe(
      'exit 1: create-plugin: packages/acme-models exists already; nothing was written',
    );
    expect(await fail('model')).toMatch(
      /^exit 2: usage: pnpm create-plugin <model\|tool> <name> \[--scope @acme\]/,
    );
    expect(await fail('model', 'things', '--colour', 'red')).toMatch(/^exit 2: usage:/);
    for (const dir of ['acme-store', 'things']) expect(existsSync(join(root, 'packages', dir))).toBe(false);
  });
});
