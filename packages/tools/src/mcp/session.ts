/**
 * One MCP session: the SDK client on a transport, connected with a handshake deadline, offering
 * `roots` when configured, and closed without waiting on a server that is gone. Sampling and
 * elicitation are not offered: a server asking for them is told the method is not supported.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, TimeoutError, ToolError } from '@agno/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, ListRootsRequestSchema, type Root } from '@modelcontextprotocol/sdk/types.js';
import { describe, isMcpError, outputTail } from './mcp-errors.js';
import type { MCPServer } from './servers.js';
import { createLink, type ServerLink } from './transport.js';

/** A root folder offered to the server: a path, or a `file://` URI with an optional name. */
export type MCPRoot = string | { uri: string; name?: string };

/** A live session. */
export interface Session {
  readonly client: Client;
  readonly link: ServerLink;
  /** False once the transport closed or the session was dropped. */
  alive: boolean;
  /** True while a health check runs. */
  probing: boolean;
}

/** What {@link openSession} needs. */
export interface SessionOptions {
  name: string;
  server: MCPServer;
  connectTimeoutMs: number;
  /** The roots to answer `roots/list` with; undefined: the capability is not declared. */
  roots: () => Root[] | undefined;
  /** The transport closed (the server exited, the stream broke). */
  onClose(session: Session): void;
  /** The transport reported an error. */
  onError(session: Session): void;
}

const CLIENT_INFO = { name: 'agno-ts', version: '0.1.0' };
/** Time allowed to end an HTTP session on close. */
const END_SESSION_MS = 2000;

/** The roots in the protocol's form; a URI that is not `file://` is a ConfigError. */
export function toRoots(roots: readonly MCPRoot[]): Root[] {
  return roots.map((root) => {
    if (typeof root === 'string') return { uri: pathToFileURL(root).href };
    if (typeof root?.uri !== 'string' || !root.uri.startsWith('file://')) {
      throw new ConfigError(`an MCP root must be a path or a file:// URI, got ${JSON.stringify(root?.uri)}`);
    }
    return root.name === undefined ? { uri: root.uri } : { uri: root.uri, name: root.name };
  });
}

/** Starts the server (stdio) or opens the session (HTTP), and completes the handshake. */
export async function openSession(options: SessionOptions, signal: AbortSignal): Promise<Session> {
  const link = createLink(options.server);
  const declareRoots = options.roots() !== undefined;
  const client = new Client(CLIENT_INFO, {
    capabilities: declareRoots ? { roots: { listChanged: true } } : {},
  });
  if (declareRoots)
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: options.roots() ?? [] }));
  const session: Session = { client, link, alive: true, probing: false };
  client.onclose = () => {
    if (!session.alive) return;
    session.alive = false;
    options.onClose(session);
  };
  client.onerror = () => {
    if (session.alive) options.onError(session);
  };
  const name = options.name;
  try {
    await client.connect(link.transport, { timeout: options.connectTimeoutMs, signal });
  } catch (error) {
    session.alive = false;
    await closeSession(session);
    if (signal.aborted) throw signal.reason;
    if (isMcpError(error, ErrorCode.RequestTimeout)) {
      throw new TimeoutError(
        `MCP server "${name}" did not complete its handshake within ${options.connectTimeoutMs} ms${outputTail(link.output())}`,
      );
    }
    throw new ToolError(
      name,
      `could not connect to MCP server "${name}": ${describe(error)}${outputTail(link.output())}`,
      { cause: error, retryable: true },
    );
  }
  if (!session.alive) {
    throw new ToolError(
      name,
      `MCP server "${name}" closed right after connecting${outputTail(link.output())}`,
    );
  }
  return session;
}

/** Ends the session (HTTP DELETE, bounded) and closes the transport (stops a stdio server's group). */
export async function closeSession(session: Session): Promise<void> {
  session.alive = false;
  try {
    await session.link.endSession(AbortSignal.timeout(END_SESSION_MS));
    await session.client.close();
  } catch {
    // closing a broken connection may fail; there is nothing left to release
  }
}
