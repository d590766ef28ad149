/**
 * @agno/knowledge/lancedb: the LanceDB vector store (cosine, Lance SQL filters, FTS), on the
 * optional peer dependency `@lancedb/lancedb`.
 */
export { LanceDbVectorStore, type LanceDbVectorStoreOptions } from './lancedb-store.js';
