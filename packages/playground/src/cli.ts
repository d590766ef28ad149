#!/usr/bin/env node
/**
 * The `agno` bin: `agno dev app.ts [--port 3000] [--host 127.0.0.1] [--prices prices.json]`.
 * Prints where the playground is; Ctrl+C or SIGTERM closes the server (runs in flight get the
 * shutdown deadline) and exits 0, a second signal at once.
 */
import { errorMessage } from '@agno/core';
import { startDev } from './dev.js';
import { parseDevArgs, USAGE, UsageError } from './dev-args.js';

const fail = (message: string, code: number): void => {
  process.stderr.write(`agno: ${message}\n`);
  process.exitCode = code;
};

async function main(argv: string[]): Promise<void> {
  let args: ReturnType<typeof parseDevArgs>;
  try {
    args = parseDevArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return fail(`${error.message}\n\n${USAGE}`, 2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let dev: Awaited<ReturnType<typeof startDev>>;
  try {
    dev = await startDev({
      app: args.app,
      port: args.port,
      host: args.host,
      ...(args.prices === undefined ? {} : { prices: args.prices }),
    });
  } catch (error) {
    return fail(errorMessage(error), 1);
  }
  process.stdout.write(`playground on ${dev.playgroundUrl}\nAPI on ${dev.url}\n`);
  // The first signal closes the server (runs in flight get the deadline), a second one exits at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`agno: ${signal}: shutting down\n`);
    dev.close({ timeoutMs: args.shutdownTimeoutMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        fail(`shutdown failed: ${errorMessage(error)}`, 1);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main(process.argv.slice(2));
