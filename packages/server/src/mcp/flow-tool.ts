/**
 * A workflow or a team as an MCP tool. A workflow whose input schema is an object takes that
 * object as the tool's arguments; any other takes `{ input }` (text or any JSON value). The answer
 * is a team's text, or the workflow's output (as structured content too when it is an object).
 */
import { isStandardSchema, type JSONSchema, toJSONSchema } from '@agno/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallContext, ExposedTool } from './exposed.js';
import type { FlowLike } from './options.js';
import { errorResult, failureResult, valueResult } from './results.js';

const ANY_INPUT: JSONSchema = { description: 'The input: text, or any JSON value.' };

/** The tool's input schema, and whether the arguments are the input itself. */
function inputOf(flow: FlowLike): { schema: JSONSchema; direct: boolean } {
  const declared = flow.options?.inputSchema;
  const json = isStandardSchema(declared) ? toJSONSchema(declared) : undefined;
  if (json?.type === 'object') return { schema: json, direct: true };
  return {
    schema: { type: 'object', properties: { input: json ?? ANY_INPUT }, required: ['input'] },
    direct: false,
  };
}

/** `flow` (a workflow or a team) as an MCP tool named `name`. */
export function flowTool(
  flow: FlowLike,
  kind: 'workflow' | 'team',
  name: string,
  description: string | undefined,
): ExposedTool {
  const { schema, direct } = inputOf(flow);
  return {
    name,
    description: description ?? flow.options?.description ?? `Runs the ${kind} "${flow.name}".`,
    inputSchema: schema,
    async call(args: Record<string, unknown>, context: CallContext): Promise<CallToolResult> {
      if (!direct && args.input === undefined) {
        return errorResult('validation_error', `invalid arguments for "${name}": input: required`);
      }
      const input = direct ? args : args.input;
      try {
        const result = await flow.run(input as never, { signal: context.signal });
        if (result.status === 'paused') {
          return errorResult(
            'paused',
            `the ${kind} run paused for a person's input, which MCP cannot give (run ${result.runId})`,
          );
        }
        return typeof result.text === 'string'
          ? { content: [{ type: 'text', text: result.text }] }
          : valueResult(result.output);
      } catch (error) {
        return failureResult(error);
      }
    },
  };
}
