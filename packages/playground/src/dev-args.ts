/** The arguments of `agno dev`: the app module, where to listen, the price table, the shutdown deadline. */
import { parseArgs } from 'node:util';
import { UsageError, wholeNumber } from '@agno/server/node';

export { UsageError };

/** Usage text of `agno`. */
export const USAGE = `usage: agno dev <app> [options]

Serves the AgnoServer (or the ServerOptions) that <app> exports, as agno-server does, with the
playground page at /playground/: chat with its agents, teams and workflows, approve tool calls,
browse sessions and run timelines. For development: it listens on 127.0.0.1 unless told otherwise.
<app> is an ES module: .js, .mjs, or .ts when Node runs TypeScript.

options
  -p, --port <n>                port (default 3000; 0 picks a free one)
      --host <address>          interface (default 127.0.0.1)
      --prices <file.json>      model prices per million tokens by provider:modelId, for run costs
      --shutdown-timeout <ms>   deadline for runs in flight at shutdown (default 5000)
  -h, --help                    show this text`;

/** What `agno dev` was asked to do. */
export interface DevArgs {
  help: boolean;
  app: string;
  port: number;
  host: string;
  prices: string | undefined;
  shutdownTimeoutMs: number;
}

/** Parses `argv` (without node and the script: `dev app.ts --port 3000`); throws {@link UsageError}. */
export function parseDevArgs(argv: string[]): DevArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const [command, ...rest] = positionals;
  if (!help && command !== 'dev') {
    throw new UsageError(command === undefined ? 'name a command: dev' : `unknown command "${command}"`);
  }
  if (!help && rest.length !== 1) {
    throw new UsageError(rest.length === 0 ? 'name the app module to serve' : 'name one app module');
  }
  return {
    help,
    app: rest[0] ?? '',
    port: values.port === undefined ? 3000 : wholeNumber(values.port, 'port', 65_535),
    host: values.host ?? '127.0.0.1',
    prices: values.prices,
    shutdownTimeoutMs:
      values['shutdown-timeout'] === undefined
        ? 5000
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
      prices: { type: 'string' },
      'shutdown-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
