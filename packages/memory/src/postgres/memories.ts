/**
 * User memories in PostgreSQL: embeddings kept as arrays of doubles, text search narrowed by
 * SQL (`strpos` on the search column) and ranked by the front; updates under the row lock.
 */
import type { MemoriesBackend } from '../backend.js';
import { type MemoryRowData, searchRow, userMemory } from '../rows.js';
import type { PgConnection } from './connection.js';
import type { Row } from './rows.js';

/** The memories operations of the PostgreSQL backend. */
export type PgMemories = MemoriesBackend;

/** A memory row with its embedding (an array of doubles) for search. */
function searchRowOf(row: Row): ReturnType<typeof searchRow> {
  return searchRow(row as MemoryRowData, row.embedding ?? null);
}

/** The memory operations on `c`. */
export function pgMemories(c: PgConnection): PgMemories {
  const { sql } = c;
  return {
    addMemory: async (m) => {
      const values = [m.memoryId, m.userId, m.memory, m.search, m.topics, m.embedding, m.createdAt];
      return userMemory((await c.q(sql.addMemory, values, 'addMemory')).rows[0] as MemoryRowData);
    },
    getMemory: async (memoryId) => {
      const row = (await c.q(sql.getMemory, [memoryId], 'getMemory')).rows[0];
      return row === undefined ? undefined : userMemory(row as MemoryRowData);
    },
    listMemories: async (userId, { limit, offset }) => {
      const res = await c.q(sql.listMemories, [userId, limit < 0 ? null : limit, offset], 'listMemories');
      return res.rows.map((r) => userMemory(r as MemoryRowData));
    },
    vectorCandidates: async (userId) =>
      (await c.q(sql.searchVector, [userId], 'searchMemories')).rows.map(searchRowOf),
    textCandidates: async (userId, patterns) =>
      (await c.q(sql.searchText, [userId, patterns], 'searchMemories')).rows.map(searchRowOf),
    updateMemory: async (memoryId, change, embedding) => {
      const row = await c.transaction('updateMemory', async (client) => {
        const locked = (await client.query({ ...sql.lockMemory, values: [memoryId] })).rows[0];
        if (locked === undefined) return undefined;
        const next = change(userMemory(locked as MemoryRowData));
        const values = [
          memoryId,
          next.memory,
          JSON.stringify(next.topics),
          next.search,
          embedding,
          Date.now(),
        ];
        return (await client.query({ ...sql.updateMemory, values })).rows[0] as Row;
      });
      return row === undefined ? undefined : userMemory(row as MemoryRowData);
    },
    deleteMemory: async (memoryId) => {
      await c.q(sql.deleteMemory, [memoryId], 'deleteMemory');
    },
    listUserIds: async ({ limit, offset }) => {
      const res = await c.q(sql.listUserIds, [limit < 0 ? null : limit, offset], 'listUserIds');
      return res.rows.map((r) => r.user_id as string);
    },
  };
}
