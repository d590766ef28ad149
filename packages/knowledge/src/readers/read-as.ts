/**
 * Choosing a reader: the kind of a document from its file extension or its content type, and
 * reading an input as a given kind with the per-kind options.
 */
import type { KnowledgeDocument } from '@agno/core';
import { readCsv } from './csv.js';
import { readHtml } from './html.js';
import { readError } from './input.js';
import { readJson } from './json.js';
import { readMarkdown } from './markdown.js';
import { readPdf } from './pdf.js';
import { readText } from './text.js';
import type { DocumentKind, ReaderInput, ReadOptions } from './types.js';

/** The kind read for each file extension (lower case, without the dot). */
export const EXTENSION_KINDS: Readonly<Record<string, DocumentKind>> = Object.freeze({
  txt: 'text',
  text: 'text',
  log: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  pdf: 'pdf',
  json: 'json',
  csv: 'csv',
  tsv: 'tsv',
});

/** The kind read for each media type. */
const MEDIA_KINDS: Readonly<Record<string, DocumentKind>> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/json': 'json',
  'text/json': 'json',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
};

/** The kind of a path or URL by its extension (`extensions` adds to or overrides the defaults). */
export function kindOfPath(
  path: string,
  extensions?: Readonly<Record<string, DocumentKind>>,
): DocumentKind | undefined {
  const clean = path.replace(/[?#].*$/, '');
  const slash = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  const dot = clean.lastIndexOf('.');
  if (dot <= slash + 1) return undefined;
  const ext = clean.slice(dot + 1).toLowerCase();
  return extensions?.[ext] ?? EXTENSION_KINDS[ext];
}

/** The kind of a `Content-Type` header value (any `+json` type is JSON), or `undefined`. */
export function kindOfContentType(contentType: string | null | undefined): DocumentKind | undefined {
  if (!contentType) return undefined;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return MEDIA_KINDS[type] ?? (type.endsWith('+json') ? 'json' : undefined);
}

/** Reads `input` with the reader of `kind`, passing that kind's options. */
export function readAs(
  kind: DocumentKind,
  input: ReaderInput,
  options: ReadOptions = {},
): Promise<KnowledgeDocument[]> {
  switch (kind) {
    case 'text':
      return readText(input);
    case 'markdown':
      return readMarkdown(input);
    case 'html':
      return readHtml(input, options.html);
    case 'pdf':
      return readPdf(input, options.pdf);
    case 'json':
      return readJson(input, options.json);
    case 'csv':
      return readCsv(input, options.csv);
    case 'tsv':
      return readCsv(input, { delimiter: '\t', ...options.csv });
    default:
      return Promise.reject(
        readError(input.source, 'unsupported', `has an unsupported type (${String(kind)})`),
      );
  }
}
