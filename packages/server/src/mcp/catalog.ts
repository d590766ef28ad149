/**
 * The catalog of a server's MCP tools, built once from its options: names checked for MCP
 * (1 to 128 of letters, digits, `_`, `-` and `.`) and for clashes, tools that need confirmation
 * refused unless allowed.
 */
import { type Agent, ConfigError, type Tool } from '@agno/core';
import { agentTool } from './agent-tool.js';
import { agnoTool } from './agno-tool.js';
import type { ExposedTool } from './exposed.js';
import { flowTool } from './flow-tool.js';
import type { FlowLike, McpAgentEntry, McpFlowEntry, McpServerOptions } from './options.js';

const MCP_TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** A server's tools by name, in the order the options give them. */
export type Catalog = ReadonlyMap<string, ExposedTool>;

function isAgentEntry(value: Agent | McpAgentEntry): value is McpAgentEntry {
  return 'agent' in value && typeof value.agent === 'object' && value.agent !== null;
}

function isFlowEntry(value: FlowLike | McpFlowEntry): value is McpFlowEntry {
  return 'flow' in value && typeof value.flow === 'object' && value.flow !== null;
}

function checkTool(tool: Tool, options: McpServerOptions): void {
  if (typeof tool?.execute !== 'function')
    throw new ConfigError('MCP server: every entry of `tools` must be a Tool');
  if (tool.requiresConfirmation === true && options.allowConfirmation !== true) {
    throw new ConfigError(
      `MCP tool "${tool.name}" requires confirmation, which MCP cannot pause for ` +
        "(set allowConfirmation to let the MCP client's call stand for the approval)",
    );
  }
}

/** Builds the catalog of `options`; throws a {@link ConfigError} on a bad or repeated name. */
export function buildCatalog(options: McpServerOptions): Catalog {
  const catalog = new Map<string, ExposedTool>();
  const add = (tool: ExposedTool, what: string) => {
    if (!MCP_TOOL_NAME.test(tool.name)) {
      throw new ConfigError(
        `MCP server: ${what} has the tool name "${tool.name}"; MCP tool names are 1 to 128 letters, digits, ` +
          '"_", "-" or "." (give the entry a `name`)',
      );
    }
    if (catalog.has(tool.name)) {
      throw new ConfigError(
        `MCP server: two tools are named "${tool.name}" (give one of them another \`name\`)`,
      );
    }
    catalog.set(tool.name, tool);
  };
  for (const entry of options.agents ?? []) {
    const { agent, name, description } = isAgentEntry(entry)
      ? entry
      : { agent: entry, name: undefined, description: undefined };
    const toolName = name ?? agent.name;
    add(agentTool(agent, toolName, description, options), `agent "${agent.name}"`);
  }
  for (const tool of options.tools ?? []) {
    checkTool(tool, options);
    add(agnoTool(tool, tool.name, options.name), `tool "${tool.name}"`);
  }
  for (const [kind, list] of [
    ['workflow', options.workflows],
    ['team', options.teams],
  ] as const) {
    for (const entry of list ?? []) {
      const { flow, name, description } = isFlowEntry(entry)
        ? entry
        : { flow: entry, name: undefined, description: undefined };
      add(flowTool(flow, kind, name ?? flow.name, description), `${kind} "${flow.name}"`);
    }
  }
  return catalog;
}
