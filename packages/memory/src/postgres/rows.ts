/**
 * The run rows of the PostgreSQL store and their mapping to run records.
 */
import type { Message, RunRecord } from '@agno/core';
import { type RunRowData, runRecord } from '../rows.js';

/** A row as `pg` gives it. */
export type Row = Record<string, any>;

/** Runs from their rows and their messages' rows (ordered by run, then index). */
export function runRecords(rows: Row[], bodies: Row[]): RunRecord[] {
  const byRun = new Map<string, Message[]>();
  for (const b of bodies) {
    const key = String(b.run_seq);
    let list = byRun.get(key);
    if (list === undefined) byRun.set(key, (list = []));
    list.push(JSON.parse(b.body));
  }
  return rows.map((row) =>
    runRecord(row as RunRowData, byRun.get(String(row.id)) ?? [], JSON.parse(row.text_json)),
  );
}
