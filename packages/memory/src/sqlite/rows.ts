/**
 * The rows of the SQLite store and their mapping to the store's records.
 */
import type { Message, RunRecord } from '@agno/core';
import { type MemoryRowData, type RunRowData, runRecord, searchRow } from '../rows.js';
import type { SearchRow } from '../search.js';

/** A row of `agno_runs` as {@link RUN_COLUMNS} selects it. */
export interface RunRow extends RunRowData {
  text: string;
  first_message: number;
  message_count: number;
}

/** A row of `agno_memories` with its embedding when selected. */
export interface MemoryRow extends MemoryRowData {
  embedding?: Buffer | null;
}

/** The columns of a session. */
export const SESSION_COLUMNS =
  'session_id, user_id, agent_name, name, created_at, updated_at, run_count, message_count, message_count - failed_messages AS history_message_count, summary_text, summary_covered, summary_updated_at';
/** The columns of a run. */
export const RUN_COLUMNS =
  'run_id, session_id, user_id, agent_name, status, error_code, text, tool_calls, usage, timings, created_at, first_message, message_count';
/** The columns of a memory (without its embedding). */
export const MEMORY_COLUMNS = 'id, memory_id, user_id, memory, search, topics, created_at, updated_at';

/** A run's record, its messages taken from `bodies` (positions from `base`). */
export function runRecordOf(row: RunRow, bodies: { seq: number; body: string }[], base: number): RunRecord {
  const from = row.first_message - base;
  const messages: Message[] = new Array(row.message_count);
  for (let i = 0; i < row.message_count; i++) messages[i] = JSON.parse(bodies[from + i]!.body);
  return runRecord(row, messages, row.text);
}

/** A memory with the columns search ranks by. */
export function searchRowOf(row: MemoryRow): SearchRow {
  return searchRow(row, row.embedding == null ? null : fromBlob(row.embedding));
}

/** An embedding as a blob of 32-bit floats. */
export function toBlob(vector: number[] | null): Buffer | null {
  if (vector === null) return null;
  const f = Float32Array.from(vector);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

function fromBlob(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}
