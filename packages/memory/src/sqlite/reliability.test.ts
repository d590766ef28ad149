import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PausedRun, StoreError } from '@agno/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStoreError } from '../errors.js';
import { raceClaimers } from '../fixtures/claim-race.js';
import { spawnWriter } from '../fixtures/spawn-writer.js';
import { testRun, uniqueId } from '../testing/fixtures.js';
import { AGNO_APPLICATION_ID, SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-sqlite-reliability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => join(dir, `db-${++n}.sqlite`);

async function failure(fn: () => unknown): Promise<MemoryStoreError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MemoryStoreError);
    expect(error).toBeInstanceOf(StoreError);
    return error as MemoryStoreError;
  }
  throw new Error('expected a store error, and the call succeeded');
}

describe('SqliteStore on open', () => {
  it('creates the file in WAL mode with a busy timeout, the current schema version and its application id', async () => {
    const path = file();
    const store = SqliteStore.open(path, { busyTimeoutMs: 1234 });
    expect(store.schemaVersion).toBe(SQLITE_SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(store.db.pragma('application_id', { simple: true })).toBe(AGNO_APPLICATION_ID);
    await store.close();
    const again = SqliteStore.open(path);
    expect(again.schemaVersion).toBe(SQLITE_SCHEMA_VERSION);
    await again.close();
  });

  it('keeps everything across close and reopen', async () => {
    const path = file();
    const store = SqliteStore.open(path);
    const sessionId = uniqueId('s');
    const run = testRun({ sessionId, userId: 'u', withTool: true });
    await store.appendRun(run);
    await store.updateState(sessionId, () => ({ step: 3 }));
    await store.saveSummary(sessionId, { text: 'so far', coveredMessages: 2, updatedAt: 5 });
    const memory = await store.addMemory({ userId: 'u', memory: 'Likes jazz' });
    await store.putDocument('workflow_runs', 'w1', { status: 'running' });
    await store.close();
    const reopened = SqliteStore.open(path);
    expect(await reopened.loadHistory(sessionId)).toEqual(JSON.parse(JSON.stringify(run.messages)));
    expect(await reopened.getState(sessionId)).toEqual({ state: { step: 3 }, version: 1 });
    expect((await reopened.getSession(sessionId))?.summary?.text).toBe('so far');
    expect(await reopened.getMemory(memory.memoryId)).toEqual(memory);
    expect(await reopened.getDocument('workflow_runs', 'w1')).toEqual({ status: 'running' });
    expect(await reopened.verify()).toEqual([]);
    await reopened.close();
  });

  it('refuses a file that is not SQLite (reason corrupt) and leaves it unchanged', async () => {
    const path = file();
    const bytes = randomBytes(8192);
    writeFileSync(path, bytes);
    const error = await failure(() => SqliteStore.open(path));
    expect(error.reason).toBe('corrupt');
    expect(error.code).toBe('store_error');
    expect(error.message).toMatch(/not a (SQLite )?database/i);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a damaged store (reason corrupt) without writing to it', async () => {
    const path = file();
    const store = SqliteStore.open(path);
    for (let i = 0; i < 20; i++) await store.appendRun(testRun({ sessionId: 's', padding: 10 }));
    await store.close();
    // Overwrite the schema page (page 1 after the 100-byte header) with garbage.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(3000, 0xa5), 0, 3000, 100);
    closeSync(fd);
    const before = readFileSync(path);
    const error = await failure(async () => {
      const s = SqliteStore.open(path);
      try {
        await s.loadHistory('s');
        await s.verify().then((p) => {
          if (p.length > 0) throw new MemoryStoreError('corrupt', p.join('; '));
        });
      } finally {
        await s.close();
      }
    });
    expect(error.reason).toBe('corrupt');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("refuses another application's database (reason foreign) and leaves it unchanged", async () => {
    const path = file();
    const raw = new Database(path);
    raw.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');",
    );
    raw.close();
    const before = readFileSync(path);
    const error = await failure(() => SqliteStore.open(path));
    expect(error.reason).toBe('foreign');
    expect(error.message).toContain('customers');
    expect(readFileSync(path).equals(before)).toBe(true);

    const shared = SqliteStore.open(path, { allowForeignTables: true });
    await shared.appendRun(testRun({ sessionId: 's' }));
    expect(shared.db.prepare('SELECT name FROM customers').pluck().all()).toEqual(['Ada']);
    expect(shared.db.pragma('application_id', { simple: true })).toBe(0);
    await shared.close();
    // Once agno's tables are in, the file opens without the flag.
    const again = SqliteStore.open(path);
    expect(await again.loadHistory('s')).toHaveLength(2);
    await again.close();
  });

  it('refuses a file marked with another application id (reason foreign)', async () => {
    const path = file();
    const raw = new Database(path);
    raw.pragma('application_id = 42');
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    const error = await failure(() => SqliteStore.open(path, { allowForeignTables: true }));
    expect(error.reason).toBe('foreign');
  });

  it('refuses a store migrated by a newer release (reason schema_too_new) and changes nothing', async () => {
    const path = file();
    const store = SqliteStore.open(path);
    await store.appendRun(testRun({ sessionId: 'kept' }));
    store.db.prepare("UPDATE agno_meta SET value = '99' WHERE key = 'schema_version'").run();
    await store.close();
    const before = readFileSync(path);
    const error = await failure(() => SqliteStore.open(path));
    expect(error.reason).toBe('schema_too_new');
    expect(error.details).toMatchObject({ version: 99, supported: SQLITE_SCHEMA_VERSION });
    expect(readFileSync(path).equals(before)).toBe(true);
    const raw = new Database(path);
    expect(raw.prepare("SELECT count(*) FROM agno_messages WHERE session_id = 'kept'").pluck().get()).toBe(2);
    raw.close();
  });

  it('reports a file that cannot be opened as unavailable', async () => {
    const missingDir = await failure(() => SqliteStore.open(join(dir, 'no-such-dir', 'x.db')));
    expect(missingDir.reason).toBe('unavailable');
    const aDir = join(dir, `a-directory-${++n}`);
    mkdirSync(aDir);
    const isDir = await failure(() => SqliteStore.open(aDir));
    expect(isDir.reason).toBe('unavailable');
  });
});

describe('SqliteStore under contention and crashes', () => {
  it('reports a lock held past the busy timeout as busy (retryable), then writes once it is free', async () => {
    const path = file();
    const store = SqliteStore.open(path, { busyTimeoutMs: 30 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const run = testRun({ sessionId: 's' });
    const error = await failure(() => store.appendRun(run));
    expect(error.reason).toBe('busy');
    expect(error.retryable).toBe(true);
    other.exec('ROLLBACK');
    other.close();
    await store.appendRun(run);
    expect(await store.getRun(run.runId)).toBeDefined();
    await store.close();
  });

  it('keeps every committed run when the writer process is killed with SIGKILL mid-writing', async () => {
    const path = file();
    const sessionId = 'crash-session';
    const writer = spawnWriter(['sqlite', path, '-', sessionId, 'killed', 'forever', '30']);
    await writer.waitForCommits(40);
    writer.child.kill('SIGKILL');
    const { signal } = await writer.exited;
    expect(signal).toBe('SIGKILL');
    const committed = [...writer.committed];
    expect(committed.length).toBeGreaterThanOrEqual(40);

    const store = SqliteStore.open(path);
    expect(await store.verify()).toEqual([]);
    for (const runId of committed) {
      const run = await store.getRun(runId);
      expect(run, runId).toBeDefined();
      expect(run!.messages[0]).toEqual({ role: 'user', content: `question of ${runId}` });
      expect(run!.messages.at(-1)).toEqual({ role: 'assistant', content: `answer of ${runId}` });
    }
    const runs = await store.listRuns(sessionId);
    expect(runs.length).toBeGreaterThanOrEqual(committed.length);
    expect(runs.slice(0, committed.length).map((r) => r.runId)).toEqual(committed);
    const history = await store.loadHistory(sessionId);
    expect(history).toEqual(runs.flatMap((r) => r.messages));
    // The store takes writes again.
    await store.appendRun(testRun({ sessionId }));
    expect(await store.verify()).toEqual([]);
    await store.close();
  });

  it('lets two processes append to one session of a fresh file at once, losing nothing', async () => {
    const path = file();
    const sessionId = 'shared-session';
    const barrier = `${path}.go`;
    const writers = [
      spawnWriter(['sqlite', path, '-', sessionId, 'a', '200', '2', barrier]),
      spawnWriter(['sqlite', path, '-', sessionId, 'b', '200', '2', barrier]),
    ];
    await Promise.all(writers.map((w) => w.ready));
    writeFileSync(barrier, 'go');
    const results = await Promise.all(writers.map((w) => w.exited));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const store = SqliteStore.open(path);
    expect(await store.verify()).toEqual([]);
    const runs = await store.listRuns(sessionId);
    expect(runs).toHaveLength(400);
    for (const prefix of ['a', 'b']) {
      // Each writer's runs are stored in the order it committed them.
      const mine = runs.filter((r) => r.runId.startsWith(`${prefix}-`)).map((r) => r.runId);
      expect(mine).toEqual(Array.from({ length: 200 }, (_, i) => `${prefix}-${i}`));
    }
    expect(await store.loadHistory(sessionId)).toEqual(runs.flatMap((r) => r.messages));
    let turns = 0;
    for (let i = 1; i < runs.length; i++) if (runs[i]!.runId[0] !== runs[i - 1]!.runId[0]) turns++;
    console.info(`two writers: the session's runs switch writer ${turns} times`);
    await store.close();
  });
});

/** A paused run as the agent saves it; `content` goes in its first message. */
function paused(
  runId: string,
  sessionId: string,
  userId: string | undefined,
  createdAt: number,
  content = 'go?',
) {
  return {
    runId,
    sessionId,
    userId,
    agentName: 'a',
    messages: [{ role: 'user', content }],
    runStart: 0,
    pending: [{ toolCall: { id: 'c', name: 'rm', args: {} }, toolName: 'rm' }],
    done: [],
    round: 1,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    toolCalls: [],
    callCounts: {},
    createdAt,
  } as PausedRun;
}

/** Each won id once across processes: the union is `ids`, with no id twice. */
function expectEachWonOnce(won: string[][], ids: string[]): void {
  const all = won.flat();
  expect(all.length).toBe(ids.length);
  expect([...all].sort()).toEqual([...ids].sort());
  console.info(`claimers won ${won.map((w) => w.length).join(' / ')} of ${ids.length}`);
}

describe('SqliteStore claims across processes', () => {
  const COUNT = 200;

  it('gives each paused run to exactly one of 4 processes claiming it at the same time', async () => {
    const path = file();
    const store = SqliteStore.open(path);
    const sessionId = uniqueId('s');
    const ids = Array.from({ length: COUNT }, (_, i) => `p-${i}`);
    for (const id of ids) await store.savePausedRun(paused(id, sessionId, 'u', 1));
    const won = await raceClaimers({ kind: 'sqlite', target: path }, 'claim', 'p', COUNT, 4, `${path}.go`);
    expectEachWonOnce(won, ids);
    expect(await store.listPausedRuns({ sessionId })).toEqual([]);
    await store.close();
  });

  it('lets exactly one of 4 processes write each document with putDocumentIfAbsent', async () => {
    const path = file();
    const store = SqliteStore.open(path);
    const ids = Array.from({ length: COUNT }, (_, i) => `d-${i}`);
    const won = await raceClaimers({ kind: 'sqlite', target: path }, 'put', 'd', COUNT, 4, `${path}.go`);
    expectEachWonOnce(won, ids);
    // The document kept is the winner's.
    for (const [k, mine] of won.entries()) {
      for (const id of mine) expect(await store.getDocument('claims', id)).toEqual({ owner: `claimer-${k}` });
    }
    await store.close();
  });
});

describe('SqliteStore migration of paused runs and failed runs', () => {
  it('upgrades a schema version 1 file in place: its paused runs load, list by session and user, and claim', async () => {
    const path = file();
    // The file as the previous release left it: schema 1, with paused runs, a completed and a failed run.
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.exec(SQLITE_MIGRATIONS[0]!.sql);
    raw.exec('CREATE TABLE agno_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    raw.exec("INSERT INTO agno_meta (key, value) VALUES ('schema_version', '1')");
    raw.pragma(`application_id = ${AGNO_APPLICATION_ID}`);
    const odd = paused('old-1', 's1', 'u1', 1_000, 'NUL \u0000, lone \ud800, quote " and \\u0000 as text');
    const old = [odd, paused('old-2', 's1', undefined, 1_500), paused('old-3', 's2', 'u1', 2_000)];
    const insertPaused = raw.prepare(
      'INSERT INTO agno_paused_runs (run_id, session_id, body, created_at) VALUES (?, ?, ?, ?)',
    );
    for (const p of old) insertPaused.run(p.runId, p.sessionId, JSON.stringify(p), p.createdAt);
    const ok = testRun({ sessionId: 's1', runId: 'ok' });
    const failed = testRun({ sessionId: 's1', runId: 'failed', status: 'error' });
    raw
      .prepare(
        'INSERT INTO agno_sessions (session_id, created_at, updated_at, run_count, message_count) VALUES (?, 1, 1, 2, 4)',
      )
      .run('s1');
    const insertRun =
      raw.prepare(`INSERT INTO agno_runs (run_id, session_id, agent_name, status, error_code, text,
  tool_calls, usage, timings, created_at, first_message, message_count) VALUES (?, 's1', 'a', ?, ?, '', '[]', '{}', '{}', 1, ?, 2)`);
    insertRun.run('failed', 'error', 'model_error', 0);
    insertRun.run('ok', 'completed', null, 2);
    const insertMessage = raw.prepare(
      "INSERT INTO agno_messages (session_id, seq, body) VALUES ('s1', ?, ?)",
    );
    for (const [i, m] of [...failed.messages, ...ok.messages].entries())
      insertMessage.run(i, JSON.stringify(m));
    raw.close();

    const store = SqliteStore.open(path);
    expect(store.schemaVersion).toBe(SQLITE_SCHEMA_VERSION);
    expect(SQLITE_SCHEMA_VERSION).toBe(3);
    expect(await store.verify()).toEqual([]);
    // Schema 3 counts the messages of failed runs stored before it: the history holds the other 2.
    expect(await store.getSession('s1')).toMatchObject({ messageCount: 4, historyMessageCount: 2 });
    const indexes = store.db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'agno_paused_runs' ORDER BY name",
      )
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining(['agno_paused_runs_by_session', 'agno_paused_runs_by_user']),
    );
    const json = (v: unknown) => JSON.parse(JSON.stringify(v));
    expect(await store.loadPausedRun('old-1')).toEqual(json(odd));
    // The user id of a run saved before the upgrade is read from the run itself.
    expect((await store.listPausedRuns({ userId: 'u1' })).map((p) => p.runId)).toEqual(['old-1', 'old-3']);
    expect((await store.listPausedRuns({ sessionId: 's1' })).map((p) => p.runId)).toEqual(['old-1', 'old-2']);
    expect(await store.claimPausedRun('old-1')).toEqual(json(odd));
    expect(await store.claimPausedRun('old-1')).toBeUndefined();
    await store.savePausedRun(paused('new-1', 's1', 'u1', 3_000));
    expect((await store.listPausedRuns({ userId: 'u1' })).map((p) => p.runId)).toEqual(['old-3', 'new-1']);
    // A failed run stored before the upgrade stays listed but leaves the history.
    expect((await store.listRuns('s1')).map((r) => [r.runId, r.status])).toEqual([
      ['failed', 'error'],
      ['ok', 'completed'],
    ]);
    expect(await store.loadHistory('s1')).toEqual(json(ok.messages));
    expect(await store.loadHistory('s1', { includeFailed: true })).toEqual(
      json([...failed.messages, ...ok.messages]),
    );
    await store.close();
    const again = SqliteStore.open(path);
    expect((await again.listPausedRuns({ sessionId: 's1' })).map((p) => p.runId)).toEqual(['old-2', 'new-1']);
    await again.close();
  });
});
