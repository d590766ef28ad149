/**
 * JSON Schema match: the run's structured output (or its text parsed as JSON, code fences
 * allowed) must validate against a schema.
 */
import type { JSONSchema } from '@agno/core';
import type { Scorer } from '../types.js';
import { compileSchema, schemaIssues } from './ajv.js';

/** Options of {@link jsonSchema}. */
export interface JsonSchemaOptions {
  /**
   * What is validated: `output` (default) takes the structured output when it is not a string
   * and parses the text otherwise; `text` always parses the run's text.
   */
  from?: 'output' | 'text';
}

function parseText(text: string): { ok: true; value: unknown } | { ok: false } {
  let t = text.trim();
  if (t.startsWith('```')) t = t.slice(t.indexOf('\n') + 1, t.lastIndexOf('```')).trim();
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch {
    return { ok: false };
  }
}

/** The answer validates against `schema` (Ajv, every error reported in the reason). */
export function jsonSchema(schema: JSONSchema, options: JsonSchemaOptions = {}): Scorer {
  const validate = compileSchema(schema);
  return {
    name: 'json-schema',
    score({ result }) {
      let value: unknown = result.output;
      if (options.from === 'text' || typeof value === 'string') {
        const parsed = parseText(result.text);
        if (!parsed.ok) return { score: 0, passed: false, reason: 'the answer is not JSON' };
        value = parsed.value;
      }
      if (validate(value)) return { score: 1, passed: true };
      return { score: 0, passed: false, reason: schemaIssues(validate).join('; ') };
    },
  };
}
