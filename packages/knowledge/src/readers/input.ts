/**
 * What every reader does with its input: decode the text (UTF-8, byte order mark dropped,
 * malformed bytes refused), refuse an empty document, and build the document's base metadata.
 */
import type { KnowledgeDocument, MetadataValue } from '@agno/core';
import { ReaderError } from '../errors.js';
import type { DocumentKind, ReaderInput } from './types.js';

/** Why a document could not be read, in a {@link ReaderError}'s `details.reason`. */
export type ReadFailure =
  | 'empty'
  | 'corrupt'
  | 'unsupported'
  | 'unreachable'
  | 'refused'
  | 'too_large'
  | 'timeout'
  | 'not_found';

/** A {@link ReaderError} for `source`, with the failure's reason in `details.reason`. */
export function readError(
  source: string,
  reason: ReadFailure,
  message: string,
  options: { cause?: unknown; status?: number; retryable?: boolean } = {},
): ReaderError {
  return new ReaderError(source, message, { ...options, details: { reason } });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The input's text: bytes decoded as UTF-8 (a byte order mark dropped); a string as it is. */
export function inputText(input: ReaderInput): string {
  if (typeof input.data === 'string') {
    return input.data.charCodeAt(0) === 0xfeff ? input.data.slice(1) : input.data;
  }
  try {
    return decoder.decode(input.data);
  } catch (error) {
    throw readError(input.source, 'corrupt', 'is not UTF-8 text', { cause: error });
  }
}

/** Throws the "empty" {@link ReaderError} when `text` holds nothing but white space. */
export function requireContent(input: ReaderInput, text: string, what = 'is empty'): string {
  if (text.trim().length === 0) throw readError(input.source, 'empty', what);
  return text;
}

/** The input's file name: its `name`, else the last part of its source (query and hash cut). */
export function fileNameOf(input: ReaderInput): string {
  if (input.name !== undefined) return input.name;
  const path = input.source.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1);
}

/** The file name without its extension (`notes.md` → `notes`), a title of last resort. */
export function baseTitle(input: ReaderInput): string | undefined {
  const name = fileNameOf(input);
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  return base.length > 0 ? base : undefined;
}

/** A document of `kind` from `input`: its source, title, text and metadata (the input's, then `extra`). */
export function documentOf(
  input: ReaderInput,
  kind: DocumentKind,
  content: string,
  title: string | undefined,
  extra?: Record<string, MetadataValue>,
  source = input.source,
): KnowledgeDocument {
  const metadata: Record<string, MetadataValue> = { type: kind };
  const name = fileNameOf(input);
  if (name.length > 0) metadata.fileName = name;
  if (input.metadata !== undefined) Object.assign(metadata, input.metadata);
  if (extra !== undefined) Object.assign(metadata, extra);
  const doc: KnowledgeDocument = { source, content, metadata };
  if (title !== undefined && title.length > 0) doc.title = title;
  return doc;
}
