/**
 * One tool of an MCP server as a core Tool, and the stand-in offered when the server could
 * not be reached as the agent started: a tool that tells the model why, and calls the server's
 * tools by name once it is back.
 */
import { type JSONSchema, type StandardSchemaV1, type Tool, type ToolContext, ToolError } from '@agno/core';
import { createNullRestorer, isNode } from '@agno/core/utils';
import type { Tool as MCPToolInfo } from '@modelcontextprotocol/sdk/types.js';
import { withRestorer } from '../parameters.js';
import type { MCPConnection, MCPProgress } from './mcp-connection.js';
import { fromMCPResult } from './mcp-result.js';

/** A progress notification of a tool call made by an agent. */
export interface MCPToolProgress extends MCPProgress {
  /** The tool's name as the agent knows it. */
  tool: string;
  /** The run and the tool call the progress belongs to. */
  runId: string;
  toolCallId: string;
}

/** How the tools of one MCPTools call their server. */
export interface CallSettings {
  /** Time allowed without an answer or progress, by agent-facing tool name. */
  timeoutOf(name: string): number;
  /** Time allowed in all (also handed to core as the tool's `timeoutMs`). */
  totalOf(name: string): number | undefined;
  onProgress: ((progress: MCPToolProgress) => void) | undefined;
}

/** Calls `remote` on the server for the agent's tool `name`, and maps the result for the model. */
async function callRemote(
  connection: MCPConnection,
  settings: CallSettings,
  name: string,
  remote: string,
  args: unknown,
  context: ToolContext,
): Promise<unknown> {
  const listener = settings.onProgress;
  const report = context.reportProgress;
  // Progress goes to the agent's events (`tool-progress`) and to the `onProgress` option.
  const onProgress =
    listener === undefined && report === undefined
      ? undefined
      : (p: MCPProgress) => {
          context.reportProgress?.({ progress: p.progress, total: p.total, message: p.message });
          listener?.({ ...p, tool: name, runId: context.runId, toolCallId: context.toolCallId });
        };
  const result = await connection.callTool(remote, args, {
    timeoutMs: settings.timeoutOf(name),
    maxTotalTimeoutMs: settings.totalOf(name),
    signal: context.signal,
    onProgress,
  });
  return fromMCPResult(result);
}

/** One tool of an MCP server. */
export class MCPTool implements Tool {
  readonly description: string;
  readonly parameters: JSONSchema;
  readonly schema: StandardSchemaV1 | undefined;
  readonly timeoutMs: number | undefined;
  instructions: string | undefined = undefined;
  private readonly remoteName: string;

  constructor(
    private readonly connection: MCPConnection,
    private readonly settings: CallSettings,
    info: MCPToolInfo,
    readonly name: string,
  ) {
    this.remoteName = info.name;
    this.description = info.description ?? info.title ?? info.annotations?.title ?? info.name;
    this.parameters = inputSchemaOf(info);
    this.schema = withRestorer(undefined, createNullRestorer(this.parameters));
    this.timeoutMs = settings.totalOf(name);
  }

  execute(args: unknown, context: ToolContext): Promise<unknown> {
    return callRemote(this.connection, this.settings, this.name, this.remoteName, args, context);
  }
}

/** How the stand-in finds the server's tools once it answers. */
export interface StandInSource {
  readonly server: string;
  readonly connection: MCPConnection;
  readonly settings: CallSettings;
  /** The server's tools under their agent-facing names (filters applied). */
  list(signal: AbortSignal): Promise<Map<string, MCPToolInfo>>;
}

const STAND_IN_PARAMETERS: JSONSchema = {
  type: 'object',
  properties: {
    tool: { type: 'string', description: 'The name of one of the server’s tools; leave out to list them.' },
    arguments: { type: 'object', description: 'The arguments of that tool.' },
  },
};

/**
 * The tool an agent gets when the server could not start or list its tools on the first run:
 * the failure is a tool result the model reads, not a failed run. Called without `tool`, it
 * tries the server again and lists its tools; with `tool`, it calls that tool.
 */
export class MCPStandInTool implements Tool {
  readonly description: string;
  readonly parameters = STAND_IN_PARAMETERS;
  readonly timeoutMs: number | undefined;

  constructor(
    private readonly source: StandInSource,
    readonly name: string,
    reason: string,
  ) {
    this.description =
      `The tools of MCP server "${source.server}" are unavailable: ${reason}. ` +
      'Call this to try the server again: without "tool" it lists the server’s tools, ' +
      'with "tool" and "arguments" it calls one of them.';
    this.timeoutMs = source.settings.totalOf(name);
  }

  async execute(args: unknown, context: ToolContext): Promise<unknown> {
    const tools = await this.source.list(context.signal);
    const input = isNode(args) ? args : {};
    const wanted = typeof input.tool === 'string' ? input.tool : undefined;
    if (wanted === undefined) {
      return [...tools].map(([name, info]) => ({
        name,
        description: info.description ?? info.title ?? name,
        parameters: inputSchemaOf(info),
      }));
    }
    const info = tools.get(wanted);
    if (info === undefined) {
      const known = [...tools.keys()].join(', ') || 'none';
      throw new ToolError(
        this.name,
        `MCP server "${this.source.server}" has no tool "${wanted}" (its tools: ${known})`,
      );
    }
    const { connection, settings } = this.source;
    return callRemote(connection, settings, wanted, info.name, input.arguments ?? {}, context);
  }
}

/** The server's input schema as providers accept it: an object schema, without `$schema`. */
export function inputSchemaOf(info: MCPToolInfo): JSONSchema {
  const raw = isNode(info.inputSchema) ? (info.inputSchema as JSONSchema) : {};
  const { $schema: _, ...schema } = raw;
  if (schema.type !== 'object') schema.type = 'object';
  if (!isNode(schema.properties)) schema.properties = {};
  return schema;
}
