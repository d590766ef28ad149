#!/usr/bin/env node
/**
 * The `agno-loadtest` bin. Ctrl+C stops the test early and still prints the report.
 */
import { runLoadTestCli } from '../loadtest-cli.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await runLoadTestCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  signal: controller.signal,
});
