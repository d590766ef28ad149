/**
 * Structured output through a tool: the response schema becomes the `input_schema` of a tool
 * the model must call, and that call's input becomes the reply text, as JSON, so core's output
 * parsing reads it like any JSON answer. Non-object schemas are wrapped in `{ value }`.
 */
import type { ResponseFormat } from '@agno/core';
import type { Tool } from '@anthropic-ai/sdk/resources/messages';

/** The output tool of one request. */
export interface OutputTool {
  /** Name of the tool (the format's name, made unique among the request's tools). */
  name: string;
  /** True when the schema was wrapped in `{ value }` (the reply is then `input.value`). */
  wrapped: boolean;
  /** The tool definition sent to the API. */
  tool: Tool;
}

/** Builds the output tool for `format`, named apart from `toolNames`. */
export function outputTool(format: ResponseFormat, toolNames: ReadonlySet<string> | undefined): OutputTool {
  let name = format.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'output';
  while (toolNames?.has(name)) name = `${name}_`;
  const schema = format.schema;
  const wrapped = schema.type !== 'object';
  const input_schema = (
    wrapped ? { type: 'object', properties: { value: schema }, required: ['value'] } : schema
  ) as Tool['input_schema'];
  const description =
    format.description ?? 'Give your final answer by calling this tool; its input is the answer.';
  return { name, wrapped, tool: { name, description, input_schema } };
}

/** The reply text (JSON) for the output tool's parsed input. */
export function outputText(tool: OutputTool, input: unknown): string {
  const value = tool.wrapped ? (input as { value?: unknown } | null)?.value : input;
  return JSON.stringify(value ?? null);
}
