/**
 * An agno `Tool` as an MCP tool: its JSON Schema parameters listed as they are, arguments checked
 * by its schema (or, without one, for the required fields), executed under the call's signal and
 * the tool's own time limit, its progress reports forwarded, its result given as MCP content.
 */
import {
  AgnoError,
  ConfigError,
  errorMessage,
  formatIssues,
  type JSONSchema,
  type Tool,
  type ToolResultContent,
} from '@agno/core';
import { SignalScope } from '@agno/core/utils';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallContext, ExposedTool } from './exposed.js';
import { attachmentContent, errorResult, isRecord, valueResult } from './results.js';

/** The tool's parameters as an MCP input schema (an object schema, without `$schema`). */
export function objectSchema(schema: JSONSchema | undefined, where: string): JSONSchema {
  if (schema === undefined) return { type: 'object' };
  if (schema.type !== undefined && schema.type !== 'object') {
    throw new ConfigError(`${where}: MCP tools take an object of arguments, not "${String(schema.type)}"`);
  }
  const { $schema: _, ...rest } = schema;
  return rest.type === undefined ? { type: 'object', ...rest } : rest;
}

/** The fields `schema` requires that `args` lacks. */
function missingFields(schema: JSONSchema, args: Record<string, unknown>): string[] {
  const required = schema.required;
  if (!Array.isArray(required)) return [];
  return required.filter((key): key is string => typeof key === 'string' && args[key] === undefined);
}

/** Checks `args` against the tool: its parsed arguments, or the error result naming the fields. */
async function parseArgs(
  tool: Tool,
  inputSchema: JSONSchema,
  args: Record<string, unknown>,
): Promise<{ ok: true; value: unknown } | { ok: false; result: CallToolResult }> {
  const schema = tool.schema;
  if (schema === undefined) {
    const missing = missingFields(inputSchema, args);
    if (missing.length === 0) return { ok: true, value: args };
    const list = missing.map((m) => `${m}: required`).join('; ');
    return {
      ok: false,
      result: errorResult('validation_error', `invalid arguments for "${tool.name}": ${list}`),
    };
  }
  let checked = schema['~standard'].validate(args);
  if (checked instanceof Promise) checked = await checked;
  if (checked.issues === undefined) return { ok: true, value: checked.value };
  const issues = formatIssues(checked.issues).join('; ');
  return {
    ok: false,
    result: errorResult('validation_error', `invalid arguments for "${tool.name}": ${issues}`),
  };
}

function isRich(value: unknown): value is ToolResultContent {
  return isRecord(value) && value.type === 'tool-result';
}

/** What a tool returned, as an MCP result. */
function toResult(value: unknown): CallToolResult {
  if (!isRich(value)) return valueResult(value);
  const rich = value;
  if (rich.isError === true) return errorResult('tool_error', errorMessage(rich.value));
  const result = valueResult(rich.value);
  if (rich.attachments !== undefined) result.content.push(...attachmentContent(rich.attachments));
  return result;
}

/** `tool` as an MCP tool, called directly (no agent, no model). */
export function agnoTool(tool: Tool, name: string, serverName: string): ExposedTool {
  const inputSchema = objectSchema(tool.parameters, `tool "${tool.name}"`);
  return {
    name,
    description: tool.description,
    inputSchema,
    async call(args: Record<string, unknown>, context: CallContext): Promise<CallToolResult> {
      const parsed = await parseArgs(tool, inputSchema, args);
      if (!parsed.ok) return parsed.result;
      const scope = new SignalScope(context.signal, {
        timeoutMs: tool.timeoutMs,
        what: `tool "${tool.name}"`,
      });
      const progress = context.progress;
      try {
        const pending = (async () =>
          tool.execute(parsed.value, {
            signal: scope.signal,
            runId: globalThis.crypto.randomUUID(),
            toolCallId: globalThis.crypto.randomUUID(),
            sessionId: undefined,
            userId: context.userId,
            agent: { name: serverName },
            reportProgress: (update) => {
              if (typeof update?.progress === 'number' && Number.isFinite(update.progress))
                progress?.(update);
            },
          }))();
        return toResult(await scope.race(pending));
      } catch (error) {
        if (error instanceof AgnoError) return errorResult(error.code, errorMessage(error));
        // The tool's own message, as core gives it to a model: tools report failures by throwing.
        return errorResult('tool_error', errorMessage(error));
      } finally {
        scope.dispose();
      }
    },
  };
}
