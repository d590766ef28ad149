/**
 * The files toolkit: read, list, write and search files inside one root folder. Every
 * path is relative to the root; paths that leave it (`..`, absolute paths, symbolic links
 * pointing outside) are refused. Listing and searching never follow symbolic links.
 */
import { constants, createReadStream, type Dirent } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { type DefinedTool, tool } from '../define-tool.js';
import { Toolkit, type ToolkitSharedOptions } from '../toolkit.js';
import { SafeRoot } from './safe-root.js';

/** Options of {@link filesToolkit}. */
export interface FilesToolkitOptions extends ToolkitSharedOptions {
  /** The folder the tools work in; nothing outside it can be read or written. */
  root: string;
  /** Toolkit name. Default `files`. */
  name?: string;
  /** Leave out `write_file`. Default false. */
  readOnly?: boolean;
  /** Files are read up to this many bytes (longer ones are cut, with a note). Default 1 000 000. */
  maxReadBytes?: number;
  /** Most entries a listing returns. Default 500. */
  maxEntries?: number;
  /** Most matches a search returns. Default 100. */
  maxMatches?: number;
}

/** One entry of a listing. */
export interface FileEntry {
  /** Path relative to the root, with `/` separators. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  /** Size in bytes, for files. */
  size?: number;
}

const readParameters = z.object({ path: z.string().describe('File path relative to the root folder') });
const listParameters = z.object({
  path: z.string().default('.').describe('Folder relative to the root folder'),
  recursive: z.boolean().default(false).describe('Include sub-folders'),
});
const writeParameters = z.object({
  path: z.string().describe('File path relative to the root folder; missing folders are created'),
  content: z.string().describe('Text to write'),
  append: z.boolean().default(false).describe('Append instead of replacing the file'),
});
const searchParameters = z.object({
  query: z.string().min(1).describe('Text to look for in file contents'),
  path: z.string().default('.').describe('Folder to search, relative to the root folder'),
  caseSensitive: z.boolean().default(false),
});

/** A toolkit with `read_file`, `list_files`, `write_file` and `search_files` confined to `root`. */
export function filesToolkit(options: FilesToolkitOptions): Toolkit {
  const files = new RootedFiles(options);
  return new Toolkit({
    ...options,
    name: options.name ?? 'files',
    instructions:
      'File tools work inside one folder: give paths relative to it (no absolute paths, no "..").',
    tools: () => {
      const tools: DefinedTool<any, unknown>[] = [
        tool({
          name: 'read_file',
          description: 'Read a text file.',
          parameters: readParameters,
          strict: true,
          execute: ({ path }) => files.read(path),
        }),
        tool({
          name: 'list_files',
          description: 'List the files and folders in a folder.',
          parameters: listParameters,
          strict: true,
          execute: ({ path, recursive }) => files.list(path, recursive),
        }),
        tool({
          name: 'search_files',
          description: 'Find lines containing a text in the files of a folder (recursive).',
          parameters: searchParameters,
          strict: true,
          execute: ({ query, path, caseSensitive }) => files.search(query, path, caseSensitive),
        }),
      ];
      if (options.readOnly !== true) {
        tools.push(
          tool({
            name: 'write_file',
            description: 'Write (or append) text to a file.',
            parameters: writeParameters,
            strict: true,
            execute: ({ path, content, append }) => files.write(path, content, append),
          }),
        );
      }
      return tools;
    },
  });
}

/** The file operations behind the tools. */
export class RootedFiles {
  /** The root and its path checks. */
  readonly root: SafeRoot;
  private readonly maxReadBytes: number;
  private readonly maxEntries: number;
  private readonly maxMatches: number;

  constructor(options: Pick<FilesToolkitOptions, 'root' | 'maxReadBytes' | 'maxEntries' | 'maxMatches'>) {
    this.root = new SafeRoot(options.root);
    this.maxReadBytes = options.maxReadBytes ?? 1_000_000;
    this.maxEntries = options.maxEntries ?? 500;
    this.maxMatches = options.maxMatches ?? 100;
  }

  /** The text of a file (cut at `maxReadBytes`, with a note). */
  async read(path: string): Promise<string> {
    const real = await this.existing(path);
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    let data: Buffer;
    let size: number;
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new Error(`"${path}" is not a file`);
      size = info.size;
      const buffer = Buffer.alloc(Math.min(size, this.maxReadBytes));
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, 0);
      data = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    if (isBinary(data))
      throw new Error(`"${path}" is a binary file (${size} bytes); only text files can be read`);
    const text = data.toString('utf8');
    return size > data.byteLength
      ? `${text}\n…[cut: the file has ${size} bytes, ${data.byteLength} shown]`
      : text;
  }

  /** The entries of a folder (recursively when asked), without following symbolic links. */
  async list(path: string, recursive: boolean): Promise<{ entries: FileEntry[]; truncated?: true }> {
    const real = await this.existing(path);
    if (!(await stat(real)).isDirectory()) throw new Error(`"${path}" is not a folder`);
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
  }

  /** Writes (or appends to) a text file; returns its path and the bytes written. */
  async write(path: string, content: string, append: boolean): Promise<{ path: string; bytes: number }> {
    const target = await this.root.resolveForWrite(path);
    const bytes = await this.root.write(target, content, append);
    return { path: await this.root.display(target), bytes };
  }

  /** Lines containing `query` in the text files under `path` (symbolic links are not followed). */
  async search(
    query: string,
    path: string,
    caseSensitive: boolean,
  ): Promise<{ matches: { path: string; line: number; text: string }[]; truncated?: true }> {
    const start = await this.existing(path);
    const needle = caseSensitive ? query : query.toLowerCase();
    const matches: { path: string; line: number; text: string }[] = [];
    const queue = [start];
    if (!(await stat(start)).isDirectory()) queue.length = 0;
    const files: string[] = queue.length === 0 ? [start] : [];
    while (queue.length > 0) {
      const dir = queue.shift()!;
      const items = await readdir(dir, { withFileTypes: true });
      items.sort((a, b) => a.name.localeCompare(b.name));
      for (const item of items) {
        const full = join(dir, item.name);
        if (item.isDirectory()) queue.push(full);
        else if (item.isFile()) files.push(full);
      }
    }
    for (const file of files) {
      const info = await lstat(file);
      if (info.size > this.maxReadBytes) continue;
      const head = await readHead(file);
      if (isBinary(head)) continue;
      const display = await this.root.display(file);
      const lines = createInterface({
        input: createReadStream(file, 'utf8'),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      let n = 0;
      for await (const line of lines) {
        n++;
        const hay = caseSensitive ? line : line.toLowerCase();
        if (!hay.includes(needle)) continue;
        matches.push({ path: display, line: n, text: line.length > 300 ? `${line.slice(0, 300)}…` : line });
        if (matches.length >= this.maxMatches) {
          lines.close();
          return { matches, truncated: true };
        }
      }
    }
    return { matches };
  }

  private async existing(path: string): Promise<string> {
    try {
      return await this.root.resolveExisting(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error(`"${path}" does not exist`);
      throw error;
    }
  }
}

function typeOf(item: Dirent): FileEntry['type'] {
  if (item.isSymbolicLink()) return 'symlink';
  if (item.isDirectory()) return 'dir';
  if (item.isFile()) return 'file';
  return 'other';
}

function isBinary(data: Uint8Array): boolean {
  const n = Math.min(data.byteLength, 8000);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}

async function readHead(file: string): Promise<Uint8Array> {
  const stream = createReadStream(file, { start: 0, end: 7999 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
