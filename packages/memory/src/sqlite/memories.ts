/**
 * User memories in SQLite: embeddings kept as blobs of 32-bit floats, text search narrowed by
 * SQL (`instr` on the search column) and ranked by the front.
 */
import type { MemoriesBackend, MemoryChange } from '../backend.js';
import { userMemory } from '../rows.js';
import type { SqliteConnection } from './connection.js';
import { MEMORY_COLUMNS, type MemoryRow, searchRowOf, toBlob } from './rows.js';

const SQL = {
  add: `INSERT INTO agno_memories (memory_id, user_id, memory, search, topics, embedding, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MEMORY_COLUMNS}`,
  get: `SELECT ${MEMORY_COLUMNS} FROM agno_memories WHERE memory_id = ?`,
  list: `SELECT ${MEMORY_COLUMNS} FROM agno_memories WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
  vector: `SELECT ${MEMORY_COLUMNS}, embedding FROM agno_memories WHERE user_id = ? AND embedding IS NOT NULL`,
  text: `SELECT ${MEMORY_COLUMNS} FROM agno_memories AS m WHERE user_id = ?
AND EXISTS (SELECT 1 FROM json_each(?) AS p WHERE instr(m.search, p.value) > 0)`,
  update: `UPDATE agno_memories SET memory = ?, topics = ?, search = ?, embedding = coalesce(?, embedding),
updated_at = max(updated_at, ?) WHERE memory_id = ? RETURNING ${MEMORY_COLUMNS}`,
  delete: 'DELETE FROM agno_memories WHERE memory_id = ?',
  userIds:
    'SELECT user_id FROM agno_sessions WHERE user_id IS NOT NULL UNION SELECT user_id FROM agno_memories ORDER BY 1 LIMIT ? OFFSET ?',
} as const;

/** The memories operations of the SQLite backend. */
export type SqliteMemories = MemoriesBackend;

/** The memory operations on `c`. */
export function sqliteMemories(c: SqliteConnection): SqliteMemories {
  const get = (memoryId: string) => c.st(SQL.get).get(memoryId) as MemoryRow | undefined;
  const update = (
    memoryId: string,
    change: MemoryChange,
    embedding: Buffer | null,
  ): MemoryRow | undefined => {
    const row = get(memoryId);
    if (row === undefined) return undefined;
    const next = change(userMemory(row));
    const topics = JSON.stringify(next.topics);
    return c
      .st(SQL.update)
      .get(next.memory, topics, next.search, embedding, Date.now(), memoryId) as MemoryRow;
  };
  return {
    addMemory: (m) =>
      c.run('addMemory', () => {
        const embedding = toBlob(m.embedding);
        const row = c
          .st(SQL.add)
          .get(m.memoryId, m.userId, m.memory, m.search, m.topics, embedding, m.createdAt, m.createdAt);
        return userMemory(row as MemoryRow);
      }),
    getMemory: (memoryId) =>
      c.run('getMemory', () => {
        const row = get(memoryId);
        return row === undefined ? undefined : userMemory(row);
      }),
    listMemories: (userId, { limit, offset }) =>
      c.run('listMemories', () => (c.st(SQL.list).all(userId, limit, offset) as MemoryRow[]).map(userMemory)),
    vectorCandidates: (userId) =>
      c.run('searchMemories', () => (c.st(SQL.vector).all(userId) as MemoryRow[]).map(searchRowOf)),
    textCandidates: (userId, patterns) =>
      c.run('searchMemories', () =>
        (c.st(SQL.text).all(userId, JSON.stringify(patterns)) as MemoryRow[]).map(searchRowOf),
      ),
    updateMemory: (memoryId, change, embedding) => {
      const row = c.transaction('updateMemory', update, memoryId, change, toBlob(embedding));
      return row === undefined ? undefined : userMemory(row);
    },
    deleteMemory: (memoryId) =>
      c.run('deleteMemory', () => {
        c.st(SQL.delete).run(memoryId);
      }),
    listUserIds: ({ limit, offset }) =>
      c.run('listUserIds', () => c.st(SQL.userIds).pluck().all(limit, offset) as string[]),
  };
}
