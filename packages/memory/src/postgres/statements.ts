/**
 * The SQL of the PostgreSQL store, for one schema, built once per schema and named so that
 * `pg` prepares each statement once per connection.
 */

/** A named statement. */
export interface NamedSql {
  name: string;
  text: string;
}

/** A session with its counts, derived from its runs. */
function sessionSelect(s: string): string {
  return `SELECT s.session_id, s.user_id, s.agent_name, s.name, s.created_at,
  greatest(s.created_at, coalesce(r.last_at, s.created_at)) AS updated_at,
  coalesce(r.runs, 0)::integer AS run_count, coalesce(r.messages, 0)::integer AS message_count,
  (coalesce(r.messages, 0) - coalesce(r.failed, 0))::integer AS history_message_count,
  s.summary_text, s.summary_covered, s.summary_updated_at
FROM ${s}.agno_sessions AS s
LEFT JOIN LATERAL (SELECT count(*) AS runs, sum(message_count) AS messages, max(created_at) AS last_at,
  sum(message_count) FILTER (WHERE status = 'error') AS failed
  FROM ${s}.agno_runs WHERE session_id = s.session_id) AS r ON true`;
}

const RUN_COLUMNS =
  'id, run_id, session_id, user_id, agent_name, status, error_code, text_json, tool_calls, usage, timings, created_at, message_count';
const MEMORY_COLUMNS = 'id, memory_id, user_id, memory, search, topics, created_at, updated_at';

function build(s: string) {
  const session = sessionSelect(s);
  const notFailed = `run_seq NOT IN (SELECT id FROM ${s}.agno_runs WHERE session_id = $1 AND status = 'error')`;
  return {
    appendRun: `WITH s AS (
  INSERT INTO ${s}.agno_sessions (session_id, user_id, agent_name, created_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (session_id) DO NOTHING
), u AS (
  UPDATE ${s}.agno_sessions SET user_id = coalesce(user_id, $2), agent_name = coalesce(agent_name, $3)
  WHERE session_id = $1 AND ((user_id IS NULL AND $2::text IS NOT NULL) OR agent_name IS NULL)
), r AS (
  INSERT INTO ${s}.agno_runs (run_id, session_id, user_id, agent_name, status, error_code, text_json, tool_calls, usage, timings, created_at, message_count)
  VALUES ($5, $1, $2, $3, $6, $7, $8, $9, $10, $11, $4, $12) RETURNING id
)
INSERT INTO ${s}.agno_messages (session_id, run_seq, idx, body)
SELECT $1, r.id, m.ord::integer - 1, m.body FROM r, unnest($13::text[]) WITH ORDINALITY AS m(body, ord)`,
    // Histories leave out the messages of failed runs (found by the partial index agno_runs_failed)...
    historyMessages: `SELECT string_agg(body, ',' ORDER BY run_seq, idx) AS joined FROM
  (SELECT run_seq, idx, body FROM ${s}.agno_messages WHERE session_id = $1 AND ${notFailed}
  ORDER BY run_seq DESC, idx DESC LIMIT $2) AS t`,
    historyRuns: `SELECT string_agg(body, ',' ORDER BY run_seq, idx) AS joined FROM ${s}.agno_messages
WHERE session_id = $1 AND ${notFailed} AND run_seq >= coalesce((SELECT id FROM ${s}.agno_runs
  WHERE session_id = $1 AND status <> 'error' ORDER BY id DESC LIMIT 1 OFFSET $2), 0)`,
    // ... unless they are asked for.
    historyMessagesWithFailed: `SELECT string_agg(body, ',' ORDER BY run_seq, idx) AS joined FROM
  (SELECT run_seq, idx, body FROM ${s}.agno_messages WHERE session_id = $1 ORDER BY run_seq DESC, idx DESC LIMIT $2) AS t`,
    historyRunsWithFailed: `SELECT string_agg(body, ',' ORDER BY run_seq, idx) AS joined FROM ${s}.agno_messages
WHERE session_id = $1 AND run_seq >=
  coalesce((SELECT id FROM ${s}.agno_runs WHERE session_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2), 0)`,
    runMessages: `SELECT run_seq, body FROM ${s}.agno_messages WHERE session_id = $1 AND run_seq >= $2 AND run_seq <= $3
ORDER BY run_seq, idx`,
    createSession: `WITH s AS (INSERT INTO ${s}.agno_sessions (session_id, user_id, agent_name, name, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING session_id)
SELECT session_id FROM s`,
    getSession: `${session} WHERE s.session_id = $1`,
    listSessions: `${session} ORDER BY s.created_at DESC, s.id DESC LIMIT $1 OFFSET $2`,
    listUserSessions: `${session} WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2 OFFSET $3`,
    renameSession: `UPDATE ${s}.agno_sessions SET name = $2 WHERE session_id = $1 RETURNING session_id`,
    deleteSession: `WITH m AS (DELETE FROM ${s}.agno_messages WHERE session_id = $1),
r AS (DELETE FROM ${s}.agno_runs WHERE session_id = $1),
p AS (DELETE FROM ${s}.agno_paused_runs WHERE session_id = $1)
DELETE FROM ${s}.agno_sessions WHERE session_id = $1`,
    listRuns: `SELECT ${RUN_COLUMNS} FROM ${s}.agno_runs WHERE session_id = $1 ORDER BY id LIMIT $2 OFFSET $3`,
    getRun: `SELECT ${RUN_COLUMNS} FROM ${s}.agno_runs WHERE run_id = $1`,
    getState: `SELECT state, state_version FROM ${s}.agno_sessions WHERE session_id = $1`,
    lockState: `INSERT INTO ${s}.agno_sessions (session_id, created_at) VALUES ($1, $2)
ON CONFLICT (session_id) DO UPDATE SET session_id = excluded.session_id RETURNING state, state_version`,
    writeState: `UPDATE ${s}.agno_sessions SET state = $2, state_version = state_version + 1 WHERE session_id = $1 RETURNING state_version`,
    casFirstState: `INSERT INTO ${s}.agno_sessions (session_id, created_at, state, state_version) VALUES ($1, $2, $3, 1)
ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, state_version = agno_sessions.state_version + 1
WHERE agno_sessions.state_version = 0 RETURNING state_version`,
    casState: `UPDATE ${s}.agno_sessions SET state = $2, state_version = state_version + 1
WHERE session_id = $1 AND state_version = $3 RETURNING state_version`,
    saveSummary: `UPDATE ${s}.agno_sessions SET summary_text = $2, summary_covered = $3, summary_updated_at = $4
WHERE session_id = $1 AND coalesce(summary_covered, -1) < $3`,
    // A run saved again moves to the end of the save order, as a fresh save would.
    savePaused: `INSERT INTO ${s}.agno_paused_runs (run_id, session_id, user_id, body, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (run_id) DO UPDATE SET session_id = excluded.session_id, user_id = excluded.user_id, body = excluded.body,
  created_at = excluded.created_at, save_seq = nextval('${s}.agno_paused_runs_saves')`,
    loadPaused: `SELECT body FROM ${s}.agno_paused_runs WHERE run_id = $1`,
    // One statement: concurrent claimers queue on the row lock, and after the first deletes it the others find nothing.
    claimPaused: `DELETE FROM ${s}.agno_paused_runs WHERE run_id = $1 RETURNING body`,
    listSessionPaused: `SELECT body FROM ${s}.agno_paused_runs WHERE session_id = $1 ORDER BY created_at, save_seq LIMIT $2`,
    listUserPaused: `SELECT body FROM ${s}.agno_paused_runs WHERE user_id = $1 ORDER BY created_at, save_seq LIMIT $2`,
    deletePaused: `DELETE FROM ${s}.agno_paused_runs WHERE run_id = $1`,
    putDocument: `INSERT INTO ${s}.agno_documents (collection, doc_id, body, updated_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (collection, doc_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at,
  write_seq = nextval('${s}.agno_documents_writes')`,
    putDocumentIfAbsent: `INSERT INTO ${s}.agno_documents (collection, doc_id, body, updated_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (collection, doc_id) DO NOTHING`,
    getDocument: `SELECT body FROM ${s}.agno_documents WHERE collection = $1 AND doc_id = $2`,
    listDocuments: `SELECT doc_id, body, updated_at FROM ${s}.agno_documents WHERE collection = $1 ORDER BY write_seq DESC LIMIT $2 OFFSET $3`,
    deleteDocument: `DELETE FROM ${s}.agno_documents WHERE collection = $1 AND doc_id = $2`,
    addMemory: `INSERT INTO ${s}.agno_memories (memory_id, user_id, memory, search, topics, embedding, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${MEMORY_COLUMNS}`,
    getMemory: `SELECT ${MEMORY_COLUMNS} FROM ${s}.agno_memories WHERE memory_id = $1`,
    listMemories: `SELECT ${MEMORY_COLUMNS} FROM ${s}.agno_memories WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
    searchText: `SELECT ${MEMORY_COLUMNS} FROM ${s}.agno_memories AS m WHERE user_id = $1
AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS p(pattern) WHERE strpos(m.search, p.pattern) > 0)`,
    searchVector: `SELECT ${MEMORY_COLUMNS}, embedding FROM ${s}.agno_memories WHERE user_id = $1 AND embedding IS NOT NULL`,
    updateMemory: `UPDATE ${s}.agno_memories SET memory = coalesce($2, memory), topics = coalesce($3, topics),
  search = $4, embedding = coalesce($5, embedding), updated_at = greatest(updated_at, $6)
WHERE memory_id = $1 RETURNING ${MEMORY_COLUMNS}`,
    lockMemory: `SELECT ${MEMORY_COLUMNS} FROM ${s}.agno_memories WHERE memory_id = $1 FOR UPDATE`,
    listUserIds: `SELECT user_id FROM (SELECT user_id FROM ${s}.agno_sessions WHERE user_id IS NOT NULL
UNION SELECT user_id FROM ${s}.agno_memories) AS u ORDER BY user_id COLLATE "C" LIMIT $1 OFFSET $2`,
    deleteMemory: `DELETE FROM ${s}.agno_memories WHERE memory_id = $1`,
  };
}

/** The statements of one schema. */
export type Statements = { [K in keyof ReturnType<typeof build>]: NamedSql };

const cache = new Map<string, Statements>();

/** The statements for `schema` (an already quoted identifier), named uniquely per schema. */
export function statementsFor(schema: string): Statements {
  let out = cache.get(schema);
  if (out === undefined) {
    const tag = hash(schema);
    const texts = build(schema);
    out = {} as Statements;
    for (const key of Object.keys(texts) as (keyof Statements)[]) {
      out[key] = { name: `agno_${tag}_${key}`, text: texts[key] };
    }
    cache.set(schema, out);
  }
  return out;
}

/** FNV-1a of `text`, in base 36. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
