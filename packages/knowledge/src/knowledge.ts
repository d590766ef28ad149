/**
 * The knowledge base: an embedder, a vector store and a chunker, with idempotent ingestion,
 * search (vector, keyword, hybrid) and the pieces agents use (tool, citations).
 */
import type { Embedder, MetadataFilter, Tool, VectorStore } from '@agno/core';
import { ValidationError } from '@agno/core';
import { type Citation, CitationRegistry } from './agent/citations.js';
import {
  type SearchKnowledgeArgs,
  type SearchKnowledgeResult,
  type SearchKnowledgeToolOptions,
  searchKnowledgeTool,
} from './agent/tool.js';
import { markdownChunker } from './chunkers/markdown.js';
import type { Chunker } from './chunkers/types.js';
import { DimensionMismatchError } from './errors.js';
import { ingestDocuments } from './ingest/ingest.js';
import type { DocumentInput, IngestOptions, IngestReport } from './ingest/types.js';
import { KeywordFallback } from './retrieval/keyword-fallback.js';
import { searchKnowledge } from './retrieval/search.js';
import type { SearchHit, SearchOptions } from './retrieval/types.js';

/** Options of a {@link Knowledge} base. */
export interface KnowledgeOptions {
  /** Turns chunks and queries into vectors; its `dimensions` must be the store's. */
  embedder: Embedder;
  /** Keeps the chunks and their vectors. */
  store: VectorStore;
  /** Cuts documents into chunks. Default `markdownChunker()` (1,000 characters, 100 overlap; plain text too). */
  chunker?: Chunker;
  /** Defaults of every search (a search's own options win). */
  search?: Omit<SearchOptions, 'signal'>;
}

/**
 * A knowledge base: `ingest` documents (only new or changed chunks are embedded and written),
 * `search` them, `delete` a source; give agents `asTool()` or `knowledgeInstructions(kb)`.
 */
export class Knowledge {
  readonly embedder: Embedder;
  readonly store: VectorStore;
  readonly chunker: Chunker;
  readonly #search: Omit<SearchOptions, 'signal'>;
  readonly #keyword: KeywordFallback;
  readonly #citations = new CitationRegistry();
  readonly #invalidate: () => void;

  constructor(options: KnowledgeOptions) {
    const { embedder, store } = options;
    if (embedder === undefined || store === undefined) {
      throw new ValidationError('Knowledge needs an embedder and a store');
    }
    if (embedder.dimensions !== store.dimensions) {
      throw new DimensionMismatchError(
        store.dimensions,
        embedder.dimensions,
        `the embedder ${embedder.modelId} for this store`,
      );
    }
    this.embedder = embedder;
    this.store = store;
    this.chunker = options.chunker ?? markdownChunker();
    this.#search = options.search ?? {};
    this.#keyword = new KeywordFallback(store);
    this.#invalidate = () => this.#keyword.invalidate();
  }

  /**
   * Chunks the documents, embeds only the chunks the store does not hold yet (in batches of the
   * embedder's `maxBatchSize`, `concurrency` at once), writes each batch in one all-or-nothing
   * store write, and deletes the chunks a source no longer has. Ingesting unchanged documents
   * embeds and writes nothing; after a failure, an abort or a crash, ingesting again resumes.
   * Do not ingest one source from two ingestions at once.
   */
  ingest(input: DocumentInput, options: IngestOptions = {}): Promise<IngestReport> {
    return ingestDocuments(
      { embedder: this.embedder, store: this.store, chunker: this.chunker, onWrite: this.#invalidate },
      input,
      options,
    );
  }

  /** Deletes every chunk of `source`; returns how many went. */
  async delete(source: string): Promise<number> {
    const deleted = await this.store.deleteSource(source);
    this.#invalidate();
    return deleted;
  }

  /**
   * The chunks that best match `query`: `vector` (default), `keyword` (the store's full-text
   * search, or an in-process BM25 index over its chunks when it has none) or `hybrid` (both,
   * fused by reciprocal rank), reranked and cut by `minScore` when asked; best first.
   */
  search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return searchKnowledge({ embedder: this.embedder, store: this.store, keyword: this.#keyword }, query, {
      ...this.#search,
      ...options,
    });
  }

  /** The sources the store holds. */
  sources(): Promise<string[]> {
    return this.store.sources();
  }

  /** Chunks stored (that pass `filter`). */
  count(filter?: MetadataFilter): Promise<number> {
    return this.store.count(filter);
  }

  /** The search tool for agents (see {@link searchKnowledgeTool}). */
  asTool(options: SearchKnowledgeToolOptions = {}): Tool<SearchKnowledgeArgs, SearchKnowledgeResult> {
    return searchKnowledgeTool(this, options);
  }

  /**
   * Numbers hits for a run, continuing its numbers (a passage found again keeps its number): the
   * search tool and the automatic context call this, so a run's citations never collide.
   */
  cite(runId: string, hits: readonly SearchHit[]): Citation[] {
    return this.#citations.cite(runId, hits);
  }

  /** The passages numbered for `runId` (the last 1,000 runs are kept). */
  citationsFor(runId: string): Citation[] {
    return this.#citations.of(runId);
  }

  /** Closes the store. */
  async close(): Promise<void> {
    await this.store.close?.();
  }
}
