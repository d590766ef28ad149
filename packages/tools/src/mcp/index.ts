/**
 * @agno/tools/mcp: the tools of Model Context Protocol servers for agno-ts agents. `MCPTools`
 * (a lazily connected toolkit over stdio or Streamable HTTP), its managed `MCPConnection` with
 * its state, and the result mapping.
 */
export {
  type MCPCallOptions,
  MCPConnection,
  type MCPConnectionOptions,
  type MCPConnectionState,
  type MCPProgress,
} from './mcp-connection.js';
export { fromMCPResult } from './mcp-result.js';
export type { MCPToolProgress } from './mcp-tool.js';
export { MCPTools, type MCPToolsOptions } from './mcp-tools.js';
export type { MCPHttpServer, MCPServer, MCPStdioServer } from './servers.js';
export type { MCPRoot } from './session.js';
