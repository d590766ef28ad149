/**
 * The PostgreSQL schema, as numbered migrations applied in order (under an advisory lock) when a
 * store connects. `{schema}` stands for the quoted schema name. Never edit a released migration.
 *
 * Appends take no lock on the session row: a run's messages are keyed by the run's sequence number
 * (`agno_runs.id`) and their index, and a session's counts are derived from its runs, so concurrent
 * appends to one session commit in parallel.
 */

/**
 * A regular expression (as an E'' literal) matching the JSON escapes that PostgreSQL's json type
 * cannot decode (`\u0000`, lone surrogates) or an escaped backslash (group 1, kept): replacing
 * the matches with group 1 lets `body::json` read any run that `JSON.stringify` wrote.
 */
const JSON_ESCAPES_PG = String.raw`E'(\\\\\\\\)|\\\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})'`;

/** One schema step. */
export interface PostgresMigration {
  version: number;
  sql: string;
}

/** Every migration, oldest first. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE {schema}.agno_sessions (
  id bigserial PRIMARY KEY,
  session_id text NOT NULL UNIQUE,
  user_id text,
  agent_name text,
  name text,
  created_at bigint NOT NULL,
  state text NOT NULL DEFAULT '{}',
  state_version bigint NOT NULL DEFAULT 0,
  summary_text text,
  summary_covered integer,
  summary_updated_at bigint
);
CREATE INDEX agno_sessions_by_user ON {schema}.agno_sessions (user_id, created_at DESC, id DESC);
CREATE INDEX agno_sessions_by_created ON {schema}.agno_sessions (created_at DESC, id DESC);

CREATE TABLE {schema}.agno_runs (
  id bigserial PRIMARY KEY,
  run_id text NOT NULL UNIQUE,
  session_id text NOT NULL,
  user_id text,
  agent_name text NOT NULL,
  status text NOT NULL,
  error_code text,
  text_json text NOT NULL,
  tool_calls text NOT NULL,
  usage text NOT NULL,
  timings text NOT NULL,
  created_at bigint NOT NULL,
  message_count integer NOT NULL
);
CREATE INDEX agno_runs_by_session ON {schema}.agno_runs (session_id, id);

CREATE TABLE {schema}.agno_messages (
  session_id text NOT NULL,
  run_seq bigint NOT NULL,
  idx integer NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (session_id, run_seq, idx)
);

CREATE TABLE {schema}.agno_paused_runs (
  run_id text PRIMARY KEY,
  session_id text,
  body text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX agno_paused_runs_by_session ON {schema}.agno_paused_runs (session_id);

CREATE SEQUENCE {schema}.agno_documents_writes;
CREATE TABLE {schema}.agno_documents (
  collection text NOT NULL,
  doc_id text NOT NULL,
  body text NOT NULL,
  updated_at bigint NOT NULL,
  write_seq bigint NOT NULL DEFAULT nextval('{schema}.agno_documents_writes'),
  PRIMARY KEY (collection, doc_id)
);
CREATE INDEX agno_documents_by_write ON {schema}.agno_documents (collection, write_seq DESC);

CREATE TABLE {schema}.agno_memories (
  id bigserial PRIMARY KEY,
  memory_id text NOT NULL UNIQUE,
  user_id text NOT NULL,
  memory text NOT NULL,
  search text NOT NULL,
  topics text NOT NULL,
  embedding real[],
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX agno_memories_by_user ON {schema}.agno_memories (user_id, id DESC);
`,
  },
  {
    // Paused runs get their user (taken from the stored run for those saved before) and a save
    // order; failed runs an index, to leave them out of histories cheaply.
    version: 2,
    sql: `
ALTER TABLE {schema}.agno_paused_runs ADD COLUMN user_id text;
CREATE SEQUENCE {schema}.agno_paused_runs_saves;
ALTER TABLE {schema}.agno_paused_runs
  ADD COLUMN save_seq bigint NOT NULL DEFAULT nextval('{schema}.agno_paused_runs_saves');
UPDATE {schema}.agno_paused_runs AS p SET user_id = j.user_id
FROM (SELECT run_id, CASE WHEN json_typeof(doc -> 'userId') = 'string' THEN doc ->> 'userId' END AS user_id
  FROM (SELECT run_id, regexp_replace(body, ${JSON_ESCAPES_PG}, ${String.raw`E'\\1'`}, 'g')::json AS doc
    FROM {schema}.agno_paused_runs) AS d) AS j
WHERE p.run_id = j.run_id AND j.user_id IS NOT NULL;
DROP INDEX {schema}.agno_paused_runs_by_session;
CREATE INDEX agno_paused_runs_by_session ON {schema}.agno_paused_runs (session_id, created_at, save_seq);
CREATE INDEX agno_paused_runs_by_user ON {schema}.agno_paused_runs (user_id, created_at, save_seq);
CREATE INDEX agno_runs_failed ON {schema}.agno_runs (session_id, id) WHERE status = 'error';
`,
  },
];

/** The schema version this release writes. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version;
