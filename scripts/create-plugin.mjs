#!/usr/bin/env node
/**
 * Scaffolds a plugin package from templates/<kind>, in this repository or as a package of its own:
 *
 *   pnpm create-plugin model my-provider             # packages/my-provider, @agno/my-provider
 *   pnpm create-plugin tool weather --scope @acme    # packages/weather, @acme/weather
 *   node path/to/agno-ts/scripts/create-plugin.mjs model @acme/agno-weather --out ../agno-weather
 *   node path/to/agno-ts/scripts/create-plugin.mjs tool agno-weather      # outside a checkout: ./agno-weather
 *     --agno-tarballs path/to/agno-ts/dist-packs     # standalone, on the tarballs of `pnpm pack-all`
 *   node scripts/create-plugin.mjs model x --root /some/checkout   # another checkout (tests)
 *
 * In a checkout (the default when run inside one): packages/<name> (package `@agno/<name>`
 * unless a scope or a scoped name says otherwise; exports map with the `@agno/source` condition,
 * the repository's tsconfig and vitest settings, src with a working implementation and tests
 * wired to the conformance suites, a README whose examples `src/readme.test.ts` runs),
 * benchmarks/suites/<name>.bench.ts and .changeset/<name>-initial.md, and the package added to
 * benchmarks/package.json so the runner can import it. Then: `pnpm install`, `pnpm --filter
 * <package> test`.
 *
 * Standalone (`--out DIR`, or run outside a checkout): a self-contained package in DIR, unscoped
 * unless told: `@agno/core` as a peer and dev dependency at its released range (or the tarball
 * given by `--agno-tarballs`), its own vitest, typescript and tsconfig, no benchmark suite or
 * changeset. Then: `npm install`, `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentFile, KINDS, templateFiles } from './create-plugin/layout.mjs';
import { readTarballs, standaloneManifest } from './create-plugin/manifest.mjs';
import { fill, names, packageName } from './create-plugin/names.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Where a standalone package's README links "agno-ts". */
const AGNO_LINK = 'https://www.npmjs.com/package/@agno/core';

/**
 * Scaffolds `kind` as `name`. In a checkout: `{ root }` (the repository root). Standalone:
 * `{ out }` (an absent or empty folder), with `agnoTarballs` (a folder of `pnpm pack-all`
 * tarballs) to depend on those. `scope` (`@acme`) applies to an unscoped `name`; the default is
 * `@agno` in a checkout and none standalone. Returns the package name and the files written
 * (relative to the root or to `out`). Writes nothing when it throws.
 */
export function createPlugin(kind, name, { scope, root, out, agnoTarballs } = {}) {
  if (!KINDS.includes(kind)) throw new Error(`unknown kind "${kind}" (one of: ${KINDS.join(', ')})`);
  const mode = out === undefined ? 'repo' : 'standalone';
  if (mode === 'repo' && root === undefined) throw new Error('give the repository root or --out DIR');
  if (mode === 'repo' && agnoTarballs !== undefined) {
    throw new Error('--agno-tarballs is for a standalone package (--out DIR)');
  }
  const { pkg, base } = packageName(name, scope, mode === 'repo' ? '@agno' : undefined);
  const dest = mode === 'repo' ? root : out;
  const files = templateFiles(kind, base, mode);
  if (mode === 'repo') {
    for (const to of [join('packages', base), ...files.map((f) => f.to)]) {
      if (existsSync(join(root, to))) throw new Error(`${to} exists already; nothing was written`);
    }
  } else if (existsSync(out) && readdirSync(out).length > 0) {
    throw new Error(`${out} is not empty; nothing was written`);
  }
  const tarballs = agnoTarballs === undefined ? undefined : readTarballs(resolve(agnoTarballs));

  const values = { ...names(pkg, base), agno: mode === 'repo' ? '../../README.md' : AGNO_LINK };
  values.development = fill(readFileSync(developmentFile(mode), 'utf8'), values).trimEnd();
  const texts = files.map(({ from, to }) => {
    const text = fill(readFileSync(from, 'utf8'), values);
    if (mode === 'repo' || to !== 'package.json') return text;
    return `${JSON.stringify(standaloneManifest(JSON.parse(text), { out, tarballs }), null, 2)}\n`;
  });
  files.forEach(({ to }, i) => {
    mkdirSync(dirname(join(dest, to)), { recursive: true });
    writeFileSync(join(dest, to), texts[i]);
  });
  const written = files.map((f) => f.to);
  if (mode === 'repo' && addToBenchmarks(root, pkg)) written.push(join('benchmarks', 'package.json'));
  format(
    dest,
    written.filter((f) => f.endsWith('.ts')),
  );
  return { pkg, files: written };
}

/** Adds `pkg` to benchmarks/package.json (the runner imports suites' packages by name), if there is one. */
function addToBenchmarks(root, pkg) {
  const file = join(root, 'benchmarks', 'package.json');
  if (!existsSync(file)) return false;
  const manifest = readJson(file);
  manifest.dependencies = Object.fromEntries(
    Object.entries({ ...manifest.dependencies, [pkg]: 'workspace:*' }).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return true;
}

/**
 * Sorts imports and formats the new files with this repository's Biome and its settings (names
 * change line lengths and import order); skipped when Biome is not installed.
 */
function format(dir, files) {
  const biome = join(here, '..', 'node_modules', '.bin', 'biome');
  if (!existsSync(biome) || files.length === 0) return;
  // Outside a checkout (standalone), with the settings of the checkout the script is in.
  const config = existsSync(join(dir, 'biome.json')) ? [] : ['--config-path', join(here, '..', 'biome.json')];
  try {
    const args = ['check', '--write', '--no-errors-on-unmatched', ...config, ...files];
    execFileSync(biome, args, { cwd: dir, stdio: 'pipe' });
  } catch (error) {
    console.warn(`create-plugin: biome could not format the new files:\n${error.stdout ?? error.message}`);
  }
}

/** The root of the agno-ts checkout `dir` is in, if any. */
function findCheckout(dir) {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (
      existsSync(join(d, 'pnpm-workspace.yaml')) &&
      existsSync(manifest) &&
      readJson(manifest).name === 'agno-ts'
    ) {
      return d;
    }
    if (dirname(d) === d) return undefined;
  }
}

const FLAGS = { '--scope': 'scope', '--out': 'out', '--agno-tarballs': 'agnoTarballs', '--root': 'root' };
const USAGE = `usage: pnpm create-plugin <${KINDS.join('|')}> <name> [--scope @acme] [--out DIR] [--agno-tarballs DIR] [--root DIR]`;

/** `args` as `{ positional, options }`; throws on an unknown flag or one without its value. */
function parseArgs(args) {
  const positional = [];
  const options = {};
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith('--')) {
      positional.push(args[i]);
      continue;
    }
    const [flag, inline] = args[i].split(/=(.*)/s);
    const value = inline ?? args[++i];
    if (!(flag in FLAGS) || value === undefined || value === '') throw new Error(`bad option ${flag}`);
    options[FLAGS[flag]] = value;
  }
  return { positional, options };
}

function main(argv) {
  let parsed;
  try {
    parsed = parseArgs(argv.slice(2));
  } catch {
    parsed = { positional: [] };
  }
  const { positional, options } = parsed;
  if (positional.length !== 2 || (options.root !== undefined && options.out !== undefined)) {
    console.error(USAGE);
    return 2;
  }
  const [kind, name] = positional;
  const root = options.root ?? (options.out === undefined ? findCheckout(process.cwd()) : undefined);
  const out = options.out ?? (root === undefined ? name.split('/').pop() : undefined);
  try {
    const { pkg, files } = createPlugin(kind, name, {
      ...options,
      root: root && resolve(root),
      out: out && resolve(out),
    });
    const folder = out === undefined ? undefined : relative(process.cwd(), resolve(out)) || '.';
    console.log(`Created ${pkg}${folder ? ` in ${folder}` : ''}:\n${files.map((f) => `  ${f}`).join('\n')}`);
    const next = folder
      ? `cd ${folder} && npm install && npm test`
      : `pnpm install && pnpm --filter ${pkg} test`;
    console.log(`\nNext: ${next}`);
    return 0;
  } catch (error) {
    console.error(`create-plugin: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv);
}
