/** Where an MCP server is: a command to run (stdio) or a Streamable HTTP endpoint. */

/** An MCP server started as a child process, spoken to over stdio. */
export interface MCPStdioServer {
  /** The program to run (e.g. `node`, `npx`, `uvx`). It runs in its own process group. */
  command: string;
  args?: string[];
  /** Extra environment variables (added to a minimal safe environment: PATH, HOME...). */
  env?: Record<string, string>;
  cwd?: string;
  /**
   * The server's stderr: `pipe` (default) keeps its last lines for error messages,
   * `inherit` shows it in this process's stderr, `ignore` drops it.
   */
  stderr?: 'pipe' | 'inherit' | 'ignore';
}

/** An MCP server reached over Streamable HTTP. */
export interface MCPHttpServer {
  /** The MCP endpoint, e.g. `http://localhost:3000/mcp`. */
  url: string | URL;
  /** Headers sent with every request (e.g. authorization). Never echoed in errors. */
  headers?: Record<string, string>;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
}

/** Where an MCP server is. */
export type MCPServer = MCPStdioServer | MCPHttpServer;

/** True for a stdio server. */
export function isStdio(server: MCPServer): server is MCPStdioServer {
  return 'command' in server;
}
