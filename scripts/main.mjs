#!/usr/bin/env node
/**
 * The main job (`npm start`): install, build, run the benchmarks, check them against their
 * budgets and the previous run, build the dashboard and serve it on localhost.
 *
 *   npm start                      short mode: a quick look, a couple of minutes
 *   npm start -- --full            real measurements (several fresh processes per suite)
 *   npm start -- core              only some suites (any `pnpm bench` argument passes through)
 *   npm start -- --no-serve        build the dashboard but do not serve it (also when CI is set)
 *
 * A suite that is missing or fails is reported and the job goes on with the others.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pnpm, root } from './pnpm.mjs';

const args = process.argv.slice(2);
const noServe = args.includes('--no-serve') || Boolean(process.env.CI);
const benchArgs = args.filter((a) => a !== '--no-serve');
const problems = [];

function step(title) {
  console.log(`\n━━ ${title}`);
}

function node(script, scriptArgs) {
  return (
    spawnSync(process.execPath, [join(root, script), ...scriptArgs], { cwd: root, stdio: 'inherit' })
      .status ?? 1
  );
}

step('Installing dependencies');
pnpm(['install', ...(process.env.CI ? ['--frozen-lockfile'] : [])]);

step('Building the packages');
if (
  pnpm(['exec', 'turbo', 'run', 'build', '--continue', '--output-logs=errors-only'], { allowFail: true }) !==
  0
) {
  problems.push('some packages did not build: their suites will fail and be reported');
}

step(`Running the benchmarks (${benchArgs.includes('--full') ? 'full' : 'short'} mode)`);
if (node('benchmarks/bin/bench.mjs', benchArgs) !== 0)
  problems.push('some suites failed (see the summary above)');

step('Checking against the budgets and the previous run');
node('benchmarks/bin/check.mjs', []);

step('Building the dashboard');
if (pnpm(['--filter', '@agno/dashboard', 'run', 'build'], { allowFail: true }) !== 0) {
  console.error('✗ the dashboard did not build');
  process.exit(1);
}

for (const p of problems) console.log(`! ${p}`);
console.log(`\nResults: ${join(root, 'benchmarks', 'results', 'latest.json')}`);
console.log(`Dashboard (static files): ${join(root, 'apps', 'dashboard', 'dist')}`);
if (noServe) {
  console.log('Serve it with: pnpm --filter @agno/dashboard serve');
} else {
  step('Serving the dashboard');
  node('apps/dashboard/bin/serve.mjs', []);
}
