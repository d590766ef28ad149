/**
 * Structured output: turning an output schema into a response format, and the
 * model's final text into a validated value.
 */
import { ConfigError } from './errors.js';
import type { ResponseFormat } from './model.js';
import type { OutputSchema } from './run-types.js';
import { formatIssues, isStandardSchema, type StandardSchemaV1, toJSONSchema } from './schema.js';

/** An output schema resolved once: what the model is asked for, and how the answer is checked. */
export interface ResolvedOutput {
  format: ResponseFormat;
  validator: StandardSchemaV1 | undefined;
}

const resolved = new WeakMap<object, ResolvedOutput>();

/** Resolves (and caches per schema object) an {@link OutputSchema}. */
export function resolveOutput(schema: OutputSchema<unknown>): ResolvedOutput {
  const hit = resolved.get(schema);
  if (hit !== undefined) return hit;
  let out: ResolvedOutput;
  if (isStandardSchema(schema)) {
    const json = toJSONSchema(schema);
    if (json === undefined) {
      throw new ConfigError(
        'outputSchema: this schema library gives no JSON Schema; pass { jsonSchema, schema } instead',
      );
    }
    out = { format: { type: 'json_schema', name: 'output', schema: json, strict: true }, validator: schema };
  } else {
    out = {
      format: {
        type: 'json_schema',
        name: schema.name ?? 'output',
        schema: schema.jsonSchema,
        strict: schema.strict ?? true,
      },
      validator: schema.schema,
    };
  }
  resolved.set(schema, out);
  return out;
}

/** The outcome of parsing a structured answer. */
export type ParseOutcome = { ok: true; value: unknown } | { ok: false; issues: string[] };

/** Parses the model's text as JSON (code fences allowed) and validates it. */
export async function parseOutput(text: string, output: ResolvedOutput): Promise<ParseOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(stripFences(text));
  } catch (error) {
    return { ok: false, issues: [`the reply is not valid JSON (${(error as Error).message})`] };
  }
  if (output.validator === undefined) return { ok: true, value: json };
  let result = output.validator['~standard'].validate(json);
  if (result instanceof Promise) result = await result;
  if (result.issues !== undefined) return { ok: false, issues: formatIssues(result.issues) };
  return { ok: true, value: result.value };
}

function stripFences(text: string): string {
  const t = text.trim();
  if (!t.startsWith('```')) return t;
  const firstNewline = t.indexOf('\n');
  const end = t.lastIndexOf('```');
  return end > firstNewline ? t.slice(firstNewline + 1, end).trim() : t;
}
