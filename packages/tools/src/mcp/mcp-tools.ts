/**
 * `MCPTools`: the tools of a Model Context Protocol server as a core Toolkit. It connects
 * when an agent first needs the tools, lists them (with include/exclude filters), exposes
 * each with the server's input schema, and closes with the agent. A call on a server that
 * crashed or stopped answering fails with a clear tool error within its timeout; the next
 * call connects again.
 */
import { ConfigError, type JSONSchema, type StandardSchemaV1, type Tool, type ToolContext } from '@agno/core';
import type { Tool as MCPToolInfo } from '@modelcontextprotocol/sdk/types.js';
import { createNullRestorer } from '../null-restorer.js';
import { withRestorer } from '../parameters.js';
import { isNode } from '../strict-schema.js';
import { Toolkit, type ToolkitSharedOptions } from '../toolkit.js';
import { MCPConnection, type MCPServer } from './mcp-connection.js';
import { fromMCPResult } from './mcp-result.js';

/** Options of {@link MCPTools}. */
export interface MCPToolsOptions extends ToolkitSharedOptions {
  /** The server: `{ command, args }` for stdio, `{ url }` for Streamable HTTP. */
  server: MCPServer;
  /** Name, for errors and traces. Default `mcp`. */
  name?: string;
  /** Text added to the agent's system prompt. */
  instructions?: string;
  /** Add the instructions the server sends in its handshake to the system prompt. Default true. */
  useServerInstructions?: boolean;
  /** Prepended to every tool name (e.g. `github_`), to keep names unique across servers. Filters see prefixed names. */
  prefix?: string;
  /** Time allowed per call, in ms (the shared `timeoutMs`). Default 30 000. */
  timeoutMs?: number;
  /** Time allowed to start the server and complete the handshake. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Time allowed for a health check after a timeout or a transport error. Default 5 000 ms. */
  pingTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const INVALID_NAME_CHARS = /[^A-Za-z0-9_-]/g;

/** The tools of an MCP server, as a lazily connected core Toolkit. */
export class MCPTools extends Toolkit {
  /** The managed connection (connects on first use, reconnects after failures). */
  readonly connection: MCPConnection;
  private readonly mcp: MCPToolsOptions;

  constructor(options: MCPToolsOptions) {
    const server = options?.server;
    if (!isNode(server) || (typeof server.command !== 'string' && server.url === undefined)) {
      throw new ConfigError(
        'MCPTools needs a server: { command, args } (stdio) or { url } (Streamable HTTP)',
      );
    }
    const name = options.name ?? 'mcp';
    super({ ...options, name, tools: [], timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    this.mcp = options;
    this.connection = new MCPConnection({
      name,
      server,
      connectTimeoutMs: options.connectTimeoutMs,
      pingTimeoutMs: options.pingTimeoutMs,
    });
  }

  /** True while connected to the server. */
  get connected(): boolean {
    return this.connection.connected;
  }

  /** Connects now instead of on first use. */
  connect(signal?: AbortSignal): Promise<void> {
    return this.connection.connect(signal);
  }

  /** Closes the connection (stops a stdio server). A later call connects again. */
  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      await this.connection.close();
    }
  }

  protected override async source(): Promise<readonly Tool[]> {
    const infos = await this.connection.listTools();
    const prefix = this.mcp.prefix ?? '';
    const tools: MCPTool[] = [];
    const seen = new Map<string, string>();
    for (const info of infos) {
      const name = `${prefix}${info.name}`.replace(INVALID_NAME_CHARS, '_').slice(0, 128);
      const clash = seen.get(name);
      if (clash !== undefined) {
        throw new ConfigError(
          `MCP server "${this.name}": tools "${clash}" and "${info.name}" both map to "${name}"`,
        );
      }
      seen.set(name, info.name);
      const timeoutMs = this.mcp.overrides?.[name]?.timeoutMs ?? this.mcp.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      tools.push(new MCPTool(this.connection, info, name, timeoutMs));
    }
    const serverNotes = this.mcp.useServerInstructions === false ? undefined : this.connection.instructions;
    if (serverNotes && tools.length > 0) {
      // core reads a toolkit's instructions before it lists the tools, so the server's go on its first tool
      tools[0]!.instructions = serverNotes;
    }
    return tools;
  }
}

/** One tool of an MCP server. */
class MCPTool implements Tool {
  readonly name: string;
  readonly description: string;
  readonly parameters: JSONSchema;
  readonly schema: StandardSchemaV1 | undefined;
  readonly timeoutMs: number;
  instructions: string | undefined = undefined;
  private readonly remoteName: string;

  constructor(
    private readonly connection: MCPConnection,
    info: MCPToolInfo,
    name: string,
    timeoutMs: number,
  ) {
    this.name = name;
    this.remoteName = info.name;
    this.description = info.description ?? info.title ?? info.annotations?.title ?? info.name;
    this.parameters = inputSchemaOf(info);
    this.schema = withRestorer(undefined, createNullRestorer(this.parameters));
    this.timeoutMs = timeoutMs;
  }

  async execute(args: unknown, context: ToolContext): Promise<unknown> {
    const result = await this.connection.callTool(this.remoteName, args, this.timeoutMs, context.signal);
    return fromMCPResult(result);
  }
}

/** The server's input schema as providers accept it: an object schema, without `$schema`. */
function inputSchemaOf(info: MCPToolInfo): JSONSchema {
  const raw = isNode(info.inputSchema) ? (info.inputSchema as JSONSchema) : {};
  const { $schema: _, ...schema } = raw;
  if (schema.type !== 'object') schema.type = 'object';
  if (!isNode(schema.properties)) schema.properties = {};
  return schema;
}
