/**
 * The front of the in-memory store over core's `InMemorySessionStore`: the id and value checks
 * and error shaping every `@agno/memory` store applies (reason `invalid`, `closed`), and the
 * session record that the in-memory store keeps.
 */
import {
  type HistoryQuery,
  InMemorySessionStore,
  type Message,
  type PausedRun,
  type PausedRunQuery,
  type RunRecord,
  type SessionState,
  type StoredDocument,
} from '@agno/core';
import { checkId, checkPausedRun, documentJSON, pageOf, pausedRunFilter, stateJSON } from './codec.js';
import { closedError } from './errors.js';
import type { Page, SessionInfo } from './types.js';

/** A session of the in-memory store: core's record plus its details, counts and summary. */
export interface Session
  extends Pick<
    SessionInfo,
    'sessionId' | 'userId' | 'agentName' | 'name' | 'createdAt' | 'updatedAt' | 'summary'
  > {
  seq: number;
  runs: RunRecord[];
  messages: Message[];
  runStarts: number[];
  /** How many messages the failed runs hold (kept in `runs` only). */
  failedMessages: number;
  stateJSON: string;
  stateVersion: number;
}

/** Core's in-memory session store with the checks of `@agno/memory`'s stores. */
export class CheckedSessionStore extends InMemorySessionStore<Session> {
  /** Creation order of sessions (the tie-break of equal creation times). */
  protected seq = 0;
  /** Set by `close()`. */
  protected closed = false;

  /** Throws reason `closed` once the store is closed. */
  protected open(): void {
    if (this.closed) throw closedError();
  }

  protected override newSession(sessionId: string, createdAt: number): Session {
    return {
      sessionId,
      userId: undefined,
      agentName: undefined,
      name: undefined,
      createdAt,
      updatedAt: createdAt,
      seq: ++this.seq,
      runs: [],
      messages: [],
      runStarts: [],
      failedMessages: 0,
      stateJSON: '{}',
      stateVersion: 0,
      summary: undefined,
    };
  }

  protected override addRun(s: Session, run: RunRecord): void {
    if (s.userId === undefined && run.userId !== undefined) s.userId = run.userId;
    if (s.agentName === undefined) s.agentName = run.agentName;
    if (run.createdAt > s.updatedAt) s.updatedAt = run.createdAt;
    if (run.status === 'error') s.failedMessages += run.messages.length;
    super.addRun(s, run);
  }

  protected override encodeState(state: unknown): string {
    return stateJSON(state);
  }

  protected override encodeDocument(doc: unknown): string {
    return documentJSON(doc);
  }

  /** {@inheritDoc SessionStore.loadHistory} */
  override loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
    // Not async: the hot read path returns core's promise as it is (no second promise per call).
    if (this.closed) return Promise.reject(closedError());
    return super.loadHistory(sessionId, query);
  }

  /** {@inheritDoc SessionStore.getState} */
  override async getState(sessionId: string): Promise<SessionState> {
    this.open();
    return super.getState(checkId('sessionId', sessionId));
  }

  /** {@inheritDoc SessionStore.updateState} */
  override async updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    this.open();
    return super.updateState(checkId('sessionId', sessionId), update);
  }

  /** {@inheritDoc SessionStore.savePausedRun} */
  override async savePausedRun(paused: PausedRun): Promise<void> {
    this.open();
    checkPausedRun(paused);
    return super.savePausedRun(paused);
  }

  /** {@inheritDoc SessionStore.loadPausedRun} */
  override async loadPausedRun(runId: string): Promise<PausedRun | undefined> {
    this.open();
    return super.loadPausedRun(checkId('runId', runId));
  }

  /** {@inheritDoc SessionStore.claimPausedRun} */
  override async claimPausedRun(runId: string): Promise<PausedRun | undefined> {
    this.open();
    return super.claimPausedRun(checkId('runId', runId));
  }

  /** {@inheritDoc SessionStore.listPausedRuns} */
  override async listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]> {
    this.open();
    pausedRunFilter(query);
    return super.listPausedRuns(query);
  }

  /** {@inheritDoc SessionStore.deletePausedRun} */
  override async deletePausedRun(runId: string): Promise<void> {
    this.open();
    return super.deletePausedRun(checkId('runId', runId));
  }

  /** {@inheritDoc DocumentStore.putDocument} */
  override async putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    this.open();
    return super.putDocument(checkId('collection', collection), checkId('document id', id), doc);
  }

  /** {@inheritDoc DocumentStore.getDocument} */
  override async getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined> {
    this.open();
    return super.getDocument<T>(checkId('collection', collection), checkId('document id', id));
  }

  /** {@inheritDoc DocumentStore.listDocuments} */
  override async listDocuments<T = unknown>(collection: string, page?: Page): Promise<StoredDocument<T>[]> {
    this.open();
    const { limit, offset } = pageOf(page);
    return super.listDocuments<T>(checkId('collection', collection), {
      limit: limit < 0 ? undefined : limit,
      offset,
    });
  }

  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  override async putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    this.open();
    return super.putDocumentIfAbsent(checkId('collection', collection), checkId('document id', id), doc);
  }

  /** {@inheritDoc DocumentStore.deleteDocument} */
  override async deleteDocument(collection: string, id: string): Promise<void> {
    this.open();
    return super.deleteDocument(checkId('collection', collection), checkId('document id', id));
  }

  /** Forgets everything; later calls fail with reason `closed`. */
  override async close(): Promise<void> {
    this.closed = true;
    await super.close();
  }
}
