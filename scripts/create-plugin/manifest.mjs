/**
 * The package.json of a standalone plugin (a package of its own, outside an agno-ts checkout),
 * made from the template's workspace one: released ranges, or `file:` tarballs written by
 * `pnpm pack-all`, instead of `workspace:` ones; its own test and build tools at the versions
 * agno-ts uses; no `@agno/source` condition; no workspace-only test helpers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRequired } from '../pack-all.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The dev tools a standalone package runs its tests and build with, from agno-ts's root package. */
const TOOLS = ['@types/node', 'typescript', 'vitest'];

/** Versions of this checkout's public packages, by name: their released ranges are `^version`. */
function workspaceVersions() {
  const versions = new Map();
  for (const dir of readdirSync(join(repo, 'packages'))) {
    const file = join(repo, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = readJson(file);
    if (!pkg.private) versions.set(pkg.name, pkg.version);
  }
  return versions;
}

/**
 * The @agno tarballs in `dir` (written by `pnpm pack-all`), by package name: `{ pkg, file }`
 * with the manifest each one holds. Throws when `dir` holds none.
 */
export function readTarballs(dir) {
  const found = new Map();
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tgz')) : [];
  for (const file of files) {
    const text = execFileSync('tar', ['-xOzf', join(dir, file), 'package/package.json'], {
      encoding: 'utf8',
    });
    const pkg = JSON.parse(text);
    found.set(pkg.name, { pkg, file: join(dir, file) });
  }
  if (found.size === 0) {
    throw new Error(
      `--agno-tarballs: no tarballs in ${dir} (\`pnpm pack-all\` in agno-ts writes them to dist-packs/)`,
    );
  }
  return found;
}

const sorted = (deps) => Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));

/**
 * `manifest` (a template's package.json, filled) as a standalone package in `out`. With
 * `tarballs` (from {@link readTarballs}), its @agno dependencies and dev dependencies, and every
 * @agno package those need, are `file:` specs of the tarballs (so one `npm install` finds them
 * all); peer dependencies keep the released range `^version`.
 */
export function standaloneManifest(manifest, { out, tarballs }) {
  const pkg = structuredClone(manifest);
  for (const entry of Object.values(pkg.exports ?? {})) {
    if (typeof entry === 'object') delete entry['@agno/source'];
  }
  pkg.scripts.build = 'tsc -p tsconfig.build.json';
  delete pkg.scripts.lint;
  const versions = workspaceVersions();
  const tarball = (name) => {
    const found = tarballs.get(name);
    if (found === undefined) throw new Error(`--agno-tarballs: no tarball of ${name} there`);
    return `file:${relative(out, found.file).split(sep).join('/')}`;
  };
  const range = (name) => {
    const version = tarballs?.get(name)?.pkg.version ?? versions.get(name);
    if (version === undefined) throw new Error(`${name} is not a public agno-ts package`);
    return `^${version}`;
  };
  const local = (name) => (tarballs === undefined ? range(name) : tarball(name));
  const pin = (deps, to) => {
    delete deps['@agno/test-utils'];
    for (const [name, spec] of Object.entries(deps)) if (spec.startsWith('workspace:')) deps[name] = to(name);
  };
  pin((pkg.peerDependencies ??= {}), range);
  pin((pkg.dependencies ??= {}), local);
  pin((pkg.devDependencies ??= {}), local);
  if (tarballs !== undefined) {
    const direct = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) =>
      tarballs.has(n),
    );
    for (const name of withRequired(direct, tarballs)) {
      if (pkg.dependencies[name] === undefined) pkg.devDependencies[name] ??= tarball(name);
    }
  }
  const tools = readJson(join(repo, 'package.json')).devDependencies;
  for (const name of TOOLS) pkg.devDependencies[name] = tools[name];
  pkg.dependencies = sorted(pkg.dependencies);
  pkg.devDependencies = sorted(pkg.devDependencies);
  return pkg;
}
