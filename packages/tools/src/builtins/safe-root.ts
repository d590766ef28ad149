/**
 * A folder that paths may not leave: every path is relative to it, and a path that
 * resolves outside it, by `..`, by being absolute, or through a symbolic link, is refused.
 * Symbolic links are resolved with `realpath` on the part of the path that exists; a new
 * file is created with O_NOFOLLOW so that a dangling link cannot redirect the write. Only
 * regular files and folders are touched (a FIFO would block the thread that opens it), and a
 * file with a second hard link is refused (the other link may be outside the root).
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FileAccessError, PathRefusedError } from './file-errors.js';

export { FileAccessError, PathRefusedError } from './file-errors.js';

/** Opening never waits: a FIFO opened by mistake returns at once instead of blocking a libuv thread. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/** No O_TRUNC: the file is checked on its handle before anything in it changes. */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Checks of what a path may be. */
export interface FileRules {
  /** Accept files with more than one hard link (refused by default: another may be outside the root). */
  allowHardLinks?: boolean;
}

/** A root folder and the checks that keep paths inside it. */
export class SafeRoot {
  /** The root as given, resolved to an absolute path. */
  readonly path: string;
  private real: string | undefined = undefined;
  private readonly allowHardLinks: boolean;

  constructor(root: string, rules: FileRules = {}) {
    this.path = resolve(root);
    this.allowHardLinks = rules.allowHardLinks === true;
  }

  /** The root with symbolic links resolved (looked up again on each call until it exists). */
  async realRoot(): Promise<string> {
    if (this.real !== undefined) return this.real;
    try {
      this.real = await realpath(this.path);
    } catch (error) {
      const errno = (error as NodeJS.ErrnoException).code;
      if (errno === 'ENOENT' || errno === 'ENOTDIR') {
        throw new FileAccessError('the root folder does not exist', 'not_found', errno);
      }
      throw new FileAccessError('the root folder cannot be used', 'tool_error', errno);
    }
    return this.real;
  }

  /**
   * Refuses what is neither a regular file nor a folder (FIFOs, sockets, devices), and files
   * with more than one hard link unless allowed. Works on stats, so it never blocks.
   */
  check(info: Stats, given: string): void {
    if (info.isDirectory()) return;
    if (!info.isFile()) throw new PathRefusedError(`"${given}" is not a regular file or folder`);
    if (info.nlink > 1 && !this.allowHardLinks) {
      throw new PathRefusedError(`"${given}" has more than one hard link; it is refused`);
    }
  }

  /**
   * Opens a regular file to read: checked before opening (lstat), opened without following a
   * link at its last component and without waiting, and checked again on the handle.
   */
  async openForRead(real: string, given: string): Promise<{ handle: FileHandle; info: Stats }> {
    this.checkFile(await lstat(real), given);
    const handle = await open(real, READ_FLAGS);
    try {
      const info = await handle.stat();
      this.checkFile(info, given);
      await this.verify(handle, real, info, given);
      return { handle, info };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** True when {@link check} accepts `info`. */
  accepts(info: Stats): boolean {
    return info.isDirectory() || (info.isFile() && (info.nlink <= 1 || this.allowHardLinks));
  }

  /** The path relative to the root, for messages (`.` for the root). */
  async display(absolute: string): Promise<string> {
    const rel = relative(await this.realRoot(), absolute);
    return rel === '' ? '.' : rel.split(sep).join('/');
  }

  /**
   * The real absolute path of `given` (which must exist), checked to lie inside the root.
   * Throws {@link PathRefusedError}, or the fs error (ENOENT...) when it does not exist.
   */
  async resolveExisting(given: string): Promise<string> {
    const root = await this.realRoot();
    const lexical = this.lexical(given, root);
    const real = await realpath(lexical);
    if (!inside(root, real))
      throw new PathRefusedError(`"${given}" resolves outside the root folder (through a symbolic link)`);
    return real;
  }

  /**
   * The real absolute path to write `given` at: its existing part resolved and checked,
   * missing folders created. The last component must not be a symbolic link.
   */
  async resolveForWrite(given: string): Promise<string> {
    const root = await this.realRoot();
    const lexical = this.lexical(given, root);
    if (lexical === root) throw new PathRefusedError('cannot write to the root folder itself');
    const info = await lstat(lexical).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      const real = await realpath(lexical).catch(() => undefined);
      if (real === undefined || !inside(root, real)) {
        throw new PathRefusedError(`"${given}" is a symbolic link that points outside the root folder`);
      }
      const target = await lstat(real);
      if (target.isDirectory()) throw new PathRefusedError(`"${given}" is a folder`);
      this.check(target, given);
      return real;
    }
    if (info?.isDirectory()) throw new PathRefusedError(`"${given}" is a folder`);
    if (info !== undefined) this.check(info, given);
    // Resolve the deepest folder that exists, then create the rest inside it.
    let parent = resolve(lexical, '..');
    const missing: string[] = [];
    let realParent: string | undefined;
    while (realParent === undefined) {
      try {
        realParent = await realpath(parent);
      } catch {
        missing.unshift(parent.slice(parent.lastIndexOf(sep) + 1));
        parent = resolve(parent, '..');
      }
    }
    if (!inside(root, realParent))
      throw new PathRefusedError(`"${given}" resolves outside the root folder (through a symbolic link)`);
    const folder = join(realParent, ...missing);
    if (missing.length > 0) await mkdir(folder, { recursive: true });
    return join(folder, lexical.slice(lexical.lastIndexOf(sep) + 1));
  }

  /**
   * Writes a file at a path from {@link resolveForWrite}: never through a link at its last
   * component, never into anything but a regular file with one link (checked on the open
   * handle, before the file is truncated).
   */
  async write(path: string, given: string, content: string, append: boolean): Promise<number> {
    let handle: FileHandle;
    try {
      handle = await open(path, WRITE_FLAGS | (append ? constants.O_APPEND : 0), 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
        throw new PathRefusedError('the target is a symbolic link; writing through it is refused');
      }
      throw error;
    }
    try {
      const info = await handle.stat();
      this.checkFile(info, given);
      await this.verify(handle, path, info, given);
      if (!append) await handle.truncate(0);
      const data = Buffer.from(content, 'utf8');
      await handle.writeFile(data);
      return data.byteLength;
    } finally {
      await handle.close();
    }
  }

  /**
   * Checks that the file opened at `path` is the one its real path names now, inside the root:
   * a folder swapped for a symbolic link between the path checks and the open is refused.
   */
  private async verify(handle: FileHandle, path: string, info: Stats, given: string): Promise<void> {
    const root = await this.realRoot();
    const opened = await openedPath(handle);
    if (opened !== undefined ? inside(root, opened) : await sameFileInside(root, path, info)) return;
    throw new PathRefusedError(`"${given}" changed while it was opened; it is refused`);
  }

  private checkFile(info: Stats, given: string): void {
    if (info.isDirectory()) throw new PathRefusedError(`"${given}" is not a file`);
    this.check(info, given);
  }

  private lexical(given: string, root: string): string {
    if (typeof given !== 'string' || given.length === 0) throw new PathRefusedError('the path is empty');
    if (given.includes('\0')) throw new PathRefusedError('the path contains a NUL character');
    if (isAbsolute(given) || /^[A-Za-z]:/.test(given) || given.startsWith('\\') || given.startsWith('~')) {
      throw new PathRefusedError(`"${given}" is absolute; give a path relative to the root folder`);
    }
    const full = resolve(root, given);
    if (!inside(root, full)) throw new PathRefusedError(`"${given}" points outside the root folder`);
    return full;
  }
}

/** True when `path` is `root` or lies under it. */
export function inside(root: string, path: string): boolean {
  if (path === root) return true;
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Where the file behind `handle` is, as the kernel knows it (Linux: /proc/self/fd), whatever
 * links were swapped into its path since; undefined where the platform cannot tell.
 */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
}

/** Elsewhere: the file at `path`'s real path is inside the root and is the opened one (best effort). */
async function sameFileInside(root: string, path: string, info: Stats): Promise<boolean> {
  const real = await realpath(path);
  const now = await stat(real);
  return inside(root, real) && now.ino === info.ino && now.dev === info.dev;
}
