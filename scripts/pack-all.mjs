#!/usr/bin/env node
/**
 * Writes an installable tarball of every public package into `dist-packs/`, for apps to use the
 * packages while they are not on a registry:
 *
 *   pnpm pack-all                        # build (turbo, cached), pack all, print the install command
 *   pnpm pack-all server models-mock     # ...and print the command for these packages (folder or package names)
 *   pnpm pack-all --no-build             # dist must be current
 *
 * `pnpm pack` rewrites `workspace:` ranges to the packages' versions. The printed command is one
 * `npm install` of the named packages' tarballs together with the tarballs of every @agno package
 * they need (dependencies and peer dependencies that are not optional, such as @agno/core), so npm
 * finds them all in that one install; other peers (zod...) npm installs itself from the registry.
 * `dist-packs/` is emptied first and ignores itself in git.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const packDir = join(root, 'dist-packs');

/** The public packages under `packages/`: `{ dir, pkg }` by package name. */
function publicPackages() {
  const found = new Map();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (!pkg.private) found.set(pkg.name, { dir, pkg });
  }
  return found;
}

/** `names` with every @agno package they need (dependencies, and peers that are not optional). */
export function withRequired(names, all) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || !all.has(name)) return;
    seen.add(name);
    const { pkg } = all.get(name);
    const optional = pkg.peerDependenciesMeta ?? {};
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) {
      if (optional[dep]?.optional !== true) visit(dep);
    }
  };
  for (const name of names) visit(name);
  return [...seen];
}

/** The tarball file name `pnpm pack` gives a package: `@agno/core@0.1.0` → `agno-core-0.1.0.tgz`. */
export const tarballName = (pkg) => `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;

async function main() {
  const args = process.argv.slice(2);
  const all = publicPackages();
  const wanted = args.filter((a) => !a.startsWith('--')).map((a) => (all.has(a) ? a : `@agno/${a}`));
  const unknown = wanted.filter((name) => !all.has(name));
  if (unknown.length > 0) {
    console.error(`✗ not a public package: ${unknown.join(', ')} (known: ${[...all.keys()].join(', ')})`);
    return 2;
  }
  if (!args.includes('--no-build')) {
    console.log('building (turbo, cached)...');
    try {
      await exec('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
        cwd: root,
        maxBuffer: 2 ** 26,
      });
    } catch (error) {
      console.error(`${error.stdout ?? ''}${error.stderr ?? ''}` || error.message);
      return 1;
    }
  }

  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  writeFileSync(join(packDir, '.gitignore'), '*\n');
  let failed = 0;
  for (const { dir, pkg } of all.values()) {
    try {
      await exec('pnpm', ['pack', '--pack-destination', packDir], { cwd: join(root, 'packages', dir) });
    } catch (error) {
      failed += 1;
      console.error(`✗ ${pkg.name}: ${(error.stderr || error.message).trim().split('\n')[0]}`);
      continue;
    }
    if (!existsSync(join(packDir, tarballName(pkg)))) {
      failed += 1;
      console.error(`✗ ${pkg.name}: pnpm pack wrote no ${tarballName(pkg)}`);
    }
  }
  const written = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  console.log(`${written.length} tarballs in ${relative(process.cwd(), packDir) || '.'}/`);

  const names = withRequired(wanted.length > 0 ? wanted : [...all.keys()], all);
  const paths = names.map((name) => join(packDir, tarballName(all.get(name).pkg)));
  console.log(
    `\nInstall ${wanted.length > 0 ? wanted.join(', ') : 'all of them'} into an app (run it in the app's folder):`,
  );
  console.log(`  npm install ${paths.join(' ')}`);
  return failed > 0 ? 1 : 0;
}

if (basename(process.argv[1] ?? '') === 'pack-all.mjs') process.exitCode = await main();
