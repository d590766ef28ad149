/**
 * What an MCP server exposes: agents, agno tools, workflows and teams, each as one MCP tool, and
 * the options that shape them.
 */
import type { Agent, Tool } from '@agno/core';

/** A workflow's or a team's result, as the MCP server reads it (structural: no `@agno/workflow` import). */
export interface FlowResultLike {
  readonly runId: string;
  readonly status: string;
  readonly output: unknown;
  /** A team's answer as text (teams have it, workflows do not). */
  readonly text?: string;
}

/**
 * A workflow or a team (`@agno/workflow`'s `Workflow` and `Team` fit), as the MCP server uses it.
 */
export interface FlowLike {
  readonly name: string;
  readonly options?: { readonly description?: string; readonly inputSchema?: unknown };
  run(input: never, options: { signal?: AbortSignal }): Promise<FlowResultLike>;
}

/** An agent exposed with its own tool name or description. */
export interface McpAgentEntry {
  agent: Agent;
  /** The MCP tool's name (default: the agent's name). */
  name?: string;
  /** The MCP tool's description (default: the agent's description). */
  description?: string;
}

/** A workflow or team exposed with its own tool name or description. */
export interface McpFlowEntry {
  flow: FlowLike;
  /** The MCP tool's name (default: the workflow's or team's name). */
  name?: string;
  /** The MCP tool's description (default: the workflow's or team's description). */
  description?: string;
}

/** Options of {@link createMcpServer} (and of `mcpHandler` and `serveStdio`). */
export interface McpServerOptions {
  /** The server's name, as MCP clients show it. */
  name: string;
  /** The server's version. */
  version: string;
  /** Instructions for the client's model (MCP `instructions`). */
  instructions?: string;
  /** Agents, each exposed as a tool taking `{ prompt, sessionId? }` and answering the run's text. */
  agents?: readonly (Agent | McpAgentEntry)[];
  /** agno tools (zod tools of `@agno/tools` included), exposed with their JSON Schema parameters. */
  tools?: readonly Tool[];
  /** Workflows, each exposed as a tool taking its input. */
  workflows?: readonly (FlowLike | McpFlowEntry)[];
  /** Teams, each exposed as a tool taking its input. */
  teams?: readonly (FlowLike | McpFlowEntry)[];
  /**
   * MCP cannot pause a call for a person's approval. By default a tool with
   * `requiresConfirmation` (given directly, or among an agent's tools) is refused with a
   * `ConfigError`. With `true`, a direct tool runs when the client calls it (the MCP host's own
   * approval of the call stands for the confirmation), and an agent run that pauses answers an
   * error result with code `paused` and its run id (the run stays in the agent's store, to be
   * continued over HTTP).
   */
  allowConfirmation?: boolean;
  /** Time limit of each call (agent run, workflow run, tool execution); it ends with code `timeout`. */
  timeoutMs?: number;
  /**
   * The session id a run uses for a client's `sessionId` and the caller's user id. Default: the
   * given id prefixed with the user id (`user:session`) when there is a user, so that one user
   * never reaches another user's session history.
   */
  sessionScope?: (sessionId: string, userId: string | undefined) => string;
  /** How often text deltas are coalesced into one progress notification, in ms. Default 50. */
  progressIntervalMs?: number;
}
