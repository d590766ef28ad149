/**
 * MCP over Streamable HTTP on web standards: a `(Request) => Response` handler that mounts on any
 * Hono app (or any runtime's fetch handler). Sessions: each `initialize` opens one, bound to the
 * user who opened it, kept in a bounded table with idle expiry, ended by `DELETE` (which aborts
 * its calls in flight). A client's cancellation reaches the call's run through its session.
 */

import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { buildCatalog, type Catalog } from './catalog.js';
import type { McpServerOptions } from './options.js';
import { serverFor } from './server.js';
import { type SessionEntry, SessionTable } from './sessions.js';

/** Options of {@link mcpHandler}. */
export interface McpHandlerOptions extends McpServerOptions {
  /** At most this many sessions at once (least recently used idle ones are closed first). Default 1000. */
  maxSessions?: number;
  /** A session with no request and no call in flight for this long is closed. Default 15 minutes. */
  sessionIdleMs?: number;
  /** Largest request body, in bytes (413 above). Default 4 MiB. */
  maxBodyBytes?: number;
}

/** What the mounting app knows about a request. */
export interface McpRequestContext {
  /** The authenticated caller: runs get it as `userId`, and a session serves only the user who opened it. */
  userId?: string | undefined;
  /** Aborts the calls a request carries when it ends early (a client that went away). */
  signal?: AbortSignal | undefined;
}

/** An MCP Streamable HTTP handler. */
export interface McpHandler {
  /** Answers one HTTP request (POST, GET or DELETE) of the MCP endpoint. */
  (request: Request, context?: McpRequestContext): Promise<Response>;
  /** Sessions open now. */
  readonly sessions: number;
  /** Closes every session (aborting their calls in flight); later requests answer 503. */
  close(): Promise<void>;
}

interface Session extends SessionEntry {
  readonly transport: WebStandardStreamableHTTPServerTransport;
}

/** A JSON-RPC error response of the transport's own shape. */
function rpcError(status: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * A Streamable HTTP handler serving `options`' agents, tools, workflows and teams. Mount it on
 * a Hono app behind your auth: `app.all('/mcp', (c) => handler(c.req.raw, { userId }))`.
 * Throws a `ConfigError` as `createMcpServer` does.
 */
export function mcpHandler(options: McpHandlerOptions): McpHandler {
  const catalog = buildCatalog(options);
  const table = new SessionTable<Session>({
    max: options.maxSessions ?? 1000,
    idleMs: options.sessionIdleMs ?? 15 * 60_000,
  });
  let closed = false;

  const handler = async (request: Request, context: McpRequestContext = {}): Promise<Response> => {
    if (closed) return rpcError(503, 'the MCP endpoint is closed');
    const authInfo: AuthInfo = {
      token: '',
      clientId: context.userId ?? '',
      scopes: [],
      extra: { userId: context.userId, signal: context.signal },
    };
    const id = request.headers.get('mcp-session-id');
    if (id !== null) {
      const session = table.get(id);
      if (session === undefined || session.userId !== context.userId) {
        return rpcError(404, 'Session not found');
      }
      table.touch(id, session);
      return session.transport.handleRequest(request, { authInfo });
    }
    if (request.method !== 'POST') return rpcError(400, 'Bad Request: Mcp-Session-Id header is required');
    if (!table.reserve()) return rpcError(503, 'too many MCP sessions are busy; try again later');
    try {
      const session = await openSession(catalog, options, table, context.userId);
      const response = await session.transport.handleRequest(request, { authInfo });
      // anything but an initialize request opens no session
      if (session.transport.sessionId === undefined) await session.close();
      return response;
    } finally {
      table.release();
    }
  };
  return Object.defineProperties(handler, {
    sessions: { get: () => table.size },
    close: {
      value: async () => {
        closed = true;
        await table.closeAll();
      },
    },
  }) as McpHandler;
}

/** A new session's transport and server, added to `table` once initialized. */
async function openSession(
  catalog: Catalog,
  options: McpHandlerOptions,
  table: SessionTable<Session>,
  userId: string | undefined,
): Promise<Session> {
  let sessionId: string | undefined;
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => globalThis.crypto.randomUUID(),
    onsessioninitialized: (id) => {
      sessionId = id;
      table.add(id, session);
    },
    onsessionclosed: (id) => table.remove(id, session),
    maxRequestBodySize: options.maxBodyBytes,
  });
  const session: Session = {
    userId,
    active: 0,
    lastUsed: Date.now(),
    transport,
    close: async () => {
      if (sessionId !== undefined) table.remove(sessionId, session);
      await server.close();
    },
  };
  const server = serverFor(catalog, options, {
    track: () => {
      session.active++;
      return () => {
        session.active--;
        if (sessionId !== undefined) table.touch(sessionId, session);
      };
    },
  });
  transport.onclose = () => {
    if (sessionId !== undefined) table.remove(sessionId, session);
  };
  await server.connect(transport);
  return session;
}
