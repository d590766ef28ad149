/**
 * The JSON reader: the whole value as pretty-printed JSON, or one document per item of an array
 * (its text from chosen fields, its title, id and metadata from others).
 */
import type { KnowledgeDocument, MetadataValue } from '@agno/core';
import { baseTitle, documentOf, inputText, readError, requireContent } from './input.js';
import type { JsonReadOptions, ReaderInput } from './types.js';

/** Reads JSON into one document, or one per array item (`split: 'items'` or a `textField`). */
export async function readJson(
  input: ReaderInput,
  options: JsonReadOptions = {},
): Promise<KnowledgeDocument[]> {
  const text = requireContent(input, inputText(input));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw readError(input.source, 'corrupt', `is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const split = options.split ?? (options.textField !== undefined ? 'items' : 'document');
  if (split === 'document') {
    return [documentOf(input, 'json', JSON.stringify(value, null, 2), baseTitle(input))];
  }
  const items = options.itemsField === undefined ? value : pick(value, options.itemsField);
  if (!Array.isArray(items)) {
    const where = options.itemsField === undefined ? 'the top-level value' : `"${options.itemsField}"`;
    throw readError(
      input.source,
      'unsupported',
      `${where} is not an array, so it cannot be split into items`,
    );
  }
  const fields =
    options.textField === undefined
      ? undefined
      : ([] as string[]).concat(options.textField as string | string[]);
  const docs: KnowledgeDocument[] = [];
  items.forEach((item, index) => {
    const content = fields === undefined ? JSON.stringify(item, null, 2) : itemText(item, fields);
    if (content.trim().length === 0) return; // an item without text has nothing to find
    const id = options.idField === undefined ? undefined : pick(item, options.idField);
    const key = typeof id === 'string' || typeof id === 'number' ? String(id) : String(index);
    const title = options.titleField === undefined ? undefined : pick(item, options.titleField);
    const extra: Record<string, MetadataValue> = { item: index };
    for (const field of options.metadataFields ?? []) {
      const v = pick(item, field);
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        extra[field] = v;
    }
    const name = typeof title === 'string' ? title : baseTitle(input);
    docs.push(documentOf(input, 'json', content, name, extra, `${input.source}#${key}`));
  });
  if (docs.length === 0) throw readError(input.source, 'empty', 'has no items with text');
  return docs;
}

/** The text of `fields` of `item`: strings as they are, other values as JSON, joined by blank lines. */
function itemText(item: unknown, fields: readonly string[]): string {
  const parts: string[] = [];
  for (const field of fields) {
    const v = pick(item, field);
    if (v === undefined || v === null) continue;
    parts.push(typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  }
  return parts.join('\n\n');
}

/** The value at a dotted path (`a.b.0.c`) of own properties only, or `undefined`. */
function pick(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
