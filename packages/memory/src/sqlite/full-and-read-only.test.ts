import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreFailure, type MemoryStoreError } from '../errors.js';
import { testRun, uniqueId } from '../testing/fixtures.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-sqlite-full-'));
const mounts: string[] = [];
afterAll(() => {
  // Lazily: a store a failed test left open must not keep its mount (or this folder) behind.
  for (const m of mounts) execFileSync('umount', ['-l', m], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

/** Mounts a tmpfs of `size` (root only); undefined when this machine does not let us. */
function mountTmpfs(size: string): string | undefined {
  const at = join(dir, `fs-${mounts.length}`);
  mkdirSync(at);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounts.push(at);
  return at;
}

const probe = process.getuid?.() === 0 ? mountTmpfs('64k') : undefined;
const noMount = probe === undefined ? '(needs root to mount a tmpfs)' : undefined;

async function failure(p: Promise<unknown>): Promise<MemoryStoreError> {
  try {
    await p;
  } catch (error) {
    if (isStoreFailure(error)) return error;
    throw error;
  }
  throw new Error('expected a store error, and the call succeeded');
}

/** Appends big runs until one fails; returns the runs that were stored and the failure. */
async function fill(store: SqliteStore, sessionId: string) {
  const stored = [];
  for (let i = 0; i < 10_000; i++) {
    const run = testRun({ sessionId, padding: 40 });
    try {
      await store.appendRun(run);
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      return { stored, error };
    }
    stored.push(run);
  }
  throw new Error('the store never filled up');
}

describe('SqliteStore when the disk is full', () => {
  it('fails with reason disk_full (not retryable) at its size limit, keeps every committed run, and writes again once there is room', async () => {
    const store = SqliteStore.open(join(dir, 'limited.sqlite'));
    const sessionId = uniqueId('s');
    await store.appendRun(testRun({ sessionId }));
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 20}`);
    const { stored, error } = await fill(store, sessionId);
    expect(error.reason).toBe('disk_full');
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('store_error');
    expect(error.details).toMatchObject({ reason: 'disk_full', sqliteCode: 'SQLITE_FULL' });
    expect(stored.length).toBeGreaterThan(0);
    const history = await store.loadHistory(sessionId);
    expect(history.slice(-stored.at(-1)!.messages.length)).toEqual(stored.at(-1)!.messages);
    expect((await store.getSession(sessionId))?.runCount).toBe(stored.length + 1);
    expect(await store.verify()).toEqual([]);
    store.db.pragma('max_page_count = 1073741823');
    await store.appendRun(testRun({ sessionId }));
    expect((await store.getSession(sessionId))?.runCount).toBe(stored.length + 2);
    await store.close();
  });

  it.skipIf(noMount !== undefined)(
    `fails with reason disk_full on a full file system ${noMount ?? ''}`,
    async () => {
      const at = mountTmpfs('256k')!;
      const store = SqliteStore.open(join(at, 'store.sqlite'));
      const sessionId = uniqueId('s');
      const { stored, error } = await fill(store, sessionId);
      expect(error.reason).toBe('disk_full');
      expect(error.retryable).toBe(false);
      expect((await store.getSession(sessionId))?.runCount).toBe(stored.length);
      expect(await store.loadHistory(sessionId)).toHaveLength(
        stored.reduce((n, r) => n + r.messages.length, 0),
      );
      await store.close();
    },
  );
});

describe('SqliteStore on a read-only file', () => {
  it('fails writes with reason read_only (not retryable) when its connection is read-only, and still reads', async () => {
    const store = SqliteStore.open(join(dir, 'query-only.sqlite'));
    const sessionId = uniqueId('s');
    const run = testRun({ sessionId });
    await store.appendRun(run);
    store.db.pragma('query_only = ON');
    const error = await failure(store.appendRun(testRun({ sessionId })));
    expect(error.reason).toBe('read_only');
    expect(error.retryable).toBe(false);
    expect((await failure(store.updateState(sessionId, () => ({ a: 1 })))).reason).toBe('read_only');
    expect(await store.loadHistory(sessionId)).toEqual(run.messages);
    await store.close();
  });

  it.skipIf(noMount !== undefined)(
    `refuses to open a store on a read-only file system with reason read_only (not retryable) ${noMount ?? ''}`,
    async () => {
      const at = mountTmpfs('1m')!;
      const path = join(at, 'store.sqlite');
      const store = SqliteStore.open(path);
      const run = testRun({ sessionId: 's' });
      await store.appendRun(run);
      await store.close();
      execFileSync('mount', ['-o', 'remount,ro', at]);
      try {
        const error = await failure(Promise.resolve().then(() => SqliteStore.open(path)));
        expect(error.reason).toBe('read_only');
        expect(error.retryable).toBe(false);
        const fresh = await failure(Promise.resolve().then(() => SqliteStore.open(join(at, 'new.sqlite'))));
        expect(fresh.reason).toBe('read_only');
      } finally {
        execFileSync('mount', ['-o', 'remount,rw', at]);
      }
      const again = SqliteStore.open(path);
      expect(await again.loadHistory('s')).toEqual(run.messages);
      await again.close();
    },
  );

  it('still reports a file that cannot be opened for another reason as unavailable (retryable)', async () => {
    const error = await failure(
      Promise.resolve().then(() => SqliteStore.open(join(dir, 'no-such-dir', 'x', 'store.sqlite'))),
    );
    expect(error.reason).toBe('unavailable');
    expect(error.retryable).toBe(true);
  });
});
