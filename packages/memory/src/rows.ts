/**
 * Row mappers both SQL drivers share: a session's row and a memory's row as the store's records
 * (numbers read with `Number`, as PostgreSQL gives big integers as text).
 */
import type { Message, RunRecord } from '@agno/core';
import type { SearchRow } from './search.js';
import type { SessionInfo, UserMemory } from './types.js';

/** The columns of a session as both drivers select them. */
export interface SessionRowData {
  session_id: string;
  user_id: string | null;
  agent_name: string | null;
  name: string | null;
  created_at: number | string;
  updated_at: number | string;
  run_count: number;
  message_count: number;
  history_message_count: number;
  summary_text: string | null;
  summary_covered: number | null;
  summary_updated_at: number | string | null;
}

/** The columns of a memory as both drivers select them. */
export interface MemoryRowData {
  id: number | string;
  memory_id: string;
  user_id: string;
  memory: string;
  search: string;
  topics: string;
  created_at: number | string;
  updated_at: number | string;
}

/** The columns of a run both drivers keep alike. */
export interface RunRowData {
  run_id: string;
  session_id: string;
  user_id: string | null;
  agent_name: string;
  status: 'completed' | 'error';
  error_code: string | null;
  tool_calls: string;
  usage: string;
  timings: string;
  created_at: number | string;
}

/** A run's record from its row, its messages and its final text. */
export function runRecord(row: RunRowData, messages: Message[], text: string): RunRecord {
  const record: RunRecord = {
    runId: row.run_id,
    sessionId: row.session_id,
    userId: row.user_id ?? undefined,
    agentName: row.agent_name,
    status: row.status,
    messages,
    text,
    toolCalls: JSON.parse(row.tool_calls),
    usage: JSON.parse(row.usage),
    timings: JSON.parse(row.timings),
    createdAt: Number(row.created_at),
  };
  if (row.error_code !== null) record.errorCode = row.error_code;
  return record;
}

/** A session's record. */
export function sessionInfo(row: SessionRowData): SessionInfo {
  return {
    sessionId: row.session_id,
    userId: row.user_id ?? undefined,
    agentName: row.agent_name ?? undefined,
    name: row.name ?? undefined,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    runCount: row.run_count,
    messageCount: row.message_count,
    historyMessageCount: row.history_message_count,
    summary:
      row.summary_text === null
        ? undefined
        : {
            text: row.summary_text,
            coveredMessages: row.summary_covered!,
            updatedAt: Number(row.summary_updated_at),
          },
  };
}

/** A memory's record. */
export function userMemory(row: MemoryRowData): UserMemory {
  return {
    memoryId: row.memory_id,
    userId: row.user_id,
    memory: row.memory,
    topics: JSON.parse(row.topics) as string[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** A memory with the columns search ranks by, and its embedding when it has one. */
export function searchRow(row: MemoryRowData, embedding: ArrayLike<number> | null): SearchRow {
  return { memory: userMemory(row), search: row.search, seq: Number(row.id), embedding };
}
