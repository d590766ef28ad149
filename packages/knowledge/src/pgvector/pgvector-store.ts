/**
 * The PostgreSQL vector store on pgvector: a `vector(n)` column searched with `<=>` (cosine
 * distance) through an HNSW index, full text through a generated `tsvector` ranked by `ts_rank`,
 * jsonb metadata filtered in SQL, every upsert one transaction. Works on a `pg` Pool or Client, or
 * on a PGlite instance with its pgvector extension.
 */
import {
  type KeywordQuery,
  type KnowledgeChunk,
  type MetadataFilter,
  type MetadataValue,
  type ScoredChunk,
  StoreError,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
} from '@agno/core';
import { words } from '../stores/bm25.js';
import { checkBatch, checkDimensions, checkVector, storeFailure, throwIfAborted } from '../stores/checks.js';
import { parseFilter } from '../stores/filter.js';
import { normalised } from '../stores/vector-math.js';
import { type PgQueryable, type SqlClient, sqlClient } from './client.js';
import { filterSql } from './filter-sql.js';
import { type PgTableNames, prepareSchema, tableNames } from './schema.js';

/** Options of {@link PgVectorStore.open}. */
export interface PgVectorStoreOptions {
  /** A `pg` Pool or Client, or a PGlite instance (created with the pgvector extension). */
  db: PgQueryable;
  /** Length of every vector; a table made for other dimensions is refused (`dimension_mismatch`). */
  dimensions: number;
  /** Schema of the tables (default `public`; created when missing). */
  schema?: string;
  /** Name of the chunk table (default `agno_chunks`); `<table>_meta` goes beside it. */
  table?: string;
  /** Text search configuration of the full-text index (default `english`). */
  textSearchConfig?: string;
  /**
   * HNSW candidates per search (`hnsw.ef_search`, default 100): higher finds the exact nearest
   * more often, at some speed. Set per search, in its transaction.
   */
  efSearch?: number;
}

interface ChunkRow {
  id: string;
  source: string;
  idx: number;
  text: string;
  hash: string;
  title: string | null;
  metadata: Record<string, MetadataValue> | string;
  score: number | string;
}

const COLUMNS = 'id, source, idx, text, hash, title, metadata';

/** SQLSTATEs worth a retry: serialization failure, deadlock, admin shutdown. */
const RETRYABLE = new Set(['40001', '40P01', '57P01']);

function scored(row: ChunkRow): ScoredChunk {
  const metadata = typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata;
  const chunk: KnowledgeChunk = {
    id: row.id,
    source: row.source,
    index: Number(row.idx),
    text: row.text,
    hash: row.hash,
    metadata,
  };
  if (row.title !== null) chunk.title = row.title;
  return { chunk, score: Number(row.score) };
}

/** pgvector's text form of a vector: `[1,2,3]`. */
export function vectorLiteral(vector: Float32Array): string {
  return `[${vector.join(',')}]`;
}

/** A {@link VectorStore} in PostgreSQL with pgvector. Open it with {@link PgVectorStore.open}. */
export class PgVectorStore implements VectorStore {
  private closed = false;

  private constructor(
    private readonly client: SqlClient,
    private readonly names: PgTableNames,
    readonly dimensions: number,
    private readonly textConfig: string,
    private readonly efSearch: number,
  ) {}

  /**
   * Opens (creating when missing) the store's tables on `options.db`; a `ConfigError` saying how to
   * install pgvector when the server lacks it, a `DimensionMismatchError` when the table was made
   * for other dimensions.
   */
  static async open(options: PgVectorStoreOptions): Promise<PgVectorStore> {
    checkDimensions(options.dimensions);
    const names = tableNames(options.schema ?? 'public', options.table ?? 'agno_chunks');
    const textConfig = options.textSearchConfig ?? 'english';
    const client = sqlClient(options.db);
    await prepareSchema(client, names, options.dimensions, textConfig);
    const ef = Math.max(1, Math.min(1000, Math.floor(options.efSearch ?? 100)));
    return new PgVectorStore(client, names, options.dimensions, textConfig, ef);
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    this.checkOpen();
    const rows = checkBatch(records, this.dimensions);
    if (rows.length === 0) return;
    const columns = [
      rows.map((r) => r.id),
      rows.map((r) => r.source),
      rows.map((r) => r.index),
      rows.map((r) => r.text),
      rows.map((r) => r.hash),
      rows.map((r) => r.title ?? null),
      rows.map((r) => JSON.stringify(r.metadata ?? {})),
      rows.map((r) => vectorLiteral(normalised(r.vector))),
    ];
    const t = this.names.table;
    await this.guard('upsert', () =>
      this.client.transaction((query) =>
        query(
          `INSERT INTO ${t} (${COLUMNS}, embedding)
SELECT id, source, idx, text, hash, title, metadata::jsonb, embedding::vector
FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  AS r(id, source, idx, text, hash, title, metadata, embedding)
ON CONFLICT (id) DO UPDATE SET source = excluded.source, idx = excluded.idx, text = excluded.text,
  hash = excluded.hash, title = excluded.title, metadata = excluded.metadata, embedding = excluded.embedding`,
          columns,
        ),
      ),
    );
  }

  async hashes(source: string): Promise<Map<string, string>> {
    this.checkOpen();
    const rows = await this.guard('hashes', () =>
      this.client.query<{ id: string; hash: string }>(
        `SELECT id, hash FROM ${this.names.table} WHERE source = $1`,
        [source],
      ),
    );
    return new Map(rows.map((r) => [r.id, r.hash]));
  }

  async deleteSource(source: string, ids?: readonly string[]): Promise<number> {
    this.checkOpen();
    if (ids !== undefined && ids.length === 0) return 0;
    const t = this.names.table;
    const rows = await this.guard('deleteSource', () =>
      ids === undefined
        ? this.client.query(`DELETE FROM ${t} WHERE source = $1 RETURNING 1`, [source])
        : this.client.query(`DELETE FROM ${t} WHERE source = $1 AND id = ANY($2::text[]) RETURNING 1`, [
            source,
            [...ids],
          ]),
    );
    return rows.length;
  }

  async sources(): Promise<string[]> {
    this.checkOpen();
    const rows = await this.guard('sources', () =>
      this.client.query<{ source: string }>(`SELECT DISTINCT source FROM ${this.names.table}`),
    );
    return rows.map((r) => r.source);
  }

  async search(query: VectorQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    checkVector(query.vector, this.dimensions, 'search');
    const clauses = parseFilter(query.filter);
    throwIfAborted(query.signal, 'the vector search');
    if (query.topK <= 0) return [];
    const params: unknown[] = [vectorLiteral(normalised(query.vector))];
    const where = filterSql(clauses, 'metadata', params);
    params.push(Math.floor(query.topK));
    const sql = `SELECT ${COLUMNS}, 1 - (embedding <=> $1::vector) AS score FROM ${this.names.table}
WHERE ${where} ORDER BY embedding <=> $1::vector LIMIT $${params.length}`;
    const rows = await this.guard('search', () =>
      this.client.transaction(async (q) => {
        await q(`SET LOCAL hnsw.ef_search = ${this.efSearch}`);
        if (clauses.length > 0) await q(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
        return q<ChunkRow>(sql, params);
      }),
    );
    // relaxed_order may return rows slightly out of order: the contract is best first.
    return rows.map(scored).sort((a, b) => b.score - a.score);
  }

  async keywordSearch(query: KeywordQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    const clauses = parseFilter(query.filter);
    throwIfAborted(query.signal, 'the keyword search');
    const terms = [...new Set(words(query.text))];
    if (query.topK <= 0 || terms.length === 0) return [];
    const params: unknown[] = [this.textConfig, terms.join(' | ')];
    const where = filterSql(clauses, 'metadata', params);
    params.push(Math.floor(query.topK));
    const rows = await this.guard('keywordSearch', () =>
      this.client.query<ChunkRow>(
        `SELECT ${COLUMNS}, ts_rank(tsv, q) AS score
FROM ${this.names.table}, to_tsquery($1::regconfig, $2) AS q
WHERE tsv @@ q AND ${where} ORDER BY score DESC, id LIMIT $${params.length}`,
        params,
      ),
    );
    return rows.map(scored);
  }

  async count(filter?: MetadataFilter): Promise<number> {
    this.checkOpen();
    const params: unknown[] = [];
    const where = filterSql(parseFilter(filter), 'metadata', params);
    const rows = await this.guard('count', () =>
      this.client.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM ${this.names.table} WHERE ${where}`,
        params,
      ),
    );
    return Number(rows[0]!.n);
  }

  /** Marks the store closed; the connection (pool, client or PGlite) stays the caller's to close. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storeFailure(error, `pgvector ${what} on ${this.names.table}`, (code) => RETRYABLE.has(code));
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('the pgvector store is closed', { code: 'closed' });
  }
}
