/**
 * The in-memory store: everything a {@link MemoryStore} holds, in process memory. Fast, and gone
 * when the process ends; for tests and short-lived agents. It builds on core's
 * `InMemorySessionStore` (history, state, paused runs, documents) and adds the checks of the
 * other stores, sessions' details, compare-and-set state, summaries and user memories. It keeps
 * the run and message objects it is given (no copies): do not change them after appending.
 */
import type { RunRecord, SessionState } from '@agno/core';
import { CheckedSessionStore, type Session } from './checked-session-store.js';
import {
  checkId,
  checkRun,
  checkSummary,
  checkText,
  createdAtOf,
  newId,
  pageOf,
  stateJSON,
} from './codec.js';
import { MemoryStoreError } from './errors.js';
import { InMemoryMemories } from './in-memory-memories.js';
import type {
  Embedder,
  MemorySearch,
  MemoryStore,
  MemoryUpdate,
  NewSession,
  NewUserMemory,
  Page,
  ScoredMemory,
  SessionInfo,
  SessionSummary,
  UserMemory,
} from './types.js';

/** Options of {@link InMemoryStore}. */
export interface InMemoryStoreOptions {
  /** Embeds memories so that `searchMemories` searches by meaning. */
  embedder?: Embedder;
  /**
   * Keep an index of run ids (default true): `getRun` in constant time, and a run id that is stored
   * already refused with reason `conflict`, as the SQL stores do. `false` saves the index's cost per
   * append (about half of an append); `getRun` then searches newest first, and duplicate run ids go
   * unnoticed.
   */
  indexRuns?: boolean;
}

/** A {@link MemoryStore} in process memory. */
export class InMemoryStore extends CheckedSessionStore implements MemoryStore {
  private readonly runsById: Map<string, RunRecord> | undefined;
  private readonly memories: InMemoryMemories;

  constructor(options: InMemoryStoreOptions = {}) {
    super();
    this.runsById = options.indexRuns === false ? undefined : new Map();
    this.memories = new InMemoryMemories(options.embedder, () => this.open());
  }

  private info(s: Session): SessionInfo {
    return {
      sessionId: s.sessionId,
      userId: s.userId,
      agentName: s.agentName,
      name: s.name,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      runCount: s.runs.length,
      messageCount: s.messages.length + s.failedMessages,
      historyMessageCount: s.messages.length,
      summary: s.summary === undefined ? undefined : { ...s.summary },
    };
  }

  /** {@inheritDoc MemoryStore.createSession} */
  async createSession(input: NewSession = {}): Promise<SessionInfo> {
    this.open();
    const sessionId = input.sessionId === undefined ? newId() : checkId('sessionId', input.sessionId);
    if (input.userId !== undefined) checkId('userId', input.userId);
    if (input.name !== undefined) checkText('name', input.name);
    if (input.agentName !== undefined) checkText('agentName', input.agentName);
    const createdAt = createdAtOf(input.createdAt);
    if (this.sessions.has(sessionId)) {
      throw new MemoryStoreError('conflict', 'a session with this id exists already', {
        details: { sessionId },
      });
    }
    const s = this.session(sessionId, createdAt);
    s.userId = input.userId;
    s.agentName = input.agentName;
    s.name = input.name;
    return this.info(s);
  }

  /** {@inheritDoc MemoryStore.getSession} */
  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    this.open();
    const s = this.sessions.get(checkId('sessionId', sessionId));
    return s === undefined ? undefined : this.info(s);
  }

  /** {@inheritDoc MemoryStore.listSessions} */
  async listSessions(options: Page & { userId?: string } = {}): Promise<SessionInfo[]> {
    this.open();
    const { limit, offset } = pageOf(options);
    const userId = options.userId;
    const all: Session[] = [];
    for (const s of this.sessions.values()) if (userId === undefined || s.userId === userId) all.push(s);
    all.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
    return all.slice(offset, limit < 0 ? undefined : offset + limit).map((s) => this.info(s));
  }

  /** {@inheritDoc MemoryStore.renameSession} */
  async renameSession(sessionId: string, name: string): Promise<SessionInfo> {
    this.open();
    checkText('name', name);
    const s = this.sessions.get(checkId('sessionId', sessionId));
    if (s === undefined)
      throw new MemoryStoreError('missing', 'no session with this id', { details: { sessionId } });
    s.name = name;
    return this.info(s);
  }

  /** {@inheritDoc MemoryStore.deleteSession} */
  async deleteSession(sessionId: string): Promise<void> {
    this.open();
    const s = this.sessions.get(checkId('sessionId', sessionId));
    if (s === undefined) return;
    if (this.runsById !== undefined) for (const r of s.runs) this.runsById.delete(r.runId);
    this.sessions.delete(sessionId);
    for (const [runId, p] of this.paused) if (p.sessionId === sessionId) this.paused.delete(runId);
  }

  /** {@inheritDoc SessionStore.appendRun} */
  override async appendRun(run: RunRecord): Promise<void> {
    if (this.closed) this.open();
    checkRun(run);
    // One index lookup on the hot path: a duplicate shows as an unchanged size.
    const index = this.runsById;
    if (index !== undefined) {
      const size = index.size;
      index.set(run.runId, run);
      if (index.size === size) {
        index.set(run.runId, this.storedRun(run.runId)!);
        throw duplicateRun(run.runId);
      }
    }
    this.addRun(this.session(run.sessionId, run.createdAt), run);
  }

  /** The stored run with this id, found without the index: newest sessions and runs first. */
  private storedRun(runId: string): RunRecord | undefined {
    const sessions = [...this.sessions.values()];
    for (let i = sessions.length - 1; i >= 0; i--) {
      const runs = sessions[i]!.runs;
      for (let j = runs.length - 1; j >= 0; j--) if (runs[j]!.runId === runId) return runs[j];
    }
    return undefined;
  }

  /** {@inheritDoc MemoryStore.appendRuns} */
  async appendRuns(runs: readonly RunRecord[]): Promise<void> {
    this.open();
    const ids = new Set<string>();
    for (const run of runs) {
      checkRun(run);
      if (ids.has(run.runId) || this.runsById?.has(run.runId)) throw duplicateRun(run.runId);
      ids.add(run.runId);
    }
    for (const run of runs) {
      this.runsById?.set(run.runId, run);
      this.addRun(this.session(run.sessionId, run.createdAt), run);
    }
  }

  /** {@inheritDoc MemoryStore.listRuns} */
  override async listRuns(sessionId: string, page?: Page): Promise<RunRecord[]> {
    this.open();
    const { limit, offset } = pageOf(page);
    const runs = this.sessions.get(checkId('sessionId', sessionId))?.runs ?? [];
    return runs.slice(offset, limit < 0 ? undefined : offset + limit);
  }

  /** {@inheritDoc MemoryStore.getRun} */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    this.open();
    checkId('runId', runId);
    return this.runsById === undefined ? this.storedRun(runId) : this.runsById.get(runId);
  }

  /** {@inheritDoc MemoryStore.setState} */
  async setState(
    sessionId: string,
    state: Record<string, unknown>,
    expectedVersion: number,
  ): Promise<SessionState> {
    this.open();
    checkId('sessionId', sessionId);
    const json = stateJSON(state);
    const current = this.sessions.get(sessionId)?.stateVersion ?? 0;
    if (current !== expectedVersion) {
      throw new MemoryStoreError('conflict', `the state is at version ${current}, not ${expectedVersion}`, {
        details: { sessionId, expectedVersion, actualVersion: current },
      });
    }
    return this.writeState(this.session(sessionId, Date.now()), json);
  }

  /** {@inheritDoc MemoryStore.saveSummary} */
  async saveSummary(sessionId: string, summary: SessionSummary): Promise<boolean> {
    this.open();
    checkSummary(summary);
    const s = this.sessions.get(checkId('sessionId', sessionId));
    if (
      s === undefined ||
      (s.summary !== undefined && s.summary.coveredMessages >= summary.coveredMessages)
    ) {
      return false;
    }
    s.summary = {
      text: summary.text,
      coveredMessages: summary.coveredMessages,
      updatedAt: summary.updatedAt,
    };
    return true;
  }

  /** {@inheritDoc UserMemoryStore.addMemory} */
  async addMemory(input: NewUserMemory): Promise<UserMemory> {
    this.open();
    return this.memories.add(input);
  }

  /** {@inheritDoc UserMemoryStore.getMemory} */
  async getMemory(memoryId: string): Promise<UserMemory | undefined> {
    this.open();
    return this.memories.get(memoryId);
  }

  /** {@inheritDoc UserMemoryStore.listMemories} */
  async listMemories(userId: string, page?: Page): Promise<UserMemory[]> {
    this.open();
    return this.memories.list(userId, page);
  }

  /** {@inheritDoc UserMemoryStore.searchMemories} */
  async searchMemories(userId: string, query: string, options: MemorySearch = {}): Promise<ScoredMemory[]> {
    this.open();
    return this.memories.search(userId, query, options);
  }

  /** {@inheritDoc UserMemoryStore.updateMemory} */
  async updateMemory(memoryId: string, update: MemoryUpdate): Promise<UserMemory> {
    this.open();
    return this.memories.update(memoryId, update);
  }

  /** {@inheritDoc UserMemoryStore.deleteMemory} */
  async deleteMemory(memoryId: string): Promise<void> {
    this.open();
    this.memories.delete(memoryId);
  }

  /** {@inheritDoc UserMemoryStore.listUserIds} */
  async listUserIds(page?: Page): Promise<string[]> {
    this.open();
    const { limit, offset } = pageOf(page);
    const ids = new Set<string>(this.memories.userIds());
    for (const s of this.sessions.values()) if (s.userId !== undefined) ids.add(s.userId);
    const sorted = [...ids].sort(compareText);
    return sorted.slice(offset, limit < 0 ? undefined : offset + limit);
  }

  /** Forgets everything; later calls fail with reason `closed`. */
  override async close(): Promise<void> {
    await super.close();
    this.runsById?.clear();
    this.memories.clear();
  }
}

function duplicateRun(runId: string): MemoryStoreError {
  return new MemoryStoreError('conflict', 'a run with this id is stored already', { details: { runId } });
}

/** Orders strings by UTF-16 code units, as the SQL stores' binary collation does for most text. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
