/**
 * The pgvector store's schema, versioned: the `vector` extension (a `ConfigError` saying how to
 * install it when the server lacks it), a chunk table with a `vector(n)` column, an HNSW index
 * (`vector_cosine_ops`), a generated `tsvector` with a GIN index, jsonb metadata, and a meta table
 * holding the schema version and the dimensions, all created under an advisory lock.
 */
import { AgnoError, ConfigError, errorMessage, StoreError } from '@agno/core';
import { DimensionMismatchError } from '../errors.js';
import type { Query, SqlClient } from './client.js';

/** The schema version this code writes and reads. */
export const PGVECTOR_SCHEMA_VERSION = 1;

/** Where the store's tables live. */
export interface PgTableNames {
  /** `"schema"."table"`, quoted. */
  table: string;
  /** `"schema"."table_meta"`, quoted. */
  meta: string;
  /** The bare names, for index names and messages. */
  schema: string;
  name: string;
}

/** Checks and quotes the schema and table names. */
export function tableNames(schema: string, table: string): PgTableNames {
  for (const [what, name] of [
    ['schema', schema],
    ['table', table],
  ] as const) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,50}$/.test(name)) {
      throw new ConfigError(
        `invalid ${what} name ${JSON.stringify(name)}: use letters, digits and _ (not first)`,
      );
    }
  }
  return { table: `"${schema}"."${table}"`, meta: `"${schema}"."${table}_meta"`, schema, name: table };
}

/** The message of a missing pgvector, saying how to install it. */
export const PGVECTOR_MISSING =
  'the PostgreSQL server has no pgvector extension ("vector"): install it on the server (Debian/Ubuntu: apt install postgresql-<version>-pgvector; macOS: brew install pgvector; or build it from https://github.com/pgvector/pgvector), then run CREATE EXTENSION vector as a superuser (or let the store do it). With PGlite, create it with the pgvector extension: new PGlite({ extensions: { vector } })';

async function ensureExtension(query: Query): Promise<void> {
  const present = await query("SELECT 1 FROM pg_extension WHERE extname = 'vector'");
  if (present.length > 0) return;
  try {
    await query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    throw new ConfigError(`${PGVECTOR_MISSING} (the server said: ${errorMessage(error)})`, {
      cause: error,
      details: { extension: 'vector' },
    });
  }
}

function ddl(n: PgTableNames, dimensions: number, textConfig: string): string[] {
  const t = n.name;
  return [
    `CREATE SCHEMA IF NOT EXISTS "${n.schema}"`,
    `CREATE TABLE IF NOT EXISTS ${n.meta} (key text PRIMARY KEY, value text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${n.table} (
  id text PRIMARY KEY,
  source text NOT NULL,
  idx integer NOT NULL,
  text text NOT NULL,
  hash text NOT NULL,
  title text,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  embedding vector(${dimensions}) NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('${textConfig}'::regconfig, text)) STORED
)`,
    `CREATE INDEX IF NOT EXISTS "${t}_source_idx" ON ${n.table} (source)`,
    `CREATE INDEX IF NOT EXISTS "${t}_embedding_idx" ON ${n.table} USING hnsw (embedding vector_cosine_ops)`,
    `CREATE INDEX IF NOT EXISTS "${t}_tsv_idx" ON ${n.table} USING gin (tsv)`,
  ];
}

/**
 * Creates what is missing (extension, schema, tables, indexes) in one transaction under an
 * advisory lock, then checks the stored version and dimensions.
 */
export async function prepareSchema(
  client: SqlClient,
  names: PgTableNames,
  dimensions: number,
  textConfig: string,
): Promise<void> {
  if (!/^[a-z_]+$/.test(textConfig))
    throw new ConfigError(`invalid text search configuration ${JSON.stringify(textConfig)}`);
  const where = `pgvector store ${names.table}`;
  try {
    await ensureExtension(client.query);
    await client.transaction(async (query) => {
      await query('SELECT pg_advisory_xact_lock(hashtext($1))', [`agno-knowledge:${names.table}`]);
      const exists = await query<{ ok: string | null }>('SELECT to_regclass($1)::text AS ok', [names.meta]);
      if (exists[0]?.ok == null) {
        for (const sql of ddl(names, dimensions, textConfig)) await query(sql);
        await query(
          `INSERT INTO ${names.meta} (key, value) VALUES ('schema_version', $1), ('dimensions', $2), ('distance', 'cosine')`,
          [String(PGVECTOR_SCHEMA_VERSION), String(dimensions)],
        );
        return;
      }
      const rows = await query<{ key: string; value: string }>(`SELECT key, value FROM ${names.meta}`);
      const meta = new Map(rows.map((r) => [r.key, r.value]));
      const version = Number(meta.get('schema_version'));
      if (version > PGVECTOR_SCHEMA_VERSION) {
        throw new StoreError(
          `${where}: written by a newer version of @agno/knowledge (schema ${version}, this one reads ${PGVECTOR_SCHEMA_VERSION}); upgrade the package`,
        );
      }
      const stored = Number(meta.get('dimensions'));
      if (stored !== dimensions) throw new DimensionMismatchError(stored, dimensions, where);
    });
  } catch (error) {
    if (error instanceof AgnoError) throw error;
    throw new StoreError(`${where}: preparing the tables failed: ${errorMessage(error)}`, { cause: error });
  }
}
