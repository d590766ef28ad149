/**
 * The SQLite schema, as numbered migrations applied in order on open. Never edit a released
 * migration: add the next one.
 */

/** One schema step. */
export interface SqliteMigration {
  version: number;
  sql: string;
}

/** `PRAGMA application_id` of an agno store file ("agno" in ASCII). */
export const AGNO_APPLICATION_ID = 0x61676e6f;

/** Every migration, oldest first. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE agno_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL UNIQUE,
  user_id TEXT,
  agent_name TEXT,
  name TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  run_count INTEGER NOT NULL DEFAULT 0,
  message_count INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT '{}',
  state_version INTEGER NOT NULL DEFAULT 0,
  summary_text TEXT,
  summary_covered INTEGER,
  summary_updated_at INTEGER
);
CREATE INDEX agno_sessions_by_user ON agno_sessions (user_id, created_at DESC, id DESC);
CREATE INDEX agno_sessions_by_created ON agno_sessions (created_at DESC, id DESC);

CREATE TABLE agno_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL,
  user_id TEXT,
  agent_name TEXT NOT NULL,
  status TEXT NOT NULL,
  error_code TEXT,
  text TEXT NOT NULL,
  tool_calls TEXT NOT NULL,
  usage TEXT NOT NULL,
  timings TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  first_message INTEGER NOT NULL,
  message_count INTEGER NOT NULL
);
CREATE INDEX agno_runs_by_session ON agno_runs (session_id, id);

CREATE TABLE agno_messages (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;

CREATE TABLE agno_paused_runs (
  run_id TEXT PRIMARY KEY,
  session_id TEXT,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX agno_paused_runs_by_session ON agno_paused_runs (session_id);

CREATE TABLE agno_documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (collection, doc_id)
);
CREATE INDEX agno_documents_by_write ON agno_documents (collection, id DESC);

CREATE TABLE agno_memories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  memory_id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  memory TEXT NOT NULL,
  search TEXT NOT NULL,
  topics TEXT NOT NULL,
  embedding BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX agno_memories_by_user ON agno_memories (user_id, id DESC);
`,
  },
  {
    // Paused runs get their user (taken from the stored run for those saved before) and a save
    // order (the rowid: each save is a fresh row), to be listed per session or per user.
    version: 2,
    sql: `
CREATE TABLE agno_paused_runs_v2 (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL UNIQUE,
  session_id TEXT,
  user_id TEXT,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO agno_paused_runs_v2 (run_id, session_id, user_id, body, created_at)
SELECT run_id, session_id,
  CASE WHEN json_valid(body) THEN
    CASE WHEN json_type(body, '$.userId') = 'text' THEN json_extract(body, '$.userId') END
  END,
  body, created_at
FROM agno_paused_runs ORDER BY created_at, run_id;
DROP TABLE agno_paused_runs;
ALTER TABLE agno_paused_runs_v2 RENAME TO agno_paused_runs;
CREATE INDEX agno_paused_runs_by_session ON agno_paused_runs (session_id, created_at);
CREATE INDEX agno_paused_runs_by_user ON agno_paused_runs (user_id, created_at);
`,
  },
  {
    // Sessions count the messages of their failed runs, so that the size of a session's history
    // (what summaries measure against) is known without reading its runs.
    version: 3,
    sql: `
ALTER TABLE agno_sessions ADD COLUMN failed_messages INTEGER NOT NULL DEFAULT 0;
UPDATE agno_sessions SET failed_messages = (SELECT coalesce(sum(r.message_count), 0) FROM agno_runs AS r
  WHERE r.session_id = agno_sessions.session_id AND r.status = 'error');
`,
  },
];

/** The schema version this release writes. */
export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;
