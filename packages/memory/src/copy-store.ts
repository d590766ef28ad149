/**
 * Copies everything one store holds into another: how to move from SQLite to PostgreSQL (or any
 * store to any other). Run it while nothing writes to the source; the target should be empty.
 */
import type { PausedRun } from '@agno/core';
import type { MemoryStore } from './types.js';

/** Options of {@link copyStore}. */
export interface CopyOptions {
  /** Document collections to copy (a store cannot list them). Default none. */
  collections?: readonly string[];
  /** How many items to read and write at a time. Default 200. */
  batchSize?: number;
}

/** What {@link copyStore} copied. */
export interface CopyReport {
  sessions: number;
  runs: number;
  states: number;
  summaries: number;
  memories: number;
  documents: number;
  /** Paused runs (awaiting a decision) copied, claimable in the target. */
  pausedRuns: number;
}

/**
 * Copies sessions (with their runs, state and summary), user memories, paused runs and the given
 * document collections from `from` to `to`, keeping ids, creation times and order. Runs are
 * written in batches (one transaction each); a state arrives at version 1. Paused runs are found
 * through the sessions and users the source lists (a paused run with neither a listed session nor
 * a listed user cannot be found, and is not copied). Fails with reason `conflict` when the target
 * already holds a copied id.
 */
export async function copyStore(
  from: MemoryStore,
  to: MemoryStore,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const size = Math.max(1, options.batchSize ?? 200);
  const report: CopyReport = {
    sessions: 0,
    runs: 0,
    states: 0,
    summaries: 0,
    memories: 0,
    documents: 0,
    pausedRuns: 0,
  };
  const paused = new Map<string, PausedRun>();
  const keepPaused = (runs: PausedRun[]) => {
    for (const p of runs) paused.set(p.runId, p);
  };
  const sessions = [];
  for (let offset = 0; ; offset += size) {
    const page = await from.listSessions({ limit: size, offset });
    sessions.push(...page);
    if (page.length < size) break;
  }
  // Oldest first, so that sessions created in the same millisecond keep their order in the target.
  for (let i = sessions.length - 1; i >= 0; i--) {
    const s = sessions[i]!;
    await to.createSession({
      sessionId: s.sessionId,
      userId: s.userId,
      agentName: s.agentName,
      name: s.name,
      createdAt: s.createdAt,
    });
    for (let runOffset = 0; ; runOffset += size) {
      const runs = await from.listRuns(s.sessionId, { limit: size, offset: runOffset });
      if (runs.length > 0) await to.appendRuns(runs);
      report.runs += runs.length;
      if (runs.length < size) break;
    }
    const state = await from.getState(s.sessionId);
    if (state.version > 0) {
      await to.setState(s.sessionId, state.state, 0);
      report.states++;
    }
    if (s.summary !== undefined && (await to.saveSummary(s.sessionId, s.summary))) report.summaries++;
    keepPaused(await from.listPausedRuns({ sessionId: s.sessionId }));
    report.sessions++;
  }
  for (let offset = 0; ; offset += size) {
    const users = await from.listUserIds({ limit: size, offset });
    for (const userId of users) {
      keepPaused(await from.listPausedRuns({ userId }));
      const memories = [];
      for (let m = 0; ; m += size) {
        const page = await from.listMemories(userId, { limit: size, offset: m });
        memories.push(...page);
        if (page.length < size) break;
      }
      // Oldest first, so that the target lists them in the same order.
      for (let i = memories.length - 1; i >= 0; i--) {
        const m = memories[i]!;
        await to.addMemory({
          userId,
          memory: m.memory,
          topics: m.topics,
          memoryId: m.memoryId,
          createdAt: m.createdAt,
        });
        report.memories++;
      }
    }
    if (users.length < size) break;
  }
  // Oldest first (the sort is stable), so that the target lists them in the same order.
  const waiting = [...paused.values()].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
  for (const p of waiting) {
    await to.savePausedRun(p);
    report.pausedRuns++;
  }
  for (const collection of options.collections ?? []) {
    const docs = [];
    for (let offset = 0; ; offset += size) {
      const page = await from.listDocuments(collection, { limit: size, offset });
      docs.push(...page);
      if (page.length < size) break;
    }
    for (let i = docs.length - 1; i >= 0; i--) {
      await to.putDocument(collection, docs[i]!.id, docs[i]!.doc);
      report.documents++;
    }
  }
  return report;
}
