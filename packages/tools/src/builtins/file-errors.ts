/**
 * The errors of the files toolkit. Their messages name paths only as the model gave them
 * (relative to the root): a file system error's own message, which shows absolute host paths,
 * is never passed on; its code goes into `details.errno` for operators.
 */
import { AgnoError, type ErrorCode } from '@agno/core';

/** A path refused: it leaves the root, or is not something the tools may touch. */
export class PathRefusedError extends AgnoError {
  constructor(message: string) {
    super('bad_request', message);
  }
}

/** A file operation failed (missing file, permissions, full disk...); the message has no host path. */
export class FileAccessError extends AgnoError {
  constructor(message: string, code: ErrorCode = 'tool_error', errno?: string) {
    super(code, message, errno === undefined ? {} : { details: { errno } });
  }
}

/** What the model reads for a file system error code, about the path it gave. */
function describe(errno: string | undefined, given: string): string {
  switch (errno) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `"${given}" does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied for "${given}"`;
    case 'EISDIR':
      return `"${given}" is a folder`;
    case 'ELOOP':
      return `"${given}" is a symbolic link loop`;
    case 'ENXIO':
      return `"${given}" is not a regular file or folder`;
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files; try again later';
    default:
      return `cannot access "${given}"${errno === undefined ? '' : ` (${errno})`}`;
  }
}

/**
 * The error to throw for a failure on the path the model gave: framework errors as they are,
 * file system errors (whose messages show host paths) rewritten.
 */
export function fileError(error: unknown, given: string): AgnoError {
  if (error instanceof AgnoError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const code = errno === 'ENOENT' || errno === 'ENOTDIR' ? 'not_found' : 'tool_error';
  return new FileAccessError(describe(errno, given), code, errno);
}
