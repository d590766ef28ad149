/**
 * Structured output in OpenAI's strict mode. The response schema goes out transformed by core's
 * `toStrictJSONSchema` (every property required, optional ones nullable, no extra properties), so
 * a plain `z.object` with optional fields is enforced exactly; a schema strict mode cannot
 * express (records, tuples, "any") goes out as it is, not strict. The model then answers `null`
 * for an optional property it leaves out, which the application's schema would refuse: the reply
 * text is rewritten with those nulls removed (core's `createNullRestorer`) before core parses and
 * validates it.
 */
import type { JSONSchema, ModelResponse, ModelStreamEvent, ResponseFormat } from '@agno/core';
import {
  createNullRestorer,
  isStrictCompatible,
  type NullRestorer,
  toStrictJSONSchema,
} from '@agno/core/utils';

/** A response format as sent: its schema, whether strict, and how to map the model's nulls back. */
export interface OutputFormat {
  schema: JSONSchema;
  strict: boolean;
  /** Defined when the strict schema made optional properties nullable. */
  restore: NullRestorer | undefined;
}

const formats = new WeakMap<ResponseFormat, OutputFormat>();

/** The format as sent for `format` (computed once per format object: core reuses it). */
export function outputFormat(format: ResponseFormat): OutputFormat {
  const hit = formats.get(format);
  if (hit !== undefined) return hit;
  let out: OutputFormat = { schema: format.schema, strict: false, restore: undefined };
  if (format.strict !== false) {
    if (isStrictCompatible(format.schema)) out = { schema: format.schema, strict: true, restore: undefined };
    else {
      try {
        const schema = toStrictJSONSchema(format.schema);
        out = { schema, strict: true, restore: createNullRestorer(format.schema) };
      } catch {
        // Strict mode cannot express this schema: sent as it is, and core validates the answer.
      }
    }
  }
  formats.set(format, out);
  return out;
}

/** The restorer for `request`'s response format, when its answer may hold nulls to remove. */
export function restorerOf(format: ResponseFormat | undefined): NullRestorer | undefined {
  return format === undefined ? undefined : outputFormat(format).restore;
}

/** `text` with the nulls of optional properties removed; text that is not JSON is kept as it is. */
export function restoreText(text: string, restore: NullRestorer): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text; // a refusal, or a broken answer: core reports it
  }
  const restored = restore(value);
  return restored === value ? text : JSON.stringify(restored);
}

/** `response` with its text restored (a copy; the response is not changed). */
export function restoreResponse(response: ModelResponse, restore: NullRestorer): ModelResponse {
  const text = restoreText(response.text, restore);
  return text === response.text ? response : { ...response, text };
}

/**
 * Passes `events` through, holding the text back and sending it as one restored `text-delta`
 * before `usage` or `finish` (a JSON answer cannot be rewritten once streamed in pieces).
 */
export async function* restoreStream(
  events: AsyncIterable<ModelStreamEvent>,
  restore: NullRestorer,
): AsyncGenerator<ModelStreamEvent> {
  let held = '';
  try {
    for await (const event of events) {
      if (event.type === 'text-delta') {
        held += event.text;
        continue;
      }
      if (held.length > 0 && (event.type === 'finish' || event.type === 'usage')) {
        const text = restoreText(held, restore);
        held = '';
        yield { type: 'text-delta', text };
      }
      yield event;
    }
  } catch (error) {
    // A broken stream: what arrived is passed on as it is, then the error.
    if (held.length > 0) yield { type: 'text-delta', text: held };
    throw error;
  }
}
