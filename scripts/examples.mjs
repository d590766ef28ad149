#!/usr/bin/env node
/**
 * Typechecks and runs the example apps of `examples/`:
 *
 *   node scripts/examples.mjs                  # build (turbo, cached), typecheck, run every example
 *   node scripts/examples.mjs mcp serving      # some of them (folder names)
 *   node scripts/examples.mjs --no-build       # dist must be current (CI, after `npm test`)
 *
 * The examples import the packages by name, as an app does. They are not a workspace package (no
 * install needed): `examples/node_modules` is made of links to the workspace's built packages and
 * to the third-party packages the examples import (`examples/package.json` lists them all), taken
 * from the workspace packages that depend on them. Each example runs in a fresh process (tsx) and
 * passes when it exits with 0 and prints every text its line in `examples/README.md` quotes after
 * "Prints". An example folder without a README line, or a line without a folder, fails.
 * Exit code 1 when the typecheck or an example fails. No network: the examples use the scripted model.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const TIMEOUT_MS = 120_000;

/** Runs a command; never throws: `{ code, out }` with stdout and stderr together, killed after `timeoutMs`. */
function run(cmd, args, { cwd = root, timeoutMs = TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => {
      out += `\n(killed after ${timeoutMs / 1000}s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => (out += error.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}

/** The workspace packages by name: `{ name → folder }`. */
function workspacePackages() {
  const found = new Map();
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const dir of readdirSync(base)) {
      const file = join(base, dir, 'package.json');
      if (existsSync(file)) found.set(JSON.parse(readFileSync(file, 'utf8')).name, join(base, dir));
    }
  }
  return found;
}

/**
 * Links every dependency of `examples/package.json` into `examples/node_modules`: a workspace
 * package to its folder, any other to the copy a workspace package has installed. A real install
 * already there (the folder made a workspace package) is left as it is. Returns what it could not find.
 */
function linkDependencies() {
  const { dependencies } = JSON.parse(readFileSync(join(examplesDir, 'package.json'), 'utf8'));
  const workspace = workspacePackages();
  const holders = [...workspace.values(), join(root, 'benchmarks'), root];
  const missing = [];
  for (const name of Object.keys(dependencies)) {
    const link = join(examplesDir, 'node_modules', name);
    let exists = false;
    try {
      exists = lstatSync(link) !== undefined;
    } catch {}
    if (exists) continue;
    const target =
      workspace.get(name) ??
      holders.map((dir) => join(dir, 'node_modules', name)).find((candidate) => existsSync(candidate));
    if (target === undefined) {
      missing.push(name);
      continue;
    }
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(target), link, 'dir');
  }
  return missing;
}

/**
 * The examples `examples/README.md` lists: `- [name](name/main.ts): … Prints `a` and `b`.`, an item
 * going on over the indented lines below it. `expected`: the quoted texts after "Prints".
 */
export function listedExamples(readme) {
  const items = [];
  for (const match of readme.matchAll(/^- \[([\w-]+)\]\(([\w-]+\/[\w.-]+)\)(.*(?:\n {2}.*)*)/gm)) {
    const [, name, file, text] = match;
    const prints = text.split(/\bPrints\b/)[1] ?? '';
    items.push({ name, file, expected: [...prints.matchAll(/`([^`]+)`/g)].map((m) => m[1]) });
  }
  return items;
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  const started = performance.now();
  if (!args.includes('--no-build')) {
    console.log('building (turbo, cached)...');
    const built = await run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
      timeoutMs: 30 * 60_000,
    });
    if (built.code !== 0) {
      console.error(built.out);
      return 1;
    }
  }

  const missing = linkDependencies();
  if (missing.length > 0) {
    console.error(`✗ not installed in the workspace: ${missing.join(', ')} (examples/package.json)`);
    return 1;
  }

  const listed = listedExamples(readFileSync(join(examplesDir, 'README.md'), 'utf8'));
  const folders = readdirSync(examplesDir).filter((d) => existsSync(join(examplesDir, d, 'main.ts')));
  const problems = [
    ...folders
      .filter((d) => !listed.some((e) => e.name === d))
      .map((d) => `${d}/ has no line in examples/README.md`),
    ...listed
      .filter((e) => !existsSync(join(examplesDir, e.file)))
      .map((e) => `examples/${e.file} does not exist`),
    ...listed
      .filter((e) => e.expected.length === 0)
      .map((e) => `${e.name}: its README line quotes nothing it prints`),
  ];
  for (const problem of problems) console.error(`✗ ${problem}`);

  const require = createRequire(join(root, 'benchmarks', 'package.json'));
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const typecheck = await run(process.execPath, [tsc, '-p', join(examplesDir, 'tsconfig.json')]);
  console.log(typecheck.code === 0 ? '✓ typecheck' : `✗ typecheck\n${typecheck.out}`);

  const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const selected = listed.filter((e) => only.length === 0 || only.includes(e.name));
  let failed = 0;
  for (const example of selected) {
    const t0 = performance.now();
    const ran = await run(process.execPath, [tsx, basename(example.file)], {
      cwd: join(examplesDir, dirname(example.file)),
    });
    const absent = example.expected.filter((text) => !ran.out.includes(text));
    const ok = ran.code === 0 && absent.length === 0;
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${ok ? '✓' : '✗'} ${example.name} (${seconds}s)`);
    if (!ok) {
      failed += 1;
      if (ran.code !== 0) console.log(`  exit code ${ran.code}`);
      for (const text of absent) console.log(`  did not print: ${text}`);
      console.log(`  output:\n${ran.out.replace(/^/gm, '    ')}`);
    }
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(`\n${selected.length - failed}/${selected.length} examples pass (${seconds}s)`);
  return failed > 0 || typecheck.code !== 0 || problems.length > 0 ? 1 : 0;
}

if (basename(process.argv[1] ?? '') === 'examples.mjs') process.exitCode = await main();
