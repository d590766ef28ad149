/**
 * One MCP tool as the server holds it: its listing and how a call runs. Agents, agno tools,
 * workflows and teams all become this shape, so the protocol handlers never care which is which.
 */
import type { JSONSchema } from '@agno/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** One progress report of a call, for an MCP progress notification. */
export interface CallProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** What a call runs with. */
export interface CallContext {
  /** Aborts on the client's cancellation, a closed session or transport, or the call's deadline. */
  signal: AbortSignal;
  /** The authenticated caller, when known. */
  userId: string | undefined;
  /** Sends a progress notification; present only when the client asked for progress. */
  progress: ((update: CallProgress) => void) | undefined;
}

/** An MCP tool: its listing and its call. */
export interface ExposedTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JSONSchema;
  readonly outputSchema?: JSONSchema;
  /** Runs one call; resolves with the result (an `isError` result for a failed call). */
  call(args: Record<string, unknown>, context: CallContext): Promise<CallToolResult>;
}
