/**
 * `create-plugin` outside a checkout: a package of its own, as a plugin author gets it. The
 * files are checked on every run; the full check (scaffold each kind against the tarballs of
 * `pnpm pack-all`, `npm install` in a temp folder outside the repository, typecheck, run the
 * package's own tests) takes over a minute and the npm registry, so it runs when
 * AGNO_TEST_STANDALONE_PLUGIN=1 (once, in `.ci/run`). It reuses `dist-packs/` when present.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const script = join(repo, 'scripts', 'create-plugin.mjs');
const full = process.env.AGNO_TEST_STANDALONE_PLUGIN === '1';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agno-plugin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the scaffolder in `cwd` (default: the temp folder, outside any checkout). */
const scaffold = (args: string[], cwd = dir) => run(process.execPath, [script, ...args], { cwd });
const read = (path: string) => readFileSync(join(dir, path), 'utf8');
const json = (path: string) => JSON.parse(read(path));

describe('create-plugin, standalone', () => {
  it('outside a checkout writes ./<name>: unscoped, released @agno ranges, its own tools and configs', async () => {
    const { stdout } = await scaffold(['model', 'agno-weather']);
    expect(stdout).toContain('Created agno-weather in agno-weather:');
    expect(stdout).toContain('Next: cd agno-weather && npm install && npm test');
    const pkg = json('agno-weather/package.json');
    const tools = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies;
    const core = JSON.parse(readFileSync(join(repo, 'packages', 'core', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('agno-weather');
    expect(pkg.exports['.']).toEqual({
      types: './dist/index.d.ts',
      import: './dist/index.js',
      default: './dist/index.js',
    });
    expect(pkg.scripts).toEqual({
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      test: 'vitest run',
    });
    expect(pkg.dependencies).toEqual({ '@agno/models-openai': `^${core.version}` });
    expect(pkg.peerDependencies).toEqual({ '@agno/core': `^${core.version}` });
    expect(pkg.devDependencies).toEqual({
      '@agno/core': `^${core.version}`,
      '@types/node': tools['@types/node'],
      typescript: tools.typescript,
      vitest: tools.vitest,
    });
    expect(JSON.stringify(pkg)).not.toMatch(/workspace:|@agno\/source|test-utils/);
    expect(json('agno-weather/tsconfig.json').extends).toBeUndefined();
    expect(read('agno-weather/tsconfig.build.json')).not.toContain('tsconfig.base');
    expect(read('agno-weather/vitest.config.ts')).not.toContain('vitest.shared');
    expect(read('agno-weather/README.md')).toContain("import { agnoWeather } from 'agno-weather';");
    expect(read('agno-weather/README.md')).toContain('`npm test`');
    expect(read('agno-weather/README.md')).not.toMatch(/\.\.\/\.\.\/|pnpm|__\w+__/);
    for (const absent of [
      'benchmarks',
      '.changeset',
      'agno-weather/_bench.ts',
      'agno-weather/_changeset.md',
    ]) {
      expect(existsSync(join(dir, absent)), absent).toBe(false);
    }
  });

  it('--out with a scoped name; refuses a folder that is not empty, writing nothing', async () => {
    const { stdout } = await scaffold(['tool', 'greetings', '--scope', 'acme', '--out', 'out/greetings']);
    expect(stdout).toContain('Created @acme/greetings in out/greetings:');
    expect(json('out/greetings/package.json').name).toBe('@acme/greetings');
    expect(read('out/greetings/.gitignore')).toContain('node_modules/');
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'notes.txt'), 'mine');
    const error = await scaffold(['tool', 'greetings', '--out', 'busy']).catch((e) => e);
    expect(error.stderr.trim()).toBe(`create-plugin: ${join(dir, 'busy')} is not empty; nothing was written`);
    const missing = await scaffold(['tool', 'x', '--out', 'x', '--agno-tarballs', 'nowhere']).catch((e) => e);
    expect(missing.stderr).toContain('--agno-tarballs: no tarballs in');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('--out inside the checkout is standalone too', async () => {
    const out = join(dir, 'from-repo');
    await scaffold(['model', '@acme/from-repo', '--out', out], repo);
    expect(json('from-repo/package.json').peerDependencies['@agno/core']).toMatch(/^\^\d/);
    expect(existsSync(join(repo, 'packages', 'from-repo'))).toBe(false);
  });

  it.skipIf(!full)(
    'on the pack-all tarballs, each kind installs with npm, typechecks and passes its own tests (AGNO_TEST_STANDALONE_PLUGIN=1)',
    async () => {
      const packs = join(repo, 'dist-packs');
      if (!existsSync(packs) || !readdirSync(packs).some((f) => /^agno-core-.+\.tgz$/.test(f))) {
        await run(process.execPath, [join(repo, 'scripts', 'pack-all.mjs')], {
          cwd: repo,
          maxBuffer: 2 ** 26,
        });
      }
      const results = await Promise.all(
        [
          ['model', '@acme/agno-weather', 'weather-pkg'],
          ['tool', 'agno-greetings', 'greetings-pkg'],
        ].map(async ([kind, name, folder]) => {
          await scaffold([kind!, name!, '--out', folder!, '--agno-tarballs', packs]);
          const cwd = join(dir, folder!);
          expect(json(`${folder}/package.json`).devDependencies['@agno/core']).toMatch(
            /^file:.*agno-core-.*\.tgz$/,
          );
          const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
            cwd,
          });
          expect(install.stderr).not.toMatch(/peer|ERESOLVE/i);
          await run(join(cwd, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd });
          const { stdout } = await run(
            join(cwd, 'node_modules', '.bin', 'vitest'),
            ['run', '--reporter=json'],
            {
              cwd,
              maxBuffer: 2 ** 24,
            },
          );
          const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
          const titles = report.testResults.flatMap((f: any) =>
            f.assertionResults.map((a: any) => a.fullName),
          );
          return { kind, passed: report.numPassedTests, failed: report.numFailedTests, titles };
        }),
      );
      const [model, tool] = results;
      expect([model!.failed, tool!.failed]).toEqual([0, 0]);
      expect(model!.passed).toBeGreaterThanOrEqual(11);
      expect(model!.titles.some((t: string) => t.includes('Model conformance: @acme/agno-weather'))).toBe(
        true,
      );
      expect(model!.titles).toContain('README examples quick start');
      expect(tool!.passed).toBe(3);
      expect(tool!.titles).toContain('README examples quick start');
    },
    600_000,
  );
});
