/**
 * Where an MCP server is, and the transport that reaches it: a process of our own over stdio
 * (in its own process group, see server-process.ts), or Streamable HTTP, whose session is ended
 * with an HTTP DELETE when the connection closes, as the specification asks.
 */
import { raceSignal } from '@agno/core/utils';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ServerProcess } from './server-process.js';
import { isStdio, type MCPServer, type MCPStdioServer } from './servers.js';

/** A transport with what the connection needs to know about the server behind it. */
export interface ServerLink {
  readonly transport: Transport;
  /** The server's process id (stdio), while it runs. */
  pid(): number | undefined;
  /** The last lines of the server's stderr, for error messages. */
  output(): string;
  /** Stops a frozen server at once (stdio); HTTP has nothing to kill. */
  kill(): void;
  /** Ends the session on the server before the transport closes (HTTP DELETE), within `signal`. */
  endSession(signal: AbortSignal): Promise<void>;
}

/** A link to `server` (nothing starts before the client connects it). */
export function createLink(server: MCPServer): ServerLink {
  if (isStdio(server)) {
    return process.platform === 'win32' ? sdkStdioLink(server) : processLink(new ServerProcess(server));
  }
  const url = server.url instanceof URL ? server.url : new URL(server.url);
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: server.headers === undefined ? undefined : { headers: server.headers },
    fetch: server.fetch,
  });
  return {
    transport,
    pid: () => undefined,
    output: () => '',
    kill: () => {},
    endSession: async (signal) => {
      if (transport.sessionId === undefined || signal.aborted) return;
      // a server that is gone or slow must not hold up close(): the session then expires on its own
      await raceSignal(transport.terminateSession(), signal).catch(() => {});
    },
  };
}

function processLink(transport: ServerProcess): ServerLink {
  return {
    transport,
    pid: () => transport.pid,
    output: () => transport.output,
    kill: () => transport.kill(),
    endSession: async () => {},
  };
}

/** Windows has no process groups to kill (and needs cross-spawn for `npx.cmd`): the SDK's transport. */
function sdkStdioLink(server: MCPStdioServer): ServerLink {
  const transport = new StdioClientTransport({ ...server, stderr: server.stderr ?? 'pipe' });
  let output = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-2000);
  });
  return {
    transport,
    pid: () => transport.pid ?? undefined,
    output: () => output,
    kill: () => {
      const pid = transport.pid;
      if (pid === null) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    endSession: async () => {},
  };
}
