/**
 * MCP over stdio for local clients (Claude Desktop, IDEs): JSON-RPC on the process's stdin and
 * stdout. Serving ends when stdin ends (the client closed it) or the signal aborts; the agents,
 * their stores and toolkits stay open: closing them is the caller's.
 */
import type { Readable, Writable } from 'node:stream';
import { linkSignal } from '@agno/core';
import { buildCatalog } from './catalog.js';
import type { McpServerOptions } from './options.js';
import { serverFor } from './server.js';

/** Options of {@link serveStdio}. */
export interface ServeStdioOptions extends McpServerOptions {
  /** The local user: runs get it as `userId`. */
  userId?: string;
  /** Stops serving (calls in flight abort). */
  signal?: AbortSignal;
  /** Where requests come from. Default `process.stdin`. */
  stdin?: Readable;
  /** Where answers go. Default `process.stdout` (so never log to stdout while serving). */
  stdout?: Writable;
}

/**
 * Serves `options`' agents, tools, workflows and teams over stdio. Resolves when stdin ends or
 * `signal` aborts, after the server closed (calls still in flight are aborted). Throws a
 * `ConfigError` as `createMcpServer` does.
 */
export async function serveStdio(options: ServeStdioOptions): Promise<void> {
  const catalog = buildCatalog(options);
  // Loaded here, so that the entry stays free of Node-only modules for web runtimes.
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const stdin = options.stdin ?? process.stdin;
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const server = serverFor(catalog, options, { userId: options.userId });
  let unlink = () => {};
  const ended = new Promise<void>((resolve) => {
    if (stdin.readableEnded) resolve();
    stdin.once('end', resolve);
    stdin.once('close', resolve);
    if (options.signal !== undefined) unlink = linkSignal(options.signal, () => resolve());
    transport.onclose = resolve;
  });
  await server.connect(transport);
  try {
    await ended;
  } finally {
    unlink();
    await server.close();
  }
}
