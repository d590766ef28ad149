/**
 * @agno/knowledge: documents in, grounded answers out. The knowledge base (idempotent, resumable
 * ingestion; vector, keyword and hybrid search), the chunkers, the in-memory vector store, and
 * what agents use: the search tool, automatic context, citations, a workflow retrieval step.
 * Readers, embedders and the other stores have their own entries (`/readers`, `/openai`,
 * `/sqlite`, `/pgvector`, `/lancedb`); the test embedder is in `/testing`.
 */
export {
  type AnswerCitation,
  type Citation,
  CitationRegistry,
  type CitedResult,
  citationOf,
  citationsOf,
  formatPassages,
  refsIn,
} from './agent/citations.js';
export { type KnowledgeInstructionsOptions, knowledgeInstructions, queryOf } from './agent/context.js';
export type { KnowledgeLike } from './agent/knowledge-like.js';
export {
  type RetrievalStepContext,
  type RetrievalStepOptions,
  type RetrievalStepOutput,
  retrievalStep,
} from './agent/step.js';
export {
  type SearchKnowledgeArgs,
  type SearchKnowledgeResult,
  type SearchKnowledgeToolOptions,
  searchKnowledgeTool,
} from './agent/tool.js';
export { chunkId, chunkOf, textHash } from './chunkers/chunk-of.js';
export {
  type MarkdownChunkerOptions,
  type MarkdownSection,
  markdownChunker,
  markdownSections,
} from './chunkers/markdown.js';
export { type RecursiveChunkerOptions, recursiveChunker } from './chunkers/recursive.js';
export { DEFAULT_SEPARATORS, mergePieces, type Separator, splitPieces, splitText } from './chunkers/split.js';
export { type TokenChunkerOptions, type TokenEncoding, tokenChunker } from './chunkers/token.js';
export type { Chunker, ChunkSizeOptions, SyncChunker } from './chunkers/types.js';
export { DimensionMismatchError, EmbeddingError, ReaderError } from './errors.js';
export type {
  DocumentInput,
  IngestOptions,
  IngestProgress,
  IngestReport,
  IngestTotals,
  SourceReport,
} from './ingest/types.js';
export { Knowledge, type KnowledgeOptions } from './knowledge.js';
export { RRF_K, reciprocalRankFusion } from './retrieval/fusion.js';
export type { Reranker, SearchHit, SearchMode, SearchOptions } from './retrieval/types.js';
export { InMemoryVectorStore, type InMemoryVectorStoreOptions } from './stores/memory-store.js';
