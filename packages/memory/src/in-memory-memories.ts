/**
 * The user memories of the in-memory store: kept per user in insertion order, searched by text
 * or, with an embedder, by meaning.
 */
import { checkId, checkNewMemory, checkText, checkTopics, pageOf } from './codec.js';
import { MemoryStoreError } from './errors.js';
import {
  embedOne,
  rankByText,
  rankByVector,
  type SearchRow,
  searchMode,
  searchPatterns,
  searchText,
} from './search.js';
import type {
  Embedder,
  MemorySearch,
  MemoryUpdate,
  NewUserMemory,
  Page,
  ScoredMemory,
  UserMemory,
} from './types.js';

interface MemoryRow extends SearchRow {
  embedding: number[] | null;
}

/** The user memories of an {@link InMemoryStore}; `open` throws once the store is closed. */
export class InMemoryMemories {
  private readonly byId = new Map<string, MemoryRow>();
  private readonly byUser = new Map<string, MemoryRow[]>();
  private seq = 0;

  constructor(
    private readonly embedder: Embedder | undefined,
    private readonly open: () => void,
  ) {}

  /** {@inheritDoc UserMemoryStore.addMemory} */
  async add(input: NewUserMemory): Promise<UserMemory> {
    const { userId, memory: text, topics, memoryId, createdAt: now } = checkNewMemory(input);
    const embedding = this.embedder === undefined ? null : await embedOne(this.embedder, text);
    this.open();
    if (this.byId.has(memoryId)) {
      throw new MemoryStoreError('conflict', 'a memory with this id exists already', {
        details: { memoryId },
      });
    }
    const memory: UserMemory = { memoryId, userId, memory: text, topics, createdAt: now, updatedAt: now };
    const row: MemoryRow = { memory, search: searchText(text, topics), seq: ++this.seq, embedding };
    this.byId.set(memoryId, row);
    let list = this.byUser.get(userId);
    if (list === undefined) this.byUser.set(userId, (list = []));
    list.push(row);
    return copyMemory(memory);
  }

  /** {@inheritDoc UserMemoryStore.getMemory} */
  get(memoryId: string): UserMemory | undefined {
    const row = this.byId.get(checkId('memoryId', memoryId));
    return row === undefined ? undefined : copyMemory(row.memory);
  }

  /** {@inheritDoc UserMemoryStore.listMemories} */
  list(userId: string, page?: Page): UserMemory[] {
    const { limit, offset } = pageOf(page);
    const list = this.byUser.get(checkId('userId', userId)) ?? [];
    const out: UserMemory[] = [];
    for (let i = list.length - 1 - offset; i >= 0 && (limit < 0 || out.length < limit); i--) {
      out.push(copyMemory(list[i]!.memory));
    }
    return out;
  }

  /** {@inheritDoc UserMemoryStore.searchMemories} */
  async search(userId: string, query: string, options: MemorySearch = {}): Promise<ScoredMemory[]> {
    checkId('userId', userId);
    checkText('query', query);
    const limit = options.limit ?? 10;
    const mode = searchMode(options.mode, this.embedder);
    const rows = this.byUser.get(userId) ?? [];
    if (mode === 'vector') {
      const vector = await embedOne(this.embedder!, query);
      return rankByVector(rows, vector, limit).map(copyMemory);
    }
    return rankByText(rows, searchPatterns(query), limit).map(copyMemory);
  }

  /** {@inheritDoc UserMemoryStore.updateMemory} */
  async update(memoryId: string, update: MemoryUpdate): Promise<UserMemory> {
    checkId('memoryId', memoryId);
    const text = update.memory === undefined ? undefined : checkText('memory', update.memory);
    const topics = update.topics === undefined ? undefined : checkTopics(update.topics);
    if (!this.byId.has(memoryId)) throw missing(memoryId);
    const embedding =
      text !== undefined && this.embedder !== undefined ? await embedOne(this.embedder, text) : null;
    const row = this.byId.get(memoryId);
    if (row === undefined) throw missing(memoryId);
    const m = row.memory;
    if (text !== undefined) m.memory = text;
    if (topics !== undefined) m.topics = topics;
    m.updatedAt = Math.max(Date.now(), m.updatedAt);
    row.search = searchText(m.memory, m.topics);
    if (embedding !== null) row.embedding = embedding;
    return copyMemory(m);
  }

  /** {@inheritDoc UserMemoryStore.deleteMemory} */
  delete(memoryId: string): void {
    const row = this.byId.get(checkId('memoryId', memoryId));
    if (row === undefined) return;
    this.byId.delete(memoryId);
    const list = this.byUser.get(row.memory.userId);
    const i = list?.indexOf(row) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** The ids of the users who have memories. */
  userIds(): string[] {
    const ids: string[] = [];
    for (const [userId, list] of this.byUser) if (list.length > 0) ids.push(userId);
    return ids;
  }

  /** Forgets every memory. */
  clear(): void {
    this.byId.clear();
    this.byUser.clear();
  }
}

function missing(memoryId: string): MemoryStoreError {
  return new MemoryStoreError('missing', 'no memory with this id', { details: { memoryId } });
}

function copyMemory<M extends UserMemory>(m: M): M {
  return { ...m, topics: m.topics.slice() };
}
