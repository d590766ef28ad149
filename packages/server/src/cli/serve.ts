#!/usr/bin/env node
/**
 * The `agno-server` bin: `agno-server app.js [--port 3000] [--host 127.0.0.1]
 * [--shutdown-timeout 30000]`. Prints one `listening on http://...` line; on SIGTERM or SIGINT it
 * shuts down gracefully (runs in flight finish or are cancelled at the deadline) and exits 0.
 */
import { errorMessage } from '@agno/core';
import { listen } from '../node/index.js';
import { parseServeArgs, USAGE, UsageError } from './args.js';
import { loadApp } from './load-app.js';

const fail = (message: string, code: number): void => {
  process.stderr.write(`agno-server: ${message}\n`);
  process.exitCode = code;
};

async function main(argv: string[]): Promise<void> {
  let args: ReturnType<typeof parseServeArgs>;
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return fail(`${error.message}\n\n${USAGE}`, 2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let server: Awaited<ReturnType<typeof loadApp>>;
  try {
    server = await loadApp(args.app, process.cwd());
  } catch (error) {
    return fail(errorMessage(error), 1);
  }
  let http: Awaited<ReturnType<typeof listen>>;
  try {
    http = await listen(server, {
      port: args.port,
      hostname: args.host,
      handleSignals: true,
      shutdownTimeoutMs: args.shutdownTimeoutMs,
    });
  } catch (error) {
    await server.close().catch(() => {});
    return fail(`cannot listen on ${args.host}:${args.port}: ${errorMessage(error)}`, 1);
  }
  process.stdout.write(`listening on ${http.url}\n`);
  // `listen` closes on the first signal; this waits for that same close, then exits. A second
  // signal ends the process at once.
  const force = (signal: NodeJS.Signals) => {
    process.stderr.write(`agno-server: ${signal} again: exiting without waiting\n`);
    process.exit(1);
  };
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`agno-server: ${signal}: shutting down (runs in flight: ${server.running})\n`);
    process.once('SIGTERM', force);
    process.once('SIGINT', force);
    http.close({ timeoutMs: args.shutdownTimeoutMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`agno-server: shutdown failed: ${errorMessage(error)}\n`);
        process.exit(1);
      },
    );
  };
  const onTerm = () => {
    process.off('SIGINT', onInt);
    stop('SIGTERM');
  };
  const onInt = () => {
    process.off('SIGTERM', onTerm);
    stop('SIGINT');
  };
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onInt);
}

await main(process.argv.slice(2));
