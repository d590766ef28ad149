/**
 * `search_files`: a walk of the folders under a start folder that reads text files and
 * collects the lines containing a text. Bounded in files and folders seen, bytes read, time
 * and matches (a bound reached ends the walk with what was found); an aborted signal ends it
 * at once with an aborted error. Symbolic links are never followed: entries that are links are
 * skipped, a folder swapped for a link during the walk is not read, and each file is opened
 * through {@link SafeRoot.openForRead} (no link at the last component, checked again after
 * opening). FIFOs, devices and hard-linked files are skipped without being opened.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { abortError } from '@agno/core/utils';
import type { SafeRoot } from './safe-root.js';

/** The bounds of a search. */
export interface SearchLimits {
  /** Most matches returned. */
  maxMatches: number;
  /** Most files and folders looked at. */
  maxSearchFiles: number;
  /** Most bytes read, over all files. */
  maxSearchBytes: number;
  /** Time allowed, in ms. */
  searchTimeoutMs: number;
  /** Files larger than this are skipped. */
  maxFileBytes: number;
}

/** One matching line. */
export interface SearchMatch {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** 1-based line number. */
  line: number;
  /** The line (cut at 300 characters). */
  text: string;
}

/** Which bound ended a search early. */
export type SearchStop = 'matches' | 'files' | 'bytes' | 'time';

/** What `search_files` returns. */
export interface SearchResult {
  matches: SearchMatch[];
  /** Present when a bound ended the search before every file was read. */
  truncated?: true;
  /** The bound that ended it. */
  stoppedBy?: SearchStop;
}

/** Searches the text files at or under `start` (a real path inside the root). */
export async function searchFiles(
  root: SafeRoot,
  start: string,
  query: { query: string; caseSensitive: boolean },
  limits: SearchLimits,
  signal?: AbortSignal,
): Promise<SearchResult> {
  const search = new Search(root, query, limits, signal);
  await search.run(start);
  const { matches, stoppedBy } = search;
  return stoppedBy === undefined ? { matches } : { matches, truncated: true, stoppedBy };
}

class Search {
  readonly matches: SearchMatch[] = [];
  stoppedBy: SearchStop | undefined = undefined;
  private seen = 0;
  private bytes = 0;
  private readonly deadline: number;
  private readonly needle: string;

  constructor(
    private readonly root: SafeRoot,
    private readonly query: { query: string; caseSensitive: boolean },
    private readonly limits: SearchLimits,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.deadline = Date.now() + limits.searchTimeoutMs;
    this.needle = query.caseSensitive ? query.query : query.query.toLowerCase();
  }

  async run(start: string): Promise<void> {
    if (this.stopped()) return;
    if (!(await lstat(start)).isDirectory()) return this.file(start);
    const queue = [start];
    while (queue.length > 0 && !this.stopped()) {
      const dir = queue.shift()!;
      for (const item of await this.entries(dir)) {
        if (this.stopped()) return;
        if (++this.seen > this.limits.maxSearchFiles) {
          this.stoppedBy = 'files';
          return;
        }
        const full = join(dir, item.name);
        if (item.isDirectory()) queue.push(full);
        else if (item.isFile()) await this.file(full);
      }
    }
  }

  /** True when the search must end; throws when the signal aborted. */
  private stopped(): boolean {
    if (this.signal?.aborted) throw abortError(this.signal.reason, 'search_files');
    if (this.stoppedBy !== undefined) return true;
    if (Date.now() >= this.deadline) this.stoppedBy = 'time';
    return this.stoppedBy !== undefined;
  }

  /** The entries of a folder, sorted; none when it is no longer the folder it was (a link swapped in). */
  private async entries(dir: string) {
    try {
      if (!(await lstat(dir)).isDirectory()) return [];
      const items = await readdir(dir, { withFileTypes: true });
      if ((await realpath(dir)) !== dir) return [];
      return items.sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return [];
    }
  }

  private async file(path: string): Promise<void> {
    const display = await this.root.display(path);
    let data: Buffer;
    try {
      const { handle, info } = await this.root.openForRead(path, display);
      try {
        if (info.size > this.limits.maxFileBytes) return;
        if (this.bytes + info.size > this.limits.maxSearchBytes) {
          this.stoppedBy = 'bytes';
          return;
        }
        const buffer = Buffer.alloc(info.size);
        const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
        this.bytes += bytesRead;
        data = buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } catch {
      return; // refused (a FIFO, a hard link, a link swapped in) or gone: not searched
    }
    if (isBinary(data)) return;
    this.scan(display, data.toString('utf8'));
  }

  private scan(display: string, text: string): void {
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n]!;
      const hay = this.query.caseSensitive ? line : line.toLowerCase();
      if (!hay.includes(this.needle)) continue;
      this.matches.push({
        path: display,
        line: n + 1,
        text: line.length > 300 ? `${line.slice(0, 300)}…` : line,
      });
      if (this.matches.length >= this.limits.maxMatches) {
        this.stoppedBy = 'matches';
        return;
      }
    }
  }
}

/** True when the first 8000 bytes hold a NUL byte. */
export function isBinary(data: Uint8Array): boolean {
  const n = Math.min(data.byteLength, 8000);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}
