/**
 * @agno/server/mcp: agno agents, tools, workflows and teams served to MCP clients, over
 * Streamable HTTP (a web-standard handler for any Hono app) and over stdio. Needs the optional
 * peer `@modelcontextprotocol/sdk`.
 */
export { scopeSession } from './agent-tool.js';
export {
  type McpHandler,
  type McpHandlerOptions,
  type McpRequestContext,
  mcpHandler,
} from './http-handler.js';
export type { FlowLike, FlowResultLike, McpAgentEntry, McpFlowEntry, McpServerOptions } from './options.js';
export { createMcpServer } from './server.js';
export { type ServeStdioOptions, serveStdio } from './stdio.js';
