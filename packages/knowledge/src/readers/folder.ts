/**
 * Reading a folder: the files that match glob patterns (`tinyglobby`), each read by its
 * extension with bounded concurrency, sources relative to the folder. A file that fails is
 * reported with its error and the others are still read, unless `failFast` is set.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type AgnoError, isAgnoError, type KnowledgeDocument } from '@agno/core';
import { abortError, mapConcurrent } from '@agno/core/utils';
import { glob } from 'tinyglobby';
import { readFile } from './file.js';
import { readError } from './input.js';
import { EXTENSION_KINDS } from './read-as.js';
import type { DocumentKind, ReadOptions } from './types.js';

/** Options of {@link readFolder}. */
export interface ReadFolderOptions extends ReadOptions {
  /** Glob patterns of the files to read, relative to the folder. Default: every supported extension. */
  include?: readonly string[];
  /** Glob patterns of files and folders to skip (`drafts/**`, `**\/*.tmp.md`). */
  ignore?: readonly string[];
  /** Kinds for more extensions, or other kinds for known ones. */
  extensions?: Readonly<Record<string, DocumentKind>>;
  /** Files read at once. Default 8. */
  concurrency?: number;
  /** Stop at the first file that fails, with its error. Default false: collect the failures. */
  failFast?: boolean;
  /** Read dotfiles and dot folders too. Default false. */
  dot?: boolean;
  /** Files larger than this are failures (`too_large`). Default 50 MB. */
  maxBytes?: number;
  /** Stops the read (an `AbortedError` or `TimeoutError`). */
  signal?: AbortSignal;
}

/** A file of the folder that could not be read. */
export interface ReadFailureEntry {
  /** The file's path relative to the folder. */
  source: string;
  /** Why (a `ReaderError` for anything the file itself caused). */
  error: AgnoError;
}

/** What {@link readFolder} gives: the documents of every file read, and the files that failed. */
export interface FolderRead {
  /** The documents, in file path order. */
  documents: KnowledgeDocument[];
  /** The files that could not be read, in file path order. */
  failures: ReadFailureEntry[];
}

/**
 * Reads every matching file under `folder`. Sources are paths relative to the folder with `/`
 * separators (`guides/setup.md`). Symbolic links are not followed, so nothing outside the folder
 * is read. A folder that does not exist is a `ReaderError`.
 */
export async function readFolder(folder: string, options: ReadFolderOptions = {}): Promise<FolderRead> {
  const root = resolve(folder);
  const signal = options.signal;
  try {
    if (!(await stat(root)).isDirectory()) throw readError(folder, 'unsupported', 'is not a folder');
  } catch (error) {
    if (isAgnoError(error)) throw error;
    throw readError(folder, 'not_found', 'is not a readable folder', { cause: error });
  }
  const extensions = { ...EXTENSION_KINDS, ...options.extensions };
  const include = options.include ?? [`**/*.{${Object.keys(extensions).join(',')}}`];
  const files = await glob([...include], {
    cwd: root,
    ignore: [...(options.ignore ?? [])],
    dot: options.dot ?? false,
    onlyFiles: true,
    followSymbolicLinks: false,
    caseSensitiveMatch: false,
    expandDirectories: false,
  });
  files.sort();
  if (signal?.aborted) throw abortError(signal.reason, 'reading the folder');
  const results = await mapConcurrent(files, options.concurrency ?? 8, async (file) => {
    if (signal?.aborted) throw abortError(signal.reason, 'reading the folder');
    try {
      return await readFile(resolve(root, file), {
        ...options,
        source: file,
        extensions: options.extensions,
      });
    } catch (error) {
      if (signal?.aborted) throw abortError(signal.reason, 'reading the folder');
      const failure = isAgnoError(error)
        ? error
        : readError(file, 'corrupt', `could not be read: ${(error as Error)?.message ?? String(error)}`, {
            cause: error,
          });
      if (options.failFast) throw failure;
      return failure;
    }
  });
  const documents: KnowledgeDocument[] = [];
  const failures: ReadFailureEntry[] = [];
  results.forEach((result, i) => {
    if (Array.isArray(result)) for (const doc of result) documents.push(doc);
    else failures.push({ source: files[i]!, error: result });
  });
  return { documents, failures };
}
