/**
 * A {@link CacheBackend} on any core {@link DocumentStore}: the SQLite and PostgreSQL stores
 * of `@agno/memory` (or core's in-memory store) can hold a response cache shared by processes.
 */
import type { DocumentStore } from '@agno/core';
import type { CacheEntry } from './cache-entry.js';
import type { CacheBackend } from './cache-options.js';

/** Options of {@link DocumentStoreCacheBackend}. */
export interface DocumentStoreCacheBackendOptions {
  /** Collection the entries are written to. Default `model-cache`. */
  collection?: string;
  /** Epoch-millisecond clock, for tests. Default `Date.now`. */
  clock?: () => number;
}

interface StoredEntry {
  entry: CacheEntry;
  /** Epoch ms, or null without a TTL. */
  expiresAt: number | null;
}

/**
 * Keeps cache entries as documents of one collection. Expired entries are dropped when read;
 * the store is not swept in the background.
 */
export class DocumentStoreCacheBackend implements CacheBackend {
  /** The collection used. */
  readonly collection: string;
  private readonly store: DocumentStore;
  private readonly clock: () => number;

  constructor(store: DocumentStore, options: DocumentStoreCacheBackendOptions = {}) {
    this.store = store;
    this.collection = options.collection ?? 'model-cache';
    this.clock = options.clock ?? Date.now;
  }

  /** {@inheritDoc CacheBackend.get} */
  async get(key: string): Promise<CacheEntry | undefined> {
    const doc = await this.store.getDocument<StoredEntry>(this.collection, key);
    if (doc === undefined) return undefined;
    if (doc.expiresAt !== null && doc.expiresAt <= this.clock()) {
      await this.store.deleteDocument(this.collection, key);
      return undefined;
    }
    return doc.entry;
  }

  /** {@inheritDoc CacheBackend.set} */
  async set(key: string, entry: CacheEntry, ttlMs: number | undefined): Promise<void> {
    const doc: StoredEntry = { entry, expiresAt: ttlMs === undefined ? null : this.clock() + ttlMs };
    await this.store.putDocument(this.collection, key, doc);
  }

  /** {@inheritDoc CacheBackend.delete} */
  async delete(key: string): Promise<void> {
    await this.store.deleteDocument(this.collection, key);
  }
}
