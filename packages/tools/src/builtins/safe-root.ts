/**
 * A folder that paths may not leave: every path is relative to it, and a path that
 * resolves outside it, by `..`, by being absolute, or through a symbolic link, is refused.
 * Symbolic links are resolved with `realpath` on the part of the path that exists; a new
 * file is created with O_NOFOLLOW so that a dangling link cannot redirect the write.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path refused because it leaves the root (or is otherwise unusable). */
export class PathRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathRefusedError';
  }
}

/** A root folder and the checks that keep paths inside it. */
export class SafeRoot {
  /** The root as given, resolved to an absolute path. */
  readonly path: string;
  private real: Promise<string> | undefined = undefined;

  constructor(root: string) {
    this.path = resolve(root);
  }

  /** The root with symbolic links resolved. */
  realRoot(): Promise<string> {
    return (this.real ??= realpath(this.path));
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
      return real;
    }
    if (info?.isDirectory()) throw new PathRefusedError(`"${given}" is a folder`);
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

  /** Writes a file at a path from {@link resolveForWrite}, refusing to follow a link at its last component. */
  async write(path: string, content: string, append: boolean): Promise<number> {
    const flags =
      constants.O_WRONLY |
      constants.O_CREAT |
      (append ? constants.O_APPEND : constants.O_TRUNC) |
      constants.O_NOFOLLOW;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, flags, 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
        throw new PathRefusedError('the target is a symbolic link; writing through it is refused');
      }
      throw error;
    }
    try {
      const data = Buffer.from(content, 'utf8');
      await handle.write(data);
      return data.byteLength;
    } finally {
      await handle.close();
    }
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
