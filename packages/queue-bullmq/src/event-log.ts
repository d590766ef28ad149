/**
 * A job's events in a Redis stream: the worker appends (in order, on one connection, without
 * waiting for each reply); callers read from the start, so a late reader misses nothing.
 */
import type { Redis } from 'ioredis';
import type { RemoteErrorInfo } from './errors.js';

/** Kinds of entries: attempt started, run event, result, error. */
export type EntryKind = 's' | 'e' | 'r' | 'x';

/** One entry of a job's event log, decoded. */
export interface LogEntry {
  id: string;
  kind: EntryKind;
  attempt: number;
  /** The event, the result or the {@link RemoteErrorInfo}. */
  data: unknown;
  /** For `x`: whether the queue will try again. */
  willRetry: boolean;
}

/** Appends a job's entries to its stream. */
export class EventLogWriter {
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly attempt: string,
  ) {}

  /** Appends without waiting; entries keep their order (one connection). */
  append(kind: EntryKind, data: unknown, willRetry = false): void {
    this.last = this.redis.xadd(
      this.key,
      '*',
      'k',
      kind,
      'a',
      this.attempt,
      'd',
      data === undefined ? '' : JSON.stringify(data),
      'w',
      willRetry ? '1' : '0',
    );
  }

  /** Waits for every append so far, then lets the stream expire after `ttlSeconds`. */
  async flush(ttlSeconds: number): Promise<void> {
    await this.last;
    await this.redis.expire(this.key, ttlSeconds);
  }
}

/** Decodes the reply of XRANGE / XREAD for one stream. */
export function decodeEntries(raw: [string, string[]][]): LogEntry[] {
  const out: LogEntry[] = [];
  for (const [id, fields] of raw) {
    let kind: EntryKind = 'e';
    let attempt = 0;
    let data: unknown;
    let willRetry = false;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = fields[i + 1]!;
      switch (fields[i]) {
        case 'k':
          kind = value as EntryKind;
          break;
        case 'a':
          attempt = Number(value);
          break;
        case 'd':
          data = value === '' ? undefined : JSON.parse(value);
          break;
        case 'w':
          willRetry = value === '1';
          break;
      }
    }
    out.push({ id, kind, attempt, data, willRetry });
  }
  return out;
}

/** The last error a job's log holds, if any. */
export async function lastError(redis: Redis, key: string): Promise<RemoteErrorInfo | undefined> {
  const raw = (await redis.xrevrange(key, '+', '-', 'COUNT', 20)) as [string, string[]][];
  for (const entry of decodeEntries(raw)) if (entry.kind === 'x') return entry.data as RemoteErrorInfo;
  return undefined;
}
