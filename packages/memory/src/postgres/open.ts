/**
 * Connecting a PostgreSQL store: the schema name checked, migrations applied under an advisory
 * lock; and the consistency check of `verify()`.
 */
import type pg from 'pg';
import { MemoryStoreError } from '../errors.js';
import { inTransaction, type PgConnection } from './connection.js';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from './migrations.js';

/** What a schema name may be: letters, digits and _, at most 63. */
export const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Quotes an identifier (already checked against {@link SCHEMA_NAME}). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Checks the store's invariants: every run holds all of its messages with no gaps in their
 * positions, and every run and message has its session. Returns the problems found.
 */
export async function verifySchema(c: PgConnection, schema: string): Promise<string[]> {
  const s = quoteIdent(schema);
  const runs = await c.raw(
    `SELECT r.run_id, r.message_count,
count(m.idx)::int AS messages, coalesce(max(m.idx) + 1, 0)::int AS next_idx
FROM ${s}.agno_runs r LEFT JOIN ${s}.agno_messages m ON m.session_id = r.session_id AND m.run_seq = r.id
GROUP BY r.id, r.run_id, r.message_count
HAVING count(m.idx) <> r.message_count OR coalesce(max(m.idx) + 1, 0) <> r.message_count`,
    'verify',
  );
  const orphans = await c.raw(
    `SELECT
(SELECT count(*)::int FROM ${s}.agno_runs r WHERE NOT EXISTS
  (SELECT 1 FROM ${s}.agno_sessions x WHERE x.session_id = r.session_id)) AS runs,
(SELECT count(*)::int FROM ${s}.agno_messages m WHERE NOT EXISTS
  (SELECT 1 FROM ${s}.agno_runs r WHERE r.id = m.run_seq AND r.session_id = m.session_id)) AS messages`,
    'verify',
  );
  const problems: string[] = [];
  for (const r of runs.rows) {
    problems.push(
      `run ${JSON.stringify(r.run_id)}: ${r.messages} messages stored, ${r.message_count} expected, next index ${r.next_idx}`,
    );
  }
  const o = orphans.rows[0]!;
  if (o.runs > 0) problems.push(`${o.runs} runs without a session`);
  if (o.messages > 0) problems.push(`${o.messages} messages without a run`);
  return problems;
}

/** The schema version of `schema` (an already quoted identifier); 0 when it has no agno tables. */
export async function readVersion(client: pg.Pool | pg.PoolClient, schema: string): Promise<number> {
  const table = await client.query('SELECT to_regclass($1) AS t', [`${schema}.agno_meta`]);
  if (table.rows[0].t === null) return 0;
  const res = await client.query(`SELECT value FROM ${schema}.agno_meta WHERE key = 'schema_version'`);
  const v = res.rows[0]?.value as string | undefined;
  const n = v === undefined ? 0 : Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new MemoryStoreError('corrupt', `the store's schema version is unreadable (${JSON.stringify(v)})`);
  }
  return n;
}

function tooNew(version: number): MemoryStoreError {
  return new MemoryStoreError(
    'schema_too_new',
    `the PostgreSQL store is at schema version ${version}, newer than this release of @agno/memory supports (${POSTGRES_SCHEMA_VERSION}); upgrade @agno/memory. Nothing was changed`,
    { details: { version, supported: POSTGRES_SCHEMA_VERSION } },
  );
}

/** Applies pending migrations to `schema`, one opener at a time. */
export async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const quoted = quoteIdent(schema);
  const before = await readVersion(pool, quoted);
  if (before > POSTGRES_SCHEMA_VERSION) throw tooNew(before);
  if (before === POSTGRES_SCHEMA_VERSION) return;
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`agno_memory_migrations:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.agno_meta (key text PRIMARY KEY, value text NOT NULL)`,
    );
    // Another opener may have migrated while this one waited for the lock: read again.
    const now = await readVersion(client, quoted);
    if (now > POSTGRES_SCHEMA_VERSION) throw tooNew(now);
    for (const m of POSTGRES_MIGRATIONS) {
      if (m.version > now) await client.query(m.sql.replaceAll('{schema}', quoted));
    }
    await client.query(
      `INSERT INTO ${quoted}.agno_meta (key, value) VALUES ('schema_version', $1)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(POSTGRES_SCHEMA_VERSION)],
    );
  });
}
