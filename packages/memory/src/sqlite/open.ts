/**
 * Opening a SQLite store file: checks that it is ours (or empty), WAL and the sync level,
 * migrations applied under the write lock; and the consistency check of `verify()`.
 */
import type Database from 'better-sqlite3';
import { MemoryStoreError } from '../errors.js';
import { sqliteDriver } from './driver.js';
import { sqliteFailure } from './errors.js';
import { AGNO_APPLICATION_ID, SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from './migrations.js';

/** How a store file is opened (the options of `SqliteStore.open` that concern the file). */
export interface OpenOptions {
  busyTimeoutMs?: number;
  synchronous?: 'normal' | 'full';
  allowForeignTables?: boolean;
}

/** Opens `path` and prepares it; a {@link MemoryStoreError} when it cannot be used (the file left unchanged). */
export function openDatabase(path: string, options: OpenOptions): Database.Database {
  const Driver = sqliteDriver();
  let db: Database.Database;
  try {
    db = new Driver(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    const failure = sqliteFailure(error, undefined, 'open', path);
    if (failure instanceof MemoryStoreError) throw failure;
    throw new MemoryStoreError('unavailable', `cannot open the SQLite file: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    prepareDatabase(db, options);
  } catch (error) {
    db.close();
    throw sqliteFailure(error, undefined, 'open', path);
  }
  return db;
}

/**
 * Checks the file and the store's invariants (SQLite's integrity check; per session, run and
 * message counts match and message positions have no gaps). Returns the problems found.
 */
export function verifyDatabase(db: Database.Database): string[] {
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    for (const r of integrity)
      if (r.integrity_check !== 'ok') problems.push(`integrity: ${r.integrity_check}`);
    const rows = db
      .prepare(
        `SELECT s.session_id AS id, s.run_count, s.message_count, s.failed_messages,
(SELECT count(*) FROM agno_runs r WHERE r.session_id = s.session_id) AS runs,
(SELECT coalesce(sum(r.message_count), 0) FROM agno_runs r WHERE r.session_id = s.session_id) AS run_messages,
(SELECT coalesce(sum(r.message_count), 0) FROM agno_runs r WHERE r.session_id = s.session_id AND r.status = 'error') AS failed_run_messages,
(SELECT count(*) FROM agno_messages m WHERE m.session_id = s.session_id) AS messages,
(SELECT coalesce(max(m.seq) + 1, 0) FROM agno_messages m WHERE m.session_id = s.session_id) AS next_seq
FROM agno_sessions s`,
      )
      .all() as {
      id: string;
      run_count: number;
      message_count: number;
      failed_messages: number;
      runs: number;
      run_messages: number;
      failed_run_messages: number;
      messages: number;
      next_seq: number;
    }[];
    for (const r of rows) {
      if (r.run_count !== r.runs)
        problems.push(`session ${JSON.stringify(r.id)}: ${r.runs} runs, counted ${r.run_count}`);
      if (r.message_count !== r.messages || r.run_messages !== r.messages || r.next_seq !== r.messages) {
        problems.push(
          `session ${JSON.stringify(r.id)}: ${r.messages} messages, counted ${r.message_count}, runs hold ${r.run_messages}, next position ${r.next_seq}`,
        );
      }
      if (r.failed_messages !== r.failed_run_messages) {
        problems.push(
          `session ${JSON.stringify(r.id)}: failed runs hold ${r.failed_run_messages} messages, counted ${r.failed_messages}`,
        );
      }
    }
    const orphans = db
      .prepare(
        'SELECT count(*) FROM agno_runs r WHERE NOT EXISTS (SELECT 1 FROM agno_sessions s WHERE s.session_id = r.session_id)',
      )
      .pluck()
      .get() as number;
    if (orphans > 0) problems.push(`${orphans} runs without a session`);
    return problems;
  } catch (error) {
    throw sqliteFailure(error, db, 'verify');
  }
}

/** The schema version of the file (0 for a file without agno tables). */
export function readVersion(db: Database.Database): number {
  const has = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'agno_meta'")
    .pluck()
    .get();
  if (has === undefined) return 0;
  const v = db.prepare("SELECT value FROM agno_meta WHERE key = 'schema_version'").pluck().get() as
    | string
    | undefined;
  const n = v === undefined ? 0 : Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new MemoryStoreError('corrupt', `the store's schema version is unreadable (${JSON.stringify(v)})`);
  }
  return n;
}

/** Checks the file is ours (or empty), sets WAL and the sync level, and applies pending migrations. */
function prepareDatabase(db: Database.Database, options: OpenOptions): void {
  // Reading the header first: a file that is not SQLite fails here, before anything is written.
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== 0 && appId !== AGNO_APPLICATION_ID) {
    throw new MemoryStoreError(
      'foreign',
      `the SQLite file belongs to another application (application_id ${appId}); it was left unchanged`,
      { details: { applicationId: appId } },
    );
  }
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const hasMeta = tables.includes('agno_meta');
  const foreignTables = tables.filter((t) => !t.startsWith('agno_'));
  if (!hasMeta && foreignTables.length > 0 && !options.allowForeignTables) {
    throw new MemoryStoreError(
      'foreign',
      `the SQLite file is not an agno store: it holds other tables (${foreignTables.slice(0, 5).join(', ')}); it was left unchanged (pass allowForeignTables: true to add agno's tables beside them)`,
      { details: { tables: foreignTables.slice(0, 20) } },
    );
  }
  const version = hasMeta ? readVersion(db) : 0;
  if (version > SQLITE_SCHEMA_VERSION) throw tooNew(version);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  if (version === SQLITE_SCHEMA_VERSION) return;
  db.transaction(() => {
    // Another process may have migrated while this one waited for the lock: read again.
    db.exec('CREATE TABLE IF NOT EXISTS agno_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    const now = readVersion(db);
    if (now > SQLITE_SCHEMA_VERSION) throw tooNew(now);
    for (const m of SQLITE_MIGRATIONS) if (m.version > now) db.exec(m.sql);
    db.prepare("INSERT OR REPLACE INTO agno_meta (key, value) VALUES ('schema_version', ?)").run(
      String(SQLITE_SCHEMA_VERSION),
    );
    if (now === 0 && foreignTables.length === 0) db.pragma(`application_id = ${AGNO_APPLICATION_ID}`);
  }).immediate();
}

function tooNew(version: number): MemoryStoreError {
  return new MemoryStoreError(
    'schema_too_new',
    `the SQLite store is at schema version ${version}, newer than this release of @agno/memory supports (${SQLITE_SCHEMA_VERSION}); upgrade @agno/memory. The file was left unchanged`,
    { details: { version, supported: SQLITE_SCHEMA_VERSION } },
  );
}
