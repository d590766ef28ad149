/**
 * An agent as an MCP tool: `{ prompt, sessionId? }` in, the run's text out (and its structured
 * output as `structuredContent` when the agent has an output schema). With a progress token, the
 * run streams and its text deltas and tools' progress go out as progress notifications.
 */
import {
  type Agent,
  ConfigError,
  isStandardSchema,
  type JSONSchema,
  type OutputSchema,
  type RunOptions,
  type RunResult,
  toJSONSchema,
} from '@agno/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallContext, CallProgress, ExposedTool } from './exposed.js';
import type { McpServerOptions } from './options.js';
import { asText, errorResult, failureResult, isRecord } from './results.js';

const INPUT_SCHEMA: JSONSchema = {
  type: 'object',
  properties: {
    prompt: { type: 'string', minLength: 1, description: 'What to ask the agent.' },
    sessionId: {
      type: 'string',
      minLength: 1,
      description: 'A conversation to continue: runs with the same session id share their history.',
    },
  },
  required: ['prompt'],
};

/** How the agent's structured output is listed and returned, when it has an output schema. */
interface StructuredOutput {
  schema: JSONSchema;
  /** Whether the output is wrapped as `{ output }` (MCP structured content must be an object). */
  wrapped: boolean;
}

function structuredOutput(schema: OutputSchema<unknown> | undefined): StructuredOutput | undefined {
  if (schema === undefined) return undefined;
  const json = isStandardSchema(schema) ? toJSONSchema(schema) : schema.jsonSchema;
  if (json === undefined) return undefined;
  const { $schema: _, ...plain } = json;
  if (plain.type === 'object') return { schema: plain, wrapped: false };
  return { schema: { type: 'object', properties: { output: plain }, required: ['output'] }, wrapped: true };
}

/** Refuses an agent with tools that need confirmation, unless the options allow them. */
function checkConfirmation(agent: Agent, name: string, options: McpServerOptions): void {
  if (options.allowConfirmation === true) return;
  for (const source of agent.options.tools ?? []) {
    if ('requiresConfirmation' in source && source.requiresConfirmation === true) {
      throw new ConfigError(
        `MCP tool "${name}": agent "${agent.name}" has tool "${source.name}", which requires confirmation; ` +
          'MCP cannot pause a call for approval (set allowConfirmation to answer paused runs with an error result)',
      );
    }
  }
}

/** Reads and checks the call's arguments. */
function readArgs(args: Record<string, unknown>): { prompt: string; sessionId: string | undefined } | string {
  const { prompt, sessionId } = args;
  if (typeof prompt !== 'string' || prompt.length === 0) return 'prompt: a non-empty string is required';
  if (sessionId !== undefined && (typeof sessionId !== 'string' || sessionId.length === 0)) {
    return 'sessionId: must be a non-empty string';
  }
  return { prompt, sessionId: sessionId as string | undefined };
}

/** The default of `sessionScope`: the user's own namespace of session ids. */
export function scopeSession(sessionId: string, userId: string | undefined): string {
  return userId === undefined ? sessionId : `${userId}:${sessionId}`;
}

/** Runs the agent, streaming its progress when the client asked for it. */
async function runAgent(
  agent: Agent,
  prompt: string,
  options: RunOptions<unknown>,
  progress: ((update: CallProgress) => void) | undefined,
  intervalMs: number,
): Promise<RunResult<unknown>> {
  if (progress === undefined) return agent.run(prompt, options);
  const stream = agent.stream(prompt, { ...options, flushIntervalMs: intervalMs });
  let n = 0;
  for await (const event of stream) {
    if (event.type === 'text-delta') progress({ progress: ++n, message: event.text });
    else if (event.type === 'tool-progress') {
      const status =
        event.message ?? `${event.progress}${event.total === undefined ? '' : `/${event.total}`}`;
      progress({ progress: ++n, message: `${event.toolName}: ${status}` });
    }
  }
  return stream.result;
}

/** `agent` as an MCP tool named `name`. */
export function agentTool(
  agent: Agent,
  name: string,
  description: string | undefined,
  options: McpServerOptions,
): ExposedTool {
  checkConfirmation(agent, name, options);
  const structured = structuredOutput(agent.options.defaults?.outputSchema);
  const scope = options.sessionScope ?? scopeSession;
  const intervalMs = options.progressIntervalMs ?? 50;
  return {
    name,
    description: description ?? agent.options.description ?? `Asks the agent "${agent.name}".`,
    inputSchema: INPUT_SCHEMA,
    outputSchema: structured?.schema,
    async call(args: Record<string, unknown>, context: CallContext): Promise<CallToolResult> {
      const input = readArgs(args);
      if (typeof input === 'string')
        return errorResult('validation_error', `invalid arguments for "${name}": ${input}`);
      const runOptions: RunOptions<unknown> = { signal: context.signal, userId: context.userId };
      if (input.sessionId !== undefined) runOptions.sessionId = scope(input.sessionId, context.userId);
      let result: RunResult<unknown>;
      try {
        result = await runAgent(agent, input.prompt, runOptions, context.progress, intervalMs);
      } catch (error) {
        return failureResult(error);
      }
      if (result.status === 'paused') {
        const pending = result.pending ?? [];
        const tools = pending.map((p) => `"${p.toolName}"`).join(', ');
        return errorResult(
          'paused',
          `the run paused: ${tools} ${pending.length === 1 ? 'needs' : 'need'} a person's confirmation, ` +
            `which MCP cannot give (run ${result.runId})`,
        );
      }
      const out: CallToolResult = { content: [{ type: 'text', text: result.text }] };
      if (structured !== undefined) {
        const value = result.output;
        out.structuredContent = structured.wrapped || !isRecord(value) ? { output: value } : value;
        if (result.text.length === 0) out.content = [{ type: 'text', text: asText(value) }];
      }
      return out;
    },
  };
}
