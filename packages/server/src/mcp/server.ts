/**
 * The MCP server: the SDK's `McpServer` whose `tools/list` and `tools/call` answer from a
 * catalog of agents, tools, workflows and teams. Each call runs under its own signal (the
 * client's cancellation, the transport closing, the HTTP request ending, the call's deadline),
 * as the caller's user, with progress notifications when the client gave a progress token.
 */
import { linkSignal, SignalScope } from '@agno/core/utils';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool as McpTool,
} from '@modelcontextprotocol/sdk/types.js';
import { buildCatalog, type Catalog } from './catalog.js';
import type { CallProgress } from './exposed.js';
import type { McpServerOptions } from './options.js';

/** What a transport passes with each HTTP request (as the SDK's `authInfo.extra`). */
export interface RequestAuth {
  /** The authenticated caller. */
  userId?: string | undefined;
  /** Aborts when the HTTP request that carries the call ends early. */
  signal?: AbortSignal | undefined;
}

/** What a transport adds to a server it builds. */
export interface ServerExtras {
  /** Told when a call starts; the function it returns is called when the call ends. */
  track?: () => () => void;
  /** The user of calls that carry none (a stdio server's local user). */
  userId?: string;
}

function requestAuth(extra: { authInfo?: { extra?: Record<string, unknown> } }): RequestAuth {
  const auth = extra.authInfo?.extra;
  if (auth === undefined) return {};
  return {
    userId: typeof auth.userId === 'string' ? auth.userId : undefined,
    signal: auth.signal instanceof AbortSignal ? auth.signal : undefined,
  };
}

/** The `tools/list` answer of a catalog. */
function listing(catalog: Catalog): McpTool[] {
  return [...catalog.values()].map((t) => {
    const tool: McpTool = {
      name: t.name,
      description: t.description,
      inputSchema: t.inputSchema as McpTool['inputSchema'],
    };
    if (t.outputSchema !== undefined) tool.outputSchema = t.outputSchema as McpTool['outputSchema'];
    return tool;
  });
}

/** @internal An MCP server answering from `catalog` (one per transport; the catalog is shared). */
export function serverFor(catalog: Catalog, options: McpServerOptions, extras: ServerExtras = {}): McpServer {
  const mcp = new McpServer(
    { name: options.name, version: options.version },
    options.instructions === undefined ? {} : { instructions: options.instructions },
  );
  const server = mcp.server;
  server.registerCapabilities({ tools: {} });
  const tools = listing(catalog);
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = catalog.get(request.params.name);
    if (tool === undefined) {
      throw new McpError(ErrorCode.InvalidParams, `unknown tool "${request.params.name}"`);
    }
    const auth = requestAuth(extra);
    const scope = new SignalScope(extra.signal, {
      timeoutMs: options.timeoutMs,
      what: `the MCP call of "${tool.name}"`,
    });
    const unlink =
      auth.signal === undefined ? undefined : linkSignal(auth.signal, (reason) => scope.abort(reason));
    const done = extras.track?.();
    const token = extra._meta?.progressToken;
    let sent: Promise<void> = Promise.resolve();
    const progress =
      token === undefined
        ? undefined
        : (update: CallProgress) => {
            const params = { progressToken: token, ...update };
            sent = sent.then(() =>
              extra.sendNotification({ method: 'notifications/progress', params }).catch(() => {}),
            );
          };
    try {
      return await tool.call(request.params.arguments ?? {}, {
        signal: scope.signal,
        userId: auth.userId ?? extras.userId,
        progress,
      });
    } finally {
      // every progress notification goes out before the result
      await sent;
      unlink?.();
      scope.dispose();
      done?.();
    }
  });
  return mcp;
}

/**
 * An MCP server exposing `options`' agents, tools, workflows and teams, each as one MCP tool.
 * Connect it to any SDK transport (`await server.connect(transport)`); for HTTP use
 * `mcpHandler`, for stdio `serveStdio`. Throws a `ConfigError` on a bad or repeated tool name,
 * or on a tool that needs confirmation (unless `allowConfirmation`). Add resources and prompts
 * with the `McpServer` API if you like; tools come from the options only.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  return serverFor(buildCatalog(options), options);
}
