/**
 * Reading one file: its kind from its extension, its size and modification time into the
 * metadata, files over a size limit refused before they are read.
 */
import { readFile as readBytes, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { KnowledgeDocument } from '@agno/core';
import { readError } from './input.js';
import { kindOfPath, readAs } from './read-as.js';
import type { DocumentKind, ReadOptions } from './types.js';

/** Options of {@link readFile}. */
export interface ReadFileOptions extends ReadOptions {
  /** The documents' source. Default: the path as given. */
  source?: string;
  /** Read the file as this kind, whatever its extension. */
  kind?: DocumentKind;
  /** Kinds for more extensions (`{ rst: 'text' }`), or other kinds for known ones. */
  extensions?: Readonly<Record<string, DocumentKind>>;
  /** Larger files are refused (`too_large`). Default 50 MB. */
  maxBytes?: number;
}

/** Default {@link ReadFileOptions.maxBytes}. */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Reads the file at `path` into documents: by kind (`.md` Markdown, `.pdf` PDF, `.html` HTML,
 * `.json`, `.csv`, `.tsv`, `.txt`), with `fileName`, `size` and `modifiedAt` in the metadata. A
 * missing, unsupported, empty, corrupt or too large file is a `ReaderError` with the source.
 */
export async function readFile(path: string, options: ReadFileOptions = {}): Promise<KnowledgeDocument[]> {
  const source = options.source ?? path;
  const kind = options.kind ?? kindOfPath(path, options.extensions);
  if (kind === undefined) throw readError(source, 'unsupported', 'has an unsupported file type');
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw readError(source, 'not_found', 'does not exist', { cause: error });
    throw readError(source, 'unreachable', `cannot be read (${code ?? 'error'})`, { cause: error });
  }
  if (!info.isFile()) throw readError(source, 'unsupported', 'is not a file');
  const max = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (info.size > max)
    throw readError(source, 'too_large', `is ${info.size} bytes, over the limit of ${max}`);
  let data: Uint8Array;
  try {
    data = await readBytes(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw readError(source, 'unreachable', `cannot be read (${code ?? 'error'})`, { cause: error });
  }
  return readAs(
    kind,
    {
      source,
      data,
      name: basename(path),
      metadata: { size: info.size, modifiedAt: info.mtime.toISOString() },
    },
    options,
  );
}
