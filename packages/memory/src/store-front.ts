/**
 * The front every database store of `@agno/memory` shares: it checks ids and values, embeds
 * memories, encodes and decodes JSON (callers get their own copies), gives conflicts one message
 * and cuts histories at a user turn, then hands the work to a driver's {@link StoreBackend}.
 */
import {
  type HistoryQuery,
  lastMessages,
  type Message,
  type PausedRun,
  type PausedRunQuery,
  type RunRecord,
  type SessionState,
  type StoredDocument,
} from '@agno/core';
import type { StoreBackend } from './backend.js';
import {
  checkId,
  checkNewMemory,
  checkPausedRun,
  checkSummary,
  checkText,
  checkTopics,
  createdAtOf,
  documentJSON,
  encodeRun,
  newId,
  pageOf,
  pausedRunFilter,
  stateJSON,
} from './codec.js';
import { MemoryStoreError } from './errors.js';
import { embedOne, rankByText, rankByVector, searchMode, searchPatterns, searchText } from './search.js';
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

/** A {@link MemoryStore} over a driver's backend. */
export abstract class StoreFront implements MemoryStore {
  /** The driver's statements. */
  protected abstract readonly backend: StoreBackend;

  constructor(private readonly embedder: Embedder | undefined) {}

  /** {@inheritDoc MemoryStore.createSession} */
  async createSession(input: NewSession = {}): Promise<SessionInfo> {
    const sessionId = input.sessionId === undefined ? newId() : checkId('sessionId', input.sessionId);
    if (input.userId !== undefined) checkId('userId', input.userId);
    if (input.name !== undefined) checkText('name', input.name);
    if (input.agentName !== undefined) checkText('agentName', input.agentName);
    const createdAt = createdAtOf(input.createdAt);
    const { userId, agentName, name } = input;
    try {
      return await this.backend.createSession({ sessionId, userId, agentName, name, createdAt });
    } catch (error) {
      throw conflict(error, 'a session with this id exists already', { sessionId });
    }
  }

  /** {@inheritDoc MemoryStore.getSession} */
  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    return this.backend.getSession(checkId('sessionId', sessionId));
  }

  /** {@inheritDoc MemoryStore.listSessions} */
  async listSessions(options: Page & { userId?: string } = {}): Promise<SessionInfo[]> {
    const page = pageOf(options);
    const userId = options.userId === undefined ? undefined : checkId('userId', options.userId);
    return this.backend.listSessions(page, userId);
  }

  /** {@inheritDoc MemoryStore.renameSession} */
  async renameSession(sessionId: string, name: string): Promise<SessionInfo> {
    checkId('sessionId', sessionId);
    checkText('name', name);
    const info = await this.backend.renameSession(sessionId, name);
    if (info === undefined)
      throw new MemoryStoreError('missing', 'no session with this id', { details: { sessionId } });
    return info;
  }

  /** {@inheritDoc MemoryStore.deleteSession} */
  async deleteSession(sessionId: string): Promise<void> {
    await this.backend.deleteSession(checkId('sessionId', sessionId));
  }

  /** {@inheritDoc MemoryStore.saveSummary} */
  async saveSummary(sessionId: string, summary: SessionSummary): Promise<boolean> {
    checkId('sessionId', sessionId);
    checkSummary(summary);
    return this.backend.saveSummary(sessionId, summary);
  }

  /** {@inheritDoc SessionStore.loadHistory} */
  async loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
    checkId('sessionId', sessionId);
    if (query?.unit === 'runs' && query.limit !== undefined && query.limit <= 0) return [];
    return lastMessages(await this.backend.loadHistory(sessionId, query), undefined);
  }

  /** {@inheritDoc SessionStore.appendRun} */
  async appendRun(run: RunRecord): Promise<void> {
    const encoded = encodeRun(run);
    try {
      await this.backend.appendRun(encoded);
    } catch (error) {
      throw conflict(error, 'a run with this id is stored already', {});
    }
  }

  /** {@inheritDoc MemoryStore.appendRuns} */
  async appendRuns(runs: readonly RunRecord[]): Promise<void> {
    const encoded = runs.map(encodeRun);
    if (encoded.length === 0) return;
    try {
      await this.backend.appendRuns(encoded);
    } catch (error) {
      throw conflict(error, 'a run with this id is stored already', {});
    }
  }

  /** {@inheritDoc MemoryStore.listRuns} */
  async listRuns(sessionId: string, page?: Page): Promise<RunRecord[]> {
    return this.backend.listRuns(checkId('sessionId', sessionId), pageOf(page));
  }

  /** {@inheritDoc MemoryStore.getRun} */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    return this.backend.getRun(checkId('runId', runId));
  }

  /** {@inheritDoc SessionStore.getState} */
  async getState(sessionId: string): Promise<SessionState> {
    return this.backend.getState(checkId('sessionId', sessionId));
  }

  /** {@inheritDoc SessionStore.updateState} */
  async updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    checkId('sessionId', sessionId);
    return this.backend.updateState(sessionId, (json) =>
      stateJSON(update(json === undefined ? {} : JSON.parse(json))),
    );
  }

  /** {@inheritDoc MemoryStore.setState} */
  async setState(
    sessionId: string,
    state: Record<string, unknown>,
    expectedVersion: number,
  ): Promise<SessionState> {
    checkId('sessionId', sessionId);
    const json = stateJSON(state);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new MemoryStoreError('invalid', 'expectedVersion must be a non-negative integer');
    }
    const result = await this.backend.setState(sessionId, json, expectedVersion);
    if (!result.ok) {
      const actual = result.actual;
      throw new MemoryStoreError('conflict', `the state is at version ${actual}, not ${expectedVersion}`, {
        details: { sessionId, expectedVersion, actualVersion: actual },
      });
    }
    return { state: JSON.parse(json), version: result.version };
  }

  /** {@inheritDoc SessionStore.savePausedRun} */
  async savePausedRun(paused: PausedRun): Promise<void> {
    checkPausedRun(paused);
    await this.backend.savePausedRun(paused, documentJSON(paused));
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  async loadPausedRun(runId: string): Promise<PausedRun | undefined> {
    return parsed(await this.backend.loadPausedRun(checkId('runId', runId)));
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  async claimPausedRun(runId: string): Promise<PausedRun | undefined> {
    return parsed(await this.backend.claimPausedRun(checkId('runId', runId)));
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  async listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]> {
    const bodies = await this.backend.listPausedRuns(pausedRunFilter(query));
    return bodies.map((body) => JSON.parse(body) as PausedRun);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  async deletePausedRun(runId: string): Promise<void> {
    await this.backend.deletePausedRun(checkId('runId', runId));
  }

  /** {@inheritDoc DocumentStore.putDocument} */
  async putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    checkId('collection', collection);
    checkId('document id', id);
    await this.backend.putDocument(collection, id, documentJSON(doc));
  }

  /** {@inheritDoc DocumentStore.getDocument} */
  async getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined> {
    checkId('collection', collection);
    return parsed<T>(await this.backend.getDocument(collection, checkId('document id', id)));
  }

  /** {@inheritDoc DocumentStore.listDocuments} */
  async listDocuments<T = unknown>(collection: string, page?: Page): Promise<StoredDocument<T>[]> {
    const rows = await this.backend.listDocuments(checkId('collection', collection), pageOf(page));
    return rows.map((r) => ({ id: r.id, doc: JSON.parse(r.body) as T, updatedAt: r.updatedAt }));
  }

  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  async putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    checkId('collection', collection);
    checkId('document id', id);
    return this.backend.putDocumentIfAbsent(collection, id, documentJSON(doc));
  }

  /** {@inheritDoc DocumentStore.deleteDocument} */
  async deleteDocument(collection: string, id: string): Promise<void> {
    checkId('collection', collection);
    await this.backend.deleteDocument(collection, checkId('document id', id));
  }

  /** {@inheritDoc UserMemoryStore.addMemory} */
  async addMemory(input: NewUserMemory): Promise<UserMemory> {
    const { userId, memory, topics, memoryId, createdAt } = checkNewMemory(input);
    const embedding = this.embedder === undefined ? null : await embedOne(this.embedder, memory);
    const search = searchText(memory, topics);
    try {
      return await this.backend.addMemory({
        memoryId,
        userId,
        memory,
        search,
        topics: JSON.stringify(topics),
        embedding,
        createdAt,
      });
    } catch (error) {
      throw conflict(error, 'a memory with this id exists already', { memoryId });
    }
  }

  /** {@inheritDoc UserMemoryStore.getMemory} */
  async getMemory(memoryId: string): Promise<UserMemory | undefined> {
    return this.backend.getMemory(checkId('memoryId', memoryId));
  }

  /** {@inheritDoc UserMemoryStore.listMemories} */
  async listMemories(userId: string, page?: Page): Promise<UserMemory[]> {
    return this.backend.listMemories(checkId('userId', userId), pageOf(page));
  }

  /** {@inheritDoc UserMemoryStore.searchMemories} */
  async searchMemories(userId: string, query: string, options: MemorySearch = {}): Promise<ScoredMemory[]> {
    checkId('userId', userId);
    checkText('query', query);
    const limit = options.limit ?? 10;
    if (searchMode(options.mode, this.embedder) === 'vector') {
      const vector = await embedOne(this.embedder!, query);
      return rankByVector(await this.backend.vectorCandidates(userId), vector, limit);
    }
    const patterns = searchPatterns(query);
    if (patterns.length === 0) return [];
    return rankByText(await this.backend.textCandidates(userId, patterns), patterns, limit);
  }

  /** {@inheritDoc UserMemoryStore.updateMemory} */
  async updateMemory(memoryId: string, update: MemoryUpdate): Promise<UserMemory> {
    checkId('memoryId', memoryId);
    const text = update.memory === undefined ? undefined : checkText('memory', update.memory);
    const topics = update.topics === undefined ? undefined : checkTopics(update.topics);
    if ((await this.backend.getMemory(memoryId)) === undefined) throw missingMemory(memoryId);
    const embedding =
      text !== undefined && this.embedder !== undefined ? await embedOne(this.embedder, text) : null;
    const row = await this.backend.updateMemory(
      memoryId,
      (current) => {
        const memory = text ?? current.memory;
        const nextTopics = topics ?? current.topics;
        return { memory, topics: nextTopics, search: searchText(memory, nextTopics) };
      },
      embedding,
    );
    if (row === undefined) throw missingMemory(memoryId);
    return row;
  }

  /** {@inheritDoc UserMemoryStore.deleteMemory} */
  async deleteMemory(memoryId: string): Promise<void> {
    await this.backend.deleteMemory(checkId('memoryId', memoryId));
  }

  /** {@inheritDoc UserMemoryStore.listUserIds} */
  async listUserIds(page?: Page): Promise<string[]> {
    return this.backend.listUserIds(pageOf(page));
  }
}

/** A conflict (a unique key taken) with the front's message; other errors pass through. */
function conflict(error: unknown, message: string, details: Record<string, unknown>): unknown {
  if (error instanceof MemoryStoreError && error.reason === 'conflict') {
    return new MemoryStoreError('conflict', message, { details, cause: error });
  }
  return error;
}

function missingMemory(memoryId: string): MemoryStoreError {
  return new MemoryStoreError('missing', 'no memory with this id', { details: { memoryId } });
}

function parsed<T>(body: string | undefined): T | undefined {
  return body === undefined ? undefined : (JSON.parse(body) as T);
}
