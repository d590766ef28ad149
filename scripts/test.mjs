#!/usr/bin/env node
/**
 * The whole test suite: install, build, lint, typecheck, then every package's tests.
 * Prints one closing line: `N passed, N failed, N skipped`.
 * Services (PostgreSQL, Chromium) are used when the environment names them; `.ci/run`
 * installs and starts them, then calls this same script.
 * `--no-build` skips the install and the build (done already: `scripts/test-node.mjs` runs the
 * suite again this way on other Node versions).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installAndBuild, pnpm, root } from './pnpm.mjs';

const reportDir = join(root, '.tmp', 'test-reports');
rmSync(reportDir, { recursive: true, force: true });

if (!process.argv.includes('--no-build')) installAndBuild();
const lint = pnpm(['exec', 'biome', 'check', '.', '--diagnostic-level=error'], { allowFail: true });
const architecture = spawnSync(process.execPath, [join(root, 'scripts', 'check-architecture.mjs')], {
  stdio: 'inherit',
}).status;
const typecheck = pnpm(['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'], {
  allowFail: true,
});
const tests = pnpm(['exec', 'turbo', 'run', 'test', '--concurrency=2', '--continue'], {
  allowFail: true,
  env: { AGNO_TEST_REPORT_DIR: reportDir },
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reportDir)) {
  for (const file of readdirSync(reportDir)) {
    const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}
if (lint !== 0) console.error('✗ lint failed');
if (typecheck !== 0) console.error('✗ typecheck failed');
if (architecture !== 0) console.error('✗ architecture check failed');
if (tests !== 0 && failed === 0) failed += 1; // a suite that crashed before reporting
const summary = `${passed} passed, ${failed} failed, ${skipped} skipped`;
mkdirSync(join(root, '.tmp'), { recursive: true });
writeFileSync(join(root, '.tmp', 'test-summary.txt'), `${summary}\n`);
console.log(`\n${summary}`);
process.exit(lint !== 0 || architecture !== 0 || typecheck !== 0 || tests !== 0 || failed > 0 ? 1 : 0);
