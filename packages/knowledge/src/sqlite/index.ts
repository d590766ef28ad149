/**
 * @agno/knowledge/sqlite: the SQLite vector store (exact cosine search, FTS5 full text), on the
 * optional peer dependency better-sqlite3.
 */

export { SQLITE_VECTOR_SCHEMA_VERSION } from './schema.js';
export { ftsQuery, SqliteVectorStore, type SqliteVectorStoreOptions } from './sqlite-store.js';
