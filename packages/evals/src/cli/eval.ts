#!/usr/bin/env node
/**
 * The `agno-eval` bin. Ctrl+C stops the eval: unfinished cases end as aborted and the report
 * still prints.
 */
import { runEvalCli } from './run-cli.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await runEvalCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  signal: controller.signal,
});
