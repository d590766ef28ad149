/** The arguments of `agno-server`: the app module, where to listen, and the shutdown deadline. */
import { parseArgs } from 'node:util';

/** Usage text of `agno-server`. */
export const USAGE = `usage: agno-server <app> [options]

Serves the AgnoServer (or the ServerOptions) that <app> exports as its default export or as
"server". <app> is an ES module: .js, .mjs, or .ts when Node runs TypeScript (Node >= 22.6 with
--experimental-strip-types, on by default from Node 23.6).

SIGTERM or Ctrl+C stops accepting requests, lets runs in flight finish (cancelling them at the
shutdown deadline), closes the agents and stores, and exits 0. A second signal exits at once.

options
  -p, --port <n>                port (default 3000; 0 picks a free one)
      --host <address>          interface (default 127.0.0.1; 0.0.0.0 for every interface)
      --shutdown-timeout <ms>   deadline for runs in flight at shutdown (default 30000)
  -h, --help                    show this text`;

/** Bad usage: the message is printed with {@link USAGE}, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What `agno-server` was asked to do. */
export interface ServeArgs {
  help: boolean;
  app: string;
  port: number;
  host: string;
  shutdownTimeoutMs: number;
}

/** `text` as a whole number from 0 to `max`; a {@link UsageError} naming `--name` otherwise. */
export function wholeNumber(text: string, name: string, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > max) {
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}, got "${text}"`);
  }
  return n;
}

/** Parses `argv` (without node and the script); throws {@link UsageError}. */
export function parseServeArgs(argv: string[]): ServeArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (!help && positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'name the app module to serve' : 'name one app module');
  }
  return {
    help,
    app: positionals[0] ?? '',
    port: values.port === undefined ? 3000 : wholeNumber(values.port, 'port', 65_535),
    host: values.host ?? '127.0.0.1',
    shutdownTimeoutMs:
      values['shutdown-timeout'] === undefined
        ? 30_000
        : wholeNumber(values['shutdown-timeout'], 'shutdown-timeout', 2_147_483_647),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'shutdown-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
