/**
 * Session summaries: when a session's history grows past a threshold, a model summarises its
 * older part (in the background, after a run). The agent is given a store wrapper whose history
 * is `[summary, ...the messages after it]`; the full history stays stored.
 */
import {
  type Agent,
  type HistoryQuery,
  lastMessages,
  type Message,
  type Model,
  ModelError,
  type PausedRun,
  type PausedRunQuery,
  type RunRecord,
  type SessionState,
  type StoredDocument,
} from '@agno/core';
import { KeyedQueue } from './keyed-queue.js';
import { transcript } from './transcript.js';
import type {
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

/** Options of {@link SessionSummarizer}. */
export interface SessionSummarizerOptions {
  /** The store that keeps the sessions (and their summaries). */
  store: MemoryStore;
  /** The model that writes summaries. */
  model: Model;
  /** Summarise once more than this many messages of a session are not covered by its summary. Default 40. */
  threshold?: number;
  /** How many of the latest messages stay out of the summary, word for word. Default 10. */
  keepLast?: number;
  /** Extra guidance for the summariser (what must survive). */
  guidance?: string;
  /** The role of the summary message in the history. Default `system`. */
  summaryRole?: 'system' | 'user';
}

const SUMMARY_PROMPT = `You summarise the earlier part of a conversation between a user and an assistant, so that the assistant can continue it without the full text.
Keep what later turns may need: facts about the user, decisions, open questions, names, numbers, results of tool calls. Drop pleasantries. Write plain prose or short bullet points, in at most about 200 words.
When a summary so far is given, return one summary that merges it with the new part.`;

/**
 * How many messages a session's history holds: failed runs left out, as `loadHistory` leaves them
 * out (a store that does not say counts all of them).
 */
function historySize(info: SessionInfo): number {
  return info.historyMessageCount ?? info.messageCount;
}

/** Summarises long sessions. See the module doc. */
export class SessionSummarizer {
  /** The options given at construction. */
  readonly options: SessionSummarizerOptions;
  /** The store to give the agent: the summary stands in for the older messages of each session. */
  readonly store: SummarizedStore;
  private readonly queue = new KeyedQueue();

  constructor(options: SessionSummarizerOptions) {
    this.options = options;
    this.store = new SummarizedStore(options.store, options.summaryRole ?? 'system');
  }

  /**
   * After every completed run of `agent` that has a session, summarises the session when it has
   * passed the threshold, in the background (`agent.close()` waits for it; a failure becomes a
   * `background-error` event with task `session-summary`). Returns a function that detaches.
   */
  attach(agent: Agent): () => void {
    return agent.events.on('run-completed', (event) => {
      const sessionId = event.result.sessionId;
      if (sessionId === undefined) return;
      const work = this.queue.track(Promise.resolve().then(() => this.maybeSummarize(sessionId)));
      agent.runInBackground(event.runId, 'session-summary', () => work);
    });
  }

  /** Summarises the session when more than `threshold` of its messages are not yet covered. */
  maybeSummarize(sessionId: string): Promise<SessionSummary | undefined> {
    return this.queue.run(sessionId, async () => {
      const info = await this.options.store.getSession(sessionId);
      if (info === undefined) return undefined;
      const uncovered = historySize(info) - (info.summary?.coveredMessages ?? 0);
      if (uncovered <= (this.options.threshold ?? 40)) return undefined;
      return this.summarizeNow(sessionId);
    });
  }

  /**
   * Summarises everything but the last `keepLast` messages (cut at the start of a user turn),
   * merging the summary so far. Returns the new summary, or `undefined` when there is nothing new
   * to cover. A `ModelError` when the model gives an empty summary.
   */
  summarize(sessionId: string): Promise<SessionSummary | undefined> {
    return this.queue.run(sessionId, () => this.summarizeNow(sessionId));
  }

  private async summarizeNow(sessionId: string): Promise<SessionSummary | undefined> {
    const store = this.options.store;
    const info = await store.getSession(sessionId);
    if (info === undefined) return undefined;
    const all = await store.loadHistory(sessionId);
    const covered = Math.min(info.summary?.coveredMessages ?? 0, all.length);
    let cut = Math.max(0, all.length - (this.options.keepLast ?? 10));
    while (cut > covered && cut < all.length && all[cut]!.role !== 'user') cut--;
    if (cut <= covered) return undefined;
    const previous = info.summary?.text;
    const part = transcript(all.slice(covered, cut), true);
    const system = this.options.guidance ? `${SUMMARY_PROMPT}\n\n${this.options.guidance}` : SUMMARY_PROMPT;
    const response = await this.options.model.generate({
      messages: [
        { role: 'system', content: system },
        {
          role: 'user',
          content: previous
            ? `Summary so far:\n${previous}\n\nConversation since:\n${part}`
            : `Conversation:\n${part}`,
        },
      ],
      temperature: 0,
    });
    const text = response.text.trim();
    if (text === '') throw new ModelError('the summary model gave an empty summary');
    const summary: SessionSummary = { text, coveredMessages: cut, updatedAt: Date.now() };
    return (await store.saveSummary(sessionId, summary)) ? summary : undefined;
  }

  /** Resolves when every summary started so far has finished. */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}

/**
 * A {@link MemoryStore} that reads and writes through `inner`, except that `loadHistory` puts a
 * session's summary in place of the messages it covers.
 */
export class SummarizedStore implements MemoryStore {
  /** The wrapped store. */
  readonly inner: MemoryStore;
  private readonly role: 'system' | 'user';

  constructor(inner: MemoryStore, role: 'system' | 'user' = 'system') {
    this.inner = inner;
    this.role = role;
  }

  /** The message that stands for `summary` in a history. */
  summaryMessage(summary: SessionSummary): Message {
    return {
      role: this.role,
      content: `Summary of the earlier part of this conversation (${summary.coveredMessages} messages):\n${summary.text}`,
    };
  }

  /** The history the agent sees: `[summary, ...messages after it]` (within the query's limit). */
  async loadHistory(sessionId: string, query?: HistoryQuery): Promise<Message[]> {
    const history = await this.inner.loadHistory(sessionId, query);
    if (query?.limit !== undefined && query.limit <= 0) return history;
    // Read after the history: a run appended in between only makes `uncovered` larger (never hides a message).
    const info = await this.inner.getSession(sessionId);
    const summary = info?.summary;
    if (summary === undefined) return history;
    const uncovered = Math.max(0, historySize(info!) - summary.coveredMessages);
    const recent = uncovered >= history.length ? history : lastMessages(history, uncovered);
    return [this.summaryMessage(summary), ...recent];
  }

  /** {@inheritDoc SessionStore.appendRun} */
  appendRun(run: RunRecord): Promise<void> {
    return this.inner.appendRun(run);
  }
  /** {@inheritDoc MemoryStore.appendRuns} */
  appendRuns(runs: readonly RunRecord[]): Promise<void> {
    return this.inner.appendRuns(runs);
  }
  /** {@inheritDoc SessionStore.getState} */
  getState(sessionId: string): Promise<SessionState> {
    return this.inner.getState(sessionId);
  }
  /** {@inheritDoc SessionStore.updateState} */
  updateState(
    sessionId: string,
    update: (state: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<SessionState> {
    return this.inner.updateState(sessionId, update);
  }
  /** {@inheritDoc MemoryStore.setState} */
  setState(
    sessionId: string,
    state: Record<string, unknown>,
    expectedVersion: number,
  ): Promise<SessionState> {
    return this.inner.setState(sessionId, state, expectedVersion);
  }
  /** {@inheritDoc SessionStore.savePausedRun} */
  savePausedRun(paused: PausedRun): Promise<void> {
    return this.inner.savePausedRun(paused);
  }
  /** {@inheritDoc SessionStore.loadPausedRun} */
  loadPausedRun(runId: string): Promise<PausedRun | undefined> {
    return this.inner.loadPausedRun(runId);
  }
  /** {@inheritDoc SessionStore.claimPausedRun} */
  claimPausedRun(runId: string): Promise<PausedRun | undefined> {
    return this.inner.claimPausedRun(runId);
  }
  /** {@inheritDoc SessionStore.listPausedRuns} */
  listPausedRuns(query: PausedRunQuery): Promise<PausedRun[]> {
    return this.inner.listPausedRuns(query);
  }
  /** {@inheritDoc SessionStore.deletePausedRun} */
  deletePausedRun(runId: string): Promise<void> {
    return this.inner.deletePausedRun(runId);
  }
  /** {@inheritDoc DocumentStore.putDocument} */
  putDocument(collection: string, id: string, doc: unknown): Promise<void> {
    return this.inner.putDocument(collection, id, doc);
  }
  /** {@inheritDoc DocumentStore.getDocument} */
  getDocument<T = unknown>(collection: string, id: string): Promise<T | undefined> {
    return this.inner.getDocument<T>(collection, id);
  }
  /** {@inheritDoc DocumentStore.listDocuments} */
  listDocuments<T = unknown>(collection: string, page?: Page): Promise<StoredDocument<T>[]> {
    return this.inner.listDocuments<T>(collection, page);
  }
  /** {@inheritDoc DocumentStore.putDocumentIfAbsent} */
  putDocumentIfAbsent(collection: string, id: string, doc: unknown): Promise<boolean> {
    return this.inner.putDocumentIfAbsent(collection, id, doc);
  }
  /** {@inheritDoc DocumentStore.deleteDocument} */
  deleteDocument(collection: string, id: string): Promise<void> {
    return this.inner.deleteDocument(collection, id);
  }
  /** {@inheritDoc MemoryStore.createSession} */
  createSession(session?: NewSession): Promise<SessionInfo> {
    return this.inner.createSession(session);
  }
  /** {@inheritDoc MemoryStore.getSession} */
  getSession(sessionId: string): Promise<SessionInfo | undefined> {
    return this.inner.getSession(sessionId);
  }
  /** {@inheritDoc MemoryStore.listSessions} */
  listSessions(options?: Page & { userId?: string }): Promise<SessionInfo[]> {
    return this.inner.listSessions(options);
  }
  /** {@inheritDoc MemoryStore.renameSession} */
  renameSession(sessionId: string, name: string): Promise<SessionInfo> {
    return this.inner.renameSession(sessionId, name);
  }
  /** {@inheritDoc MemoryStore.deleteSession} */
  deleteSession(sessionId: string): Promise<void> {
    return this.inner.deleteSession(sessionId);
  }
  /** {@inheritDoc MemoryStore.listRuns} */
  listRuns(sessionId: string, page?: Page): Promise<RunRecord[]> {
    return this.inner.listRuns(sessionId, page);
  }
  /** {@inheritDoc MemoryStore.getRun} */
  getRun(runId: string): Promise<RunRecord | undefined> {
    return this.inner.getRun(runId);
  }
  /** {@inheritDoc MemoryStore.saveSummary} */
  saveSummary(sessionId: string, summary: SessionSummary): Promise<boolean> {
    return this.inner.saveSummary(sessionId, summary);
  }
  /** {@inheritDoc UserMemoryStore.addMemory} */
  addMemory(memory: NewUserMemory): Promise<UserMemory> {
    return this.inner.addMemory(memory);
  }
  /** {@inheritDoc UserMemoryStore.getMemory} */
  getMemory(memoryId: string): Promise<UserMemory | undefined> {
    return this.inner.getMemory(memoryId);
  }
  /** {@inheritDoc UserMemoryStore.listMemories} */
  listMemories(userId: string, page?: Page): Promise<UserMemory[]> {
    return this.inner.listMemories(userId, page);
  }
  /** {@inheritDoc UserMemoryStore.searchMemories} */
  searchMemories(userId: string, query: string, options?: MemorySearch): Promise<ScoredMemory[]> {
    return this.inner.searchMemories(userId, query, options);
  }
  /** {@inheritDoc UserMemoryStore.updateMemory} */
  updateMemory(memoryId: string, update: MemoryUpdate): Promise<UserMemory> {
    return this.inner.updateMemory(memoryId, update);
  }
  /** {@inheritDoc UserMemoryStore.deleteMemory} */
  deleteMemory(memoryId: string): Promise<void> {
    return this.inner.deleteMemory(memoryId);
  }
  /** {@inheritDoc UserMemoryStore.listUserIds} */
  listUserIds(page?: Page): Promise<string[]> {
    return this.inner.listUserIds(page);
  }
  /** Closes the wrapped store. */
  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }
}
