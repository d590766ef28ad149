import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type PausedRun, StoreError } from '@agno/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStoreError } from '../errors.js';
import { raceClaimers } from '../fixtures/claim-race.js';
import { dropSchemas, pgTestTarget, testSchema } from '../fixtures/pg-env.js';
import { spawnWriter } from '../fixtures/spawn-writer.js';
import { testRun, uniqueId } from '../testing/fixtures.js';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from './migrations.js';
import { PostgresStore } from './postgres-store.js';

const { connectionString, skipReason } = pgTestTarget();
const schemas: string[] = [];
const freshSchema = () => {
  const s = testSchema('rel');
  schemas.push(s);
  return s;
};

async function failure(fn: () => Promise<unknown>): Promise<MemoryStoreError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MemoryStoreError);
    expect(error).toBeInstanceOf(StoreError);
    return error as MemoryStoreError;
  }
  throw new Error('expected a store error, and the call succeeded');
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('PostgresStore when the server is down', () => {
  it('fails to connect with reason unavailable (retryable), and no password in the message', async () => {
    const port = await closedPort();
    const error = await failure(() =>
      PostgresStore.connect({ connectionString: `postgres://agno:s3cret-passw0rd@127.0.0.1:${port}/agno` }),
    );
    expect(error.reason).toBe('unavailable');
    expect(error.code).toBe('store_error');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED|reachable/);
    expect(error.message).not.toContain('s3cret-passw0rd');
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cret-passw0rd');
  });

  it('refuses a schema name that is not a plain identifier, before connecting', async () => {
    await expect(PostgresStore.connect({ schema: 'x"; DROP SCHEMA public; --' })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

describe.skipIf(skipReason !== undefined)(`PostgresStore reliability ${skipReason ?? ''}`, () => {
  afterAll(() => dropSchemas(connectionString, schemas));

  it('applies migrations once when several stores connect to a fresh schema at the same time', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(
      Array.from({ length: 6 }, () =>
        PostgresStore.connect({ connectionString, schema, poolConfig: { max: 2 } }),
      ),
    );
    for (const s of stores) expect(await s.schemaVersion()).toBe(POSTGRES_SCHEMA_VERSION);
    await stores[0]!.appendRun(testRun({ sessionId: 's' }));
    expect(await stores[5]!.loadHistory('s')).toHaveLength(2);
    const tables = await stores[0]!.pool.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'agno_%'",
      [schema],
    );
    expect(tables.rows[0].n).toBe(7);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a schema migrated by a newer release (reason schema_too_new) and changes nothing', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.connect({ connectionString, schema });
    await store.appendRun(testRun({ sessionId: 'kept' }));
    await store.pool.query(`UPDATE "${schema}".agno_meta SET value = '42' WHERE key = 'schema_version'`);
    await store.close();
    const error = await failure(() => PostgresStore.connect({ connectionString, schema }));
    expect(error.reason).toBe('schema_too_new');
    expect(error.details).toMatchObject({ version: 42, supported: POSTGRES_SCHEMA_VERSION });
    const pool = new pg.Pool({ connectionString, max: 1 });
    const left = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".agno_messages`);
    const version = await pool.query(`SELECT value FROM "${schema}".agno_meta WHERE key = 'schema_version'`);
    await pool.end();
    expect(left.rows[0].n).toBe(2);
    expect(version.rows[0].value).toBe('42');
  });

  it('reports a connection that dies under a running query as unavailable, and recovers', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.connect({ connectionString, schema, poolConfig: { max: 1 } });
    await store.appendRun(testRun({ sessionId: 's' }));
    const pid = (await store.pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // Hold a lock so that the store's next query waits on the server, then kill its connection.
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE "${schema}".agno_messages IN ACCESS EXCLUSIVE MODE`);
    const pending = store.loadHistory('s').then(
      () => undefined,
      (error: unknown) => error,
    );
    for (;;) {
      const waiting = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
        [pid],
      );
      if (waiting.rowCount === 1) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.query('ROLLBACK');
    await admin.end();
    const error = await pending;
    expect(error).toBeInstanceOf(MemoryStoreError);
    expect((error as MemoryStoreError).reason).toBe('unavailable');
    expect((error as MemoryStoreError).retryable).toBe(true);
    // The pool replaces the dead connection: the next call works and nothing was lost.
    expect(await store.loadHistory('s')).toHaveLength(2);
    await store.close();
  });

  it('keeps every committed run when the writer process is killed with SIGKILL mid-writing', async () => {
    const schema = freshSchema();
    // Migrate first, so the writer starts writing at once.
    await (await PostgresStore.connect({ connectionString, schema })).close();
    const sessionId = uniqueId('crash');
    const writer = spawnWriter([
      'postgres',
      connectionString ?? '',
      schema,
      sessionId,
      'killed',
      'forever',
      '30',
    ]);
    await writer.waitForCommits(30);
    writer.child.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');
    const committed = [...writer.committed];
    const store = await PostgresStore.connect({ connectionString, schema });
    expect(await store.verify()).toEqual([]);
    const runs = await store.listRuns(sessionId);
    expect(runs.slice(0, committed.length).map((r) => r.runId)).toEqual(committed);
    for (const r of runs)
      expect(r.messages.at(-1)).toEqual({ role: 'assistant', content: `answer of ${r.runId}` });
    expect(await store.loadHistory(sessionId)).toEqual(runs.flatMap((r) => r.messages));
    await store.close();
  });

  it('lets two processes append to one session at once, losing nothing', async () => {
    const schema = freshSchema();
    await (await PostgresStore.connect({ connectionString, schema })).close();
    const sessionId = uniqueId('shared');
    const writers = ['a', 'b'].map((p) =>
      spawnWriter(['postgres', connectionString ?? '', schema, sessionId, p, '60', '1']),
    );
    const results = await Promise.all(writers.map((w) => w.exited));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const store = await PostgresStore.connect({ connectionString, schema });
    const runs = await store.listRuns(sessionId);
    expect(runs).toHaveLength(120);
    for (const p of ['a', 'b']) {
      expect(runs.filter((r) => r.runId.startsWith(`${p}-`)).map((r) => r.runId)).toEqual(
        Array.from({ length: 60 }, (_, i) => `${p}-${i}`),
      );
    }
    expect(await store.verify()).toEqual([]);
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

describe.skipIf(skipReason !== undefined)(`PostgresStore claims across processes ${skipReason ?? ''}`, () => {
  const COUNT = 200;
  const barrier = (schema: string, op: string) => join(tmpdir(), `${schema}.${op}.go`);

  it('gives each paused run to exactly one of 4 processes claiming it at the same time', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.connect({ connectionString, schema });
    const sessionId = uniqueId('s');
    const ids = Array.from({ length: COUNT }, (_, i) => `p-${i}`);
    for (const id of ids) await store.savePausedRun(paused(id, sessionId, 'u', 1));
    const target = { kind: 'postgres', target: connectionString ?? '', schema } as const;
    const won = await raceClaimers(target, 'claim', 'p', COUNT, 4, barrier(schema, 'claim'));
    expectEachWonOnce(won, ids);
    expect(await store.listPausedRuns({ sessionId })).toEqual([]);
    await store.close();
  });

  it('lets exactly one of 4 processes write each document with putDocumentIfAbsent', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.connect({ connectionString, schema });
    const ids = Array.from({ length: COUNT }, (_, i) => `d-${i}`);
    const target = { kind: 'postgres', target: connectionString ?? '', schema } as const;
    const won = await raceClaimers(target, 'put', 'd', COUNT, 4, barrier(schema, 'put'));
    expectEachWonOnce(won, ids);
    for (const [k, mine] of won.entries()) {
      for (const id of mine) expect(await store.getDocument('claims', id)).toEqual({ owner: `claimer-${k}` });
    }
    await store.close();
  });

  it('upgrades a schema at version 1 in place: its paused runs load, list by user and claim', async () => {
    const schema = freshSchema();
    const q = `"${schema}"`;
    const pool = new pg.Pool({ connectionString, max: 1 });
    await pool.query(`CREATE SCHEMA ${q}`);
    await pool.query(POSTGRES_MIGRATIONS[0]!.sql.replaceAll('{schema}', q));
    await pool.query(`CREATE TABLE ${q}.agno_meta (key text PRIMARY KEY, value text NOT NULL)`);
    await pool.query(`INSERT INTO ${q}.agno_meta (key, value) VALUES ('schema_version', '1')`);
    // PostgreSQL's json type cannot decode \u0000 or lone surrogates: the upgrade must still read the user.
    const odd = paused(
      'old-1',
      's1',
      'u1',
      1_000,
      'NUL \u0000, lone \ud800 and \udc00, \\u0000 as text, "quoted"',
    );
    const old = [odd, paused('old-2', 's1', undefined, 1_500), paused('old-3', 's2', 'u1', 2_000)];
    for (const p of old) {
      await pool.query(
        `INSERT INTO ${q}.agno_paused_runs (run_id, session_id, body, created_at) VALUES ($1, $2, $3, $4)`,
        [p.runId, p.sessionId, JSON.stringify(p), p.createdAt],
      );
    }
    const ok = testRun({ sessionId: 's1', runId: 'ok' });
    const failed = testRun({ sessionId: 's1', runId: 'failed', status: 'error' });
    await pool.query(`INSERT INTO ${q}.agno_sessions (session_id, created_at) VALUES ('s1', 1)`);
    for (const [id, r] of [failed, ok].entries()) {
      await pool.query(
        `INSERT INTO ${q}.agno_runs (id, run_id, session_id, agent_name, status, error_code, text_json, tool_calls,
  usage, timings, created_at, message_count) VALUES ($1, $2, 's1', 'a', $3, $4, '""', '[]', '{}', '{}', 1, 2)`,
        [id + 1, r.runId, r.status, r.errorCode ?? null],
      );
      for (const [idx, m] of r.messages.entries()) {
        await pool.query(
          `INSERT INTO ${q}.agno_messages (session_id, run_seq, idx, body) VALUES ('s1', $1, $2, $3)`,
          [id + 1, idx, JSON.stringify(m)],
        );
      }
    }
    await pool.query(`SELECT setval('${q}.agno_runs_id_seq', 2)`);
    await pool.end();

    const store = await PostgresStore.connect({ connectionString, schema });
    expect(await store.schemaVersion()).toBe(POSTGRES_SCHEMA_VERSION);
    expect(POSTGRES_SCHEMA_VERSION).toBe(2);
    expect(await store.verify()).toEqual([]);
    expect(await store.getSession('s1')).toMatchObject({ messageCount: 4, historyMessageCount: 2 });
    const json = (v: unknown) => JSON.parse(JSON.stringify(v));
    expect(await store.loadPausedRun('old-1')).toEqual(json(odd));
    expect((await store.listPausedRuns({ userId: 'u1' })).map((p) => p.runId)).toEqual(['old-1', 'old-3']);
    expect((await store.listPausedRuns({ sessionId: 's1' })).map((p) => p.runId)).toEqual(['old-1', 'old-2']);
    expect(await store.claimPausedRun('old-1')).toEqual(json(odd));
    expect(await store.claimPausedRun('old-1')).toBeUndefined();
    await store.savePausedRun(paused('new-1', 's1', 'u1', 3_000));
    expect((await store.listPausedRuns({ userId: 'u1' })).map((p) => p.runId)).toEqual(['old-3', 'new-1']);
    expect((await store.listRuns('s1')).map((r) => [r.runId, r.status])).toEqual([
      ['failed', 'error'],
      ['ok', 'completed'],
    ]);
    expect(await store.loadHistory('s1')).toEqual(json(ok.messages));
    expect(await store.loadHistory('s1', { limit: 1, unit: 'runs' })).toEqual(json(ok.messages));
    expect(await store.loadHistory('s1', { includeFailed: true })).toEqual(
      json([...failed.messages, ...ok.messages]),
    );
    await store.close();
  });
});
