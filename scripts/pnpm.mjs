/**
 * Finds pnpm (the version pinned in package.json's `packageManager`), or runs it through npx,
 * so that a machine with only Node and npm can set everything up.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function pnpmCommand() {
  try {
    const version = execFileSync('pnpm', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (version === pinned) return ['pnpm'];
  } catch {}
  return ['npx', '--yes', `pnpm@${pinned}`];
}

const command = pnpmCommand();

/** Runs pnpm with `args` in the repository root; exits the process when it fails (unless `allowFail`). */
export function pnpm(args, { allowFail = false, env } = {}) {
  const [bin, ...pre] = command;
  const result = spawnSync(bin, [...pre, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0 && !allowFail) {
    console.error(`\n✗ pnpm ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  return result.status ?? 1;
}

/** Installs dependencies (frozen lockfile in CI) and builds every package. */
export function installAndBuild() {
  pnpm(['install', ...(process.env.CI ? ['--frozen-lockfile'] : [])]);
  pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}
