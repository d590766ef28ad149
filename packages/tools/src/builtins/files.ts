/**
 * The files toolkit: read, list, write and search files inside one root folder. Every
 * path is relative to the root; paths that leave it (`..`, absolute paths, symbolic links
 * pointing outside) are refused, and so are FIFOs, devices and files with a second hard link.
 * Listing and searching never follow symbolic links.
 */
import { z } from 'zod';
import { type DefinedTool, tool } from '../define-tool.js';
import { Toolkit, type ToolkitSharedOptions } from '../toolkit.js';
import { once } from './once.js';
import { RootedFiles, type RootedFilesOptions } from './rooted-files.js';

export type { SearchMatch, SearchResult, SearchStop } from './file-search.js';
export { type FileEntry, RootedFiles, type RootedFilesOptions } from './rooted-files.js';

/** Options of {@link filesToolkit}: the file operations' options, a name, and read-only mode. */
export interface FilesToolkitOptions extends ToolkitSharedOptions, RootedFilesOptions {
  /** Toolkit name. Default `files`. */
  name?: string;
  /** Leave out `write_file`. Default false. */
  readOnly?: boolean;
}

const schemas = once(() => ({
  read: z.object({ path: z.string().describe('File path relative to the root folder') }),
  list: z.object({
    path: z.string().default('.').describe('Folder relative to the root folder'),
    recursive: z.boolean().default(false).describe('Include sub-folders'),
  }),
  write: z.object({
    path: z.string().describe('File path relative to the root folder; missing folders are created'),
    content: z.string().describe('Text to write'),
    append: z.boolean().default(false).describe('Append instead of replacing the file'),
  }),
  search: z.object({
    query: z.string().min(1).describe('Text to look for in file contents'),
    path: z.string().default('.').describe('Folder to search, relative to the root folder'),
    caseSensitive: z.boolean().default(false),
  }),
}));

/** A toolkit with `read_file`, `list_files`, `write_file` and `search_files` confined to `root`. */
export function filesToolkit(options: FilesToolkitOptions): Toolkit {
  const files = new RootedFiles(options);
  return new Toolkit({
    ...options,
    name: options.name ?? 'files',
    instructions:
      'File tools work inside one folder: give paths relative to it (no absolute paths, no "..").',
    tools: () => {
      const parameters = schemas();
      const tools: DefinedTool<any, unknown>[] = [
        tool({
          name: 'read_file',
          description: 'Read a text file.',
          parameters: parameters.read,
          strict: true,
          execute: ({ path }) => files.read(path),
        }),
        tool({
          name: 'list_files',
          description: 'List the files and folders in a folder.',
          parameters: parameters.list,
          strict: true,
          execute: ({ path, recursive }) => files.list(path, recursive),
        }),
        tool({
          name: 'search_files',
          description:
            'Find lines containing a text in the files of a folder (recursive). Large folders give partial results (truncated: true).',
          parameters: parameters.search,
          strict: true,
          execute: ({ query, path, caseSensitive }, context) =>
            files.search(query, path, caseSensitive, context.signal),
        }),
      ];
      if (options.readOnly !== true) {
        tools.push(
          tool({
            name: 'write_file',
            description: 'Write (or append) text to a file.',
            parameters: parameters.write,
            strict: true,
            execute: ({ path, content, append }) => files.write(path, content, append),
          }),
        );
      }
      return tools;
    },
  });
}
