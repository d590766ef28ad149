/**
 * @agno/knowledge/pgvector: the PostgreSQL vector store on pgvector (HNSW, cosine), on a `pg` Pool
 * or Client or a PGlite instance.
 */
export type { PgQueryable } from './client.js';
export { filterSql } from './filter-sql.js';
export { PgVectorStore, type PgVectorStoreOptions, vectorLiteral } from './pgvector-store.js';
export { PGVECTOR_MISSING, PGVECTOR_SCHEMA_VERSION } from './schema.js';
