/**
 * The Markdown reader: the text without its front matter, titled by the front matter's `title`,
 * else the first heading, else the file name. The front matter's other scalar fields
 * (`key: value` lines) go into the metadata.
 */
import type { KnowledgeDocument, MetadataValue } from '@agno/core';
import { baseTitle, documentOf, inputText, requireContent } from './input.js';
import type { ReaderInput } from './types.js';

/** Reads Markdown into one document; an empty one (front matter alone included) is a `ReaderError`. */
export async function readMarkdown(input: ReaderInput): Promise<KnowledgeDocument[]> {
  const { fields, body } = splitFrontMatter(inputText(input));
  requireContent(input, body);
  const { title, ...rest } = fields;
  const heading = firstHeading(body);
  const chosen = typeof title === 'string' && title.length > 0 ? title : (heading ?? baseTitle(input));
  return [documentOf(input, 'markdown', body.replace(/^\s*\n/, ''), chosen, rest)];
}

/** Front matter (`---` lines at the very top) parsed as flat `key: value` pairs, and the body after it. */
export function splitFrontMatter(text: string): { fields: Record<string, MetadataValue>; body: string } {
  const fields: Record<string, MetadataValue> = {};
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (m === null) return { fields, body: text };
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (kv === null || kv[2] === '') continue; // nested YAML, lists and comments are not metadata
    fields[kv[1]!] = scalar(kv[2]!);
  }
  return { fields, body: text.slice(m[0].length) };
}

/** A YAML scalar: a quoted string, a number, `true`/`false`, `null`, or the text as it is. */
function scalar(raw: string): MetadataValue {
  if (/^"(?:[^"\\]|\\.)*"$/.test(raw)) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (/^'.*'$/.test(raw)) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null' || raw === '~') return null;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(raw)) return Number(raw);
  return raw.replace(/\s+#.*$/, '');
}

/** The text of the first ATX (`# Title`) or setext (`Title` over `===`) heading outside code fences. */
export function firstHeading(markdown: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f !== null) {
      if (fence === undefined) fence = f[1]![0];
      else if (f[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const atx = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx !== null && atx[1]!.length > 0) return atx[1];
    const next = lines[i + 1];
    if (
      line.trim().length > 0 &&
      next !== undefined &&
      /^ {0,3}(=+|-+)[ \t]*$/.test(next) &&
      !/^\s*[-*+]\s/.test(line)
    )
      return line.trim();
  }
  return undefined;
}
