/**
 * The file operations behind the files toolkit: read, list, write and search inside one
 * root folder. Every error the model reads names paths as it gave them, never host paths.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '@agno/core';
import { fileError, PathRefusedError } from './file-errors.js';
import { isBinary, type SearchLimits, type SearchResult, searchFiles } from './file-search.js';
import { SafeRoot } from './safe-root.js';

/** One entry of a listing. */
export interface FileEntry {
  /** Path relative to the root, with `/` separators. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  /** Size in bytes, for files. */
  size?: number;
}

/** Options of {@link RootedFiles}. */
export interface RootedFilesOptions {
  /** The folder the tools work in; nothing outside it can be read or written. */
  root: string;
  /** Files are read up to this many bytes (longer ones are cut, with a note). Default 1 000 000. */
  maxReadBytes?: number;
  /** Most entries a listing returns. Default 500. */
  maxEntries?: number;
  /** Most matches a search returns. Default 100. */
  maxMatches?: number;
  /** Most files and folders one search looks at. Default 10 000. */
  maxSearchFiles?: number;
  /** Most bytes one search reads, over all files. Default 50 000 000. */
  maxSearchBytes?: number;
  /** Time one search may take, in ms (then it returns what it found). Default 10 000. */
  searchTimeoutMs?: number;
  /** Most bytes one write may write. Default 10 000 000. */
  maxWriteBytes?: number;
  /**
   * Read and write files that have more than one hard link. Default false: a hard link planted
   * in the root may be the same file as one outside it.
   */
  allowHardLinks?: boolean;
}

/** The file operations behind the tools. */
export class RootedFiles {
  /** The root and its path checks. */
  readonly root: SafeRoot;
  private readonly maxReadBytes: number;
  private readonly maxEntries: number;
  private readonly maxWriteBytes: number;
  private readonly limits: SearchLimits;

  constructor(options: RootedFilesOptions) {
    this.root = new SafeRoot(options.root, { allowHardLinks: options.allowHardLinks });
    this.maxReadBytes = options.maxReadBytes ?? 1_000_000;
    this.maxEntries = options.maxEntries ?? 500;
    this.maxWriteBytes = options.maxWriteBytes ?? 10_000_000;
    this.limits = {
      maxMatches: options.maxMatches ?? 100,
      maxSearchFiles: options.maxSearchFiles ?? 10_000,
      maxSearchBytes: options.maxSearchBytes ?? 50_000_000,
      searchTimeoutMs: options.searchTimeoutMs ?? 10_000,
      maxFileBytes: this.maxReadBytes,
    };
  }

  /** The text of a file (cut at `maxReadBytes`, with a note). */
  async read(path: string): Promise<string> {
    try {
      const real = await this.root.resolveExisting(path);
      const { handle, info } = await this.root.openForRead(real, path);
      let data: Buffer;
      try {
        const buffer = Buffer.alloc(Math.min(info.size, this.maxReadBytes));
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, 0);
        data = buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
      if (isBinary(data))
        throw new ValidationError(
          `"${path}" is a binary file (${info.size} bytes); only text files can be read`,
        );
      const text = data.toString('utf8');
      return info.size > data.byteLength
        ? `${text}\n…[cut: the file has ${info.size} bytes, ${data.byteLength} shown]`
        : text;
    } catch (error) {
      throw fileError(error, path);
    }
  }

  /** The entries of a folder (recursively when asked), without following symbolic links. */
  async list(path: string, recursive: boolean): Promise<{ entries: FileEntry[]; truncated?: true }> {
    try {
      const real = await this.root.resolveExisting(path);
      if (!(await stat(real)).isDirectory()) throw new PathRefusedError(`"${path}" is not a folder`);
      const entries: FileEntry[] = [];
      const queue = [real];
      while (queue.length > 0) {
        const dir = queue.shift()!;
        const items = await readdir(dir, { withFileTypes: true });
        items.sort((a, b) => a.name.localeCompare(b.name));
        for (const item of items) {
          if (entries.length >= this.maxEntries) return { entries, truncated: true };
          const full = join(dir, item.name);
          const entry: FileEntry = { path: await this.root.display(full), type: typeOf(item) };
          if (entry.type === 'file') entry.size = (await lstat(full)).size;
          entries.push(entry);
          if (recursive && entry.type === 'dir') queue.push(full);
        }
      }
      return { entries };
    } catch (error) {
      throw fileError(error, path);
    }
  }

  /** Writes (or appends to) a text file; returns its path and the bytes written. */
  async write(path: string, content: string, append: boolean): Promise<{ path: string; bytes: number }> {
    const size = Buffer.byteLength(content, 'utf8');
    if (size > this.maxWriteBytes) {
      throw new ValidationError(
        `the content has ${size} bytes; at most ${this.maxWriteBytes} can be written at once`,
      );
    }
    try {
      const target = await this.root.resolveForWrite(path);
      const bytes = await this.root.write(target, path, content, append);
      return { path: await this.root.display(target), bytes };
    } catch (error) {
      throw fileError(error, path);
    }
  }

  /**
   * Lines containing `query` in the text files under `path`, bounded in files, bytes and time
   * (a bound reached gives the matches so far, `truncated` and `stoppedBy`); rejects with an
   * aborted error as soon as `signal` aborts. Symbolic links are never followed.
   */
  async search(
    query: string,
    path: string,
    caseSensitive: boolean,
    signal?: AbortSignal,
  ): Promise<SearchResult> {
    try {
      const start = await this.root.resolveExisting(path);
      return await searchFiles(this.root, start, { query, caseSensitive }, this.limits, signal);
    } catch (error) {
      throw fileError(error, path);
    }
  }
}

function typeOf(item: Dirent): FileEntry['type'] {
  if (item.isSymbolicLink()) return 'symlink';
  if (item.isDirectory()) return 'dir';
  if (item.isFile()) return 'file';
  return 'other';
}
