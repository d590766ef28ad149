/**
 * `@agno/memory/postgres`: the PostgreSQL store (needs the `pg` package).
 */
export { pgFailure } from './errors.js';
export { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION, type PostgresMigration } from './migrations.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
