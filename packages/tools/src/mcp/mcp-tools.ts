/**
 * `MCPTools`: the tools of a Model Context Protocol server as a core Toolkit. It connects
 * when an agent first needs the tools, lists them (with include/exclude filters), exposes
 * each with the server's input schema, and closes with the agent. A call on a server that
 * crashed or stopped answering fails with a clear tool error within its timeout; the next
 * call connects again. A server that cannot be reached as the agent starts gives the agent a
 * stand-in tool that reports why (and reaches the tools once the server is back), not a failed run.
 */
import { ConfigError, errorMessage, MAX_TOOL_NAME_LENGTH, type Tool } from '@agno/core';
import { isNode } from '@agno/core/utils';
import type { Tool as MCPToolInfo } from '@modelcontextprotocol/sdk/types.js';
import { type ToolFilter, Toolkit, type ToolkitSharedOptions } from '../toolkit.js';
import { MCPConnection, type MCPConnectionState } from './mcp-connection.js';
import {
  type CallSettings,
  MCPStandInTool,
  MCPTool,
  type MCPToolProgress,
  type StandInSource,
} from './mcp-tool.js';
import type { MCPServer } from './servers.js';
import type { MCPRoot } from './session.js';

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
  /**
   * Time a call may go without an answer or a progress notification, in ms (the shared
   * `timeoutMs`; `overrides` set it per tool). Each progress notification starts it again. Default 30 000.
   */
  timeoutMs?: number;
  /** Time a call may take in all, progress or not. Default ten times the call's `timeoutMs`. */
  maxTotalTimeoutMs?: number;
  /** Time allowed to start the server and complete the handshake. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Time allowed for a health check after a timeout or a transport error. Default 5 000 ms. */
  pingTimeoutMs?: number;
  /** Root folders offered to the server (`roots/list`): paths or `file://` URIs. */
  roots?: readonly MCPRoot[];
  /** Receives the progress notifications of calls in flight (a progress token is sent with each call). */
  onProgress?: (progress: MCPToolProgress) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const TOTAL_FACTOR = 10;
const INVALID_NAME_CHARS = /[^A-Za-z0-9_-]/g;

/** The tools of an MCP server, as a lazily connected core Toolkit. */
export class MCPTools extends Toolkit {
  /** The managed connection (connects on first use, reconnects after failures). */
  readonly connection: MCPConnection;
  private readonly mcp: MCPToolsOptions;
  private readonly settings: CallSettings;

  constructor(options: MCPToolsOptions) {
    const server = options?.server;
    if (!isNode(server) || (typeof server.command !== 'string' && server.url === undefined)) {
      throw new ConfigError(
        'MCPTools needs a server: { command, args } (stdio) or { url } (Streamable HTTP)',
      );
    }
    const name = options.name ?? 'mcp';
    // Timeouts are the connection's (progress restarts them); core gets the total as each tool's timeoutMs.
    const overrides = options.overrides === undefined ? undefined : withoutTimeouts(options.overrides);
    super({ ...options, name, tools: [], timeoutMs: undefined, overrides });
    this.mcp = options;
    this.connection = new MCPConnection({
      name,
      server,
      connectTimeoutMs: options.connectTimeoutMs,
      pingTimeoutMs: options.pingTimeoutMs,
      roots: options.roots,
    });
    const timeoutOf = (tool: string) =>
      options.overrides?.[tool]?.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.settings = {
      timeoutOf,
      totalOf: (tool) => options.maxTotalTimeoutMs ?? timeoutOf(tool) * TOTAL_FACTOR,
      onProgress: options.onProgress,
    };
  }

  /** True while connected to the server. */
  get connected(): boolean {
    return this.connection.connected;
  }

  /** Where the connection is: `idle`, `connecting`, `ready`, `failed` or `closed`. */
  get state(): MCPConnectionState {
    return this.connection.state;
  }

  /** The stdio server's process id (its launcher's, when started through one) while connected. */
  get pid(): number | undefined {
    return this.connection.pid;
  }

  /** What `util.inspect` shows: no server settings (headers and env may hold secrets). */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return { name: this.name, state: this.state, pid: this.pid };
  }

  /** Connects now instead of on first use; rejects when the server cannot start (to fail fast). */
  connect(signal?: AbortSignal): Promise<void> {
    return this.connection.connect(signal);
  }

  /** Replaces the root folders offered to the server (needs the `roots` option). */
  setRoots(roots: readonly MCPRoot[]): Promise<void> {
    return this.connection.setRoots(roots);
  }

  /**
   * The server's tools. When the server cannot start or list its tools, one stand-in tool that
   * reports why (and reaches the tools once the server is back) instead of a rejection; a
   * mistake in the options (an unknown name in `include`, two tools with one name) still rejects.
   */
  override async tools(): Promise<readonly Tool[]> {
    try {
      return await super.tools();
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      return [this.standIn(errorMessage(error))];
    }
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
    const tools: MCPTool[] = [];
    for (const [name, info] of this.named(await this.connection.listTools())) {
      tools.push(new MCPTool(this.connection, this.settings, info, name));
    }
    const serverNotes = this.mcp.useServerInstructions === false ? undefined : this.connection.instructions;
    if (serverNotes && tools.length > 0) {
      // core reads a toolkit's instructions before it lists the tools, so the server's go on its first tool
      tools[0]!.instructions = serverNotes;
    }
    return tools;
  }

  /** The server's tools by agent-facing name (prefixed, sanitized, unique). */
  private named(infos: readonly MCPToolInfo[]): Map<string, MCPToolInfo> {
    const prefix = this.mcp.prefix ?? '';
    const named = new Map<string, MCPToolInfo>();
    for (const info of infos) {
      const name = `${prefix}${info.name}`.replace(INVALID_NAME_CHARS, '_').slice(0, MAX_TOOL_NAME_LENGTH);
      const clash = named.get(name);
      if (clash !== undefined) {
        throw new ConfigError(
          `MCP server "${this.name}": tools "${clash.name}" and "${info.name}" both map to "${name}"`,
        );
      }
      named.set(name, info);
    }
    return named;
  }

  private standIn(reason: string): Tool {
    const { include, exclude, overrides } = this.mcp;
    const source: StandInSource = {
      server: this.name,
      connection: this.connection,
      settings: this.settings,
      list: async (signal) => {
        const named = this.named(await this.connection.listTools(signal));
        for (const name of named.keys()) {
          if (!keeps(include, name, true) || keeps(exclude, name, false)) named.delete(name);
        }
        return named;
      },
    };
    const tool = new MCPStandInTool(source, this.name.replace(INVALID_NAME_CHARS, '_').slice(0, 128), reason);
    // the stand-in reaches every tool: it asks for confirmation when any of them would
    const confirm =
      this.mcp.requiresConfirmation === true ||
      Object.values(overrides ?? {}).some((o) => o.requiresConfirmation === true);
    return Object.assign(tool, {
      requiresConfirmation: confirm || undefined,
      maxResultChars: this.mcp.maxResultChars,
    });
  }
}

function keeps(filter: ToolFilter | undefined, name: string, empty: boolean): boolean {
  if (filter === undefined) return empty;
  return typeof filter === 'function' ? filter(name) : filter.includes(name);
}

function withoutTimeouts(overrides: NonNullable<MCPToolsOptions['overrides']>): MCPToolsOptions['overrides'] {
  const out: Record<string, object> = {};
  for (const [name, options] of Object.entries(overrides)) out[name] = { ...options, timeoutMs: undefined };
  return out;
}
