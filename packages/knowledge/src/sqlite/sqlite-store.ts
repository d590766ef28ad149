/**
 * The SQLite vector store, the embedded default: chunks in one table with their normalised vectors
 * as float32 BLOBs, exact cosine search over a cached contiguous matrix, full text through FTS5
 * (`bm25()`), WAL, and every upsert in one transaction. better-sqlite3 is an optional peer
 * dependency, loaded on first open.
 */

import {
  ConfigError,
  errorMessage,
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
import { loadPeer } from '@agno/core/utils';
import type Database from 'better-sqlite3';
import { encodeVector } from '../stores/blob.js';
import { words } from '../stores/bm25.js';
import { checkBatch, checkDimensions, checkVector, storeFailure, throwIfAborted } from '../stores/checks.js';
import { compileFilter } from '../stores/filter.js';
import { exactTopK } from '../stores/scan.js';
import { normalised, normaliseInto } from '../stores/vector-math.js';
import { MatrixCache } from './matrix-cache.js';
import { checkTableName, prepareSchema } from './schema.js';

/** Options of {@link SqliteVectorStore.open}. */
export interface SqliteVectorStoreOptions {
  /** Length of every vector; a file made for other dimensions is refused (`dimension_mismatch`). */
  dimensions: number;
  /** The database file (created when missing), or `:memory:`. */
  path?: string;
  /** An open better-sqlite3 connection to use instead of `path` (left open by `close()`). */
  database?: Database.Database;
  /** Name of the chunk table (default `agno_chunks`); `<table>_meta` and `<table>_fts` go beside it. */
  table?: string;
  /** `normal` (default, safe against crashes of the process in WAL) or `full` (also power loss). */
  synchronous?: 'normal' | 'full';
  /** How long a write waits for another connection's lock, in milliseconds (default 5,000). */
  busyTimeoutMs?: number;
}

type Row = [string, string, number, string, string, string | null, string];

const COLUMNS = 'id, source, idx, text, hash, title, metadata';

function chunkOf(row: Row): KnowledgeChunk {
  const [id, source, index, text, hash, title, metadata] = row;
  const chunk: KnowledgeChunk = {
    id,
    source,
    index,
    text,
    hash,
    metadata: JSON.parse(metadata) as Record<string, MetadataValue>,
  };
  if (title !== null) chunk.title = title;
  return chunk;
}

/** An FTS5 query matching any word of `text`, each quoted (no FTS syntax survives); undefined when none. */
export function ftsQuery(text: string): string | undefined {
  const terms = [...new Set(words(text))];
  return terms.length === 0 ? undefined : terms.map((w) => `"${w}"`).join(' OR ');
}

/** A {@link VectorStore} in a SQLite file. Open it with {@link SqliteVectorStore.open}. */
export class SqliteVectorStore implements VectorStore {
  private cache: MatrixCache | undefined;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly query: Float32Array;
  private readonly writeBatch: Database.Transaction<(records: readonly VectorRecord[]) => void>;

  private constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    readonly dimensions: number,
    private readonly owned: boolean,
  ) {
    this.query = new Float32Array(dimensions);
    this.writeBatch = db.transaction((records: readonly VectorRecord[]) => {
      const insert = this.st(
        `INSERT INTO ${table} (${COLUMNS}, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET source = excluded.source, idx = excluded.idx, text = excluded.text,
hash = excluded.hash, title = excluded.title, metadata = excluded.metadata, vector = excluded.vector`,
      );
      for (const r of records) {
        insert.run(
          r.id,
          r.source,
          r.index,
          r.text,
          r.hash,
          r.title ?? null,
          JSON.stringify(r.metadata ?? {}),
          encodeVector(normalised(r.vector)),
        );
      }
    });
  }

  /**
   * Opens (creating when missing) the store at `options.path` or on `options.database`; a
   * `ConfigError` when better-sqlite3 is not installed, a `DimensionMismatchError` when the table
   * was made for other dimensions, a `StoreError` for a file written by a newer version.
   */
  static async open(options: SqliteVectorStoreOptions): Promise<SqliteVectorStore> {
    checkDimensions(options.dimensions);
    const table = options.table ?? 'agno_chunks';
    checkTableName(table);
    if ((options.path === undefined) === (options.database === undefined)) {
      throw new ConfigError('SqliteVectorStore.open needs exactly one of `path` and `database`');
    }
    let db = options.database;
    if (db === undefined) {
      const { default: Sqlite } = await loadPeer(
        'better-sqlite3',
        'the SQLite vector store',
        () => import('better-sqlite3'),
      );
      try {
        db = new Sqlite(options.path!, { timeout: options.busyTimeoutMs ?? 5000 });
      } catch (error) {
        throw new StoreError(`cannot open the SQLite file ${options.path}: ${errorMessage(error)}`, {
          cause: error,
        });
      }
    }
    const where = `SQLite vector store ${db.name} (table ${table})`;
    try {
      if (options.database === undefined && db.name !== ':memory:' && db.name !== '') {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      }
      prepareSchema(db, table, options.dimensions, where);
    } catch (error) {
      if (options.database === undefined) db.close();
      throw failure(error, 'open');
    }
    return new SqliteVectorStore(db, table, options.dimensions, options.database === undefined);
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    this.checkOpen();
    const batch = checkBatch(records, this.dimensions);
    if (batch.length === 0) return;
    this.cache = undefined;
    this.guard('upsert', () => this.writeBatch.immediate(batch));
  }

  async hashes(source: string): Promise<Map<string, string>> {
    this.checkOpen();
    const rows = this.guard('hashes', () =>
      this.st(`SELECT id, hash FROM ${this.table} WHERE source = ?`).raw().all(source),
    ) as [string, string][];
    return new Map(rows);
  }

  async deleteSource(source: string, ids?: readonly string[]): Promise<number> {
    this.checkOpen();
    if (ids !== undefined && ids.length === 0) return 0;
    this.cache = undefined;
    return this.guard('deleteSource', () => {
      if (ids === undefined) return this.st(`DELETE FROM ${this.table} WHERE source = ?`).run(source).changes;
      const del = this.st(`DELETE FROM ${this.table} WHERE source = ? AND id = ?`);
      return this.db.transaction(() => ids.reduce((n, id) => n + del.run(source, id).changes, 0)).immediate();
    });
  }

  async sources(): Promise<string[]> {
    this.checkOpen();
    return this.guard('sources', () =>
      this.st(`SELECT DISTINCT source FROM ${this.table}`).pluck().all(),
    ) as string[];
  }

  async search(query: VectorQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    checkVector(query.vector, this.dimensions, 'search');
    const matches = compileFilter(query.filter);
    throwIfAborted(query.signal, 'the vector search');
    if (query.topK <= 0) return [];
    return this.guard('search', () => {
      const cache = this.snapshot();
      const metadata = matches === undefined ? undefined : cache.metadata();
      const accept = metadata === undefined ? undefined : (row: number) => matches!(metadata[row]!);
      normaliseInto(query.vector, this.query);
      const top = exactTopK(this.query, cache.matrix, cache.rows, query.topK, accept);
      const get = this.st(`SELECT ${COLUMNS} FROM ${this.table} WHERE rid = ?`).raw();
      const out: ScoredChunk[] = [];
      for (const { score, slot } of top) {
        const row = get.get(cache.rids[slot]) as Row | undefined;
        if (row !== undefined) out.push({ chunk: chunkOf(row), score });
      }
      return out;
    });
  }

  async keywordSearch(query: KeywordQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    const matches = compileFilter(query.filter);
    throwIfAborted(query.signal, 'the keyword search');
    const match = ftsQuery(query.text);
    if (query.topK <= 0 || match === undefined) return [];
    const t = this.table;
    return this.guard('keywordSearch', () => {
      const sql = `SELECT ${COLUMNS.split(', ')
        .map((c) => `t.${c}`)
        .join(', ')}, -bm25(${t}_fts) AS score
FROM ${t}_fts JOIN ${t} t ON t.rid = ${t}_fts.rowid WHERE ${t}_fts MATCH ? ORDER BY bm25(${t}_fts)`;
      const out: ScoredChunk[] = [];
      if (matches === undefined) {
        for (const row of this.st(`${sql} LIMIT ?`).raw().all(match, query.topK) as [...Row, number][]) {
          out.push({ chunk: chunkOf(row.slice(0, 7) as Row), score: row[7] });
        }
        return out;
      }
      for (const row of this.st(sql).raw().iterate(match) as IterableIterator<[...Row, number]>) {
        const chunk = chunkOf(row.slice(0, 7) as Row);
        if (!matches(chunk.metadata)) continue;
        out.push({ chunk, score: row[7] });
        if (out.length === query.topK) break;
      }
      return out;
    });
  }

  async count(filter?: MetadataFilter): Promise<number> {
    this.checkOpen();
    const matches = compileFilter(filter);
    return this.guard('count', () => {
      if (matches === undefined) return this.st(`SELECT count(*) FROM ${this.table}`).pluck().get() as number;
      let n = 0;
      for (const m of this.snapshot().metadata()) if (matches(m)) n++;
      return n;
    });
  }

  /** Closes the file (when the store opened it); later calls fail with code `closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cache = undefined;
    this.statements.clear();
    if (this.owned && this.db.open) this.db.close();
  }

  /** The cached matrix, rebuilt when this connection wrote or another one committed since. */
  private snapshot(): MatrixCache {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (this.cache === undefined || this.cache.dataVersion !== version) {
      this.cache = MatrixCache.load(this.db, this.table, this.dimensions, version);
    }
    return this.cache;
  }

  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private guard<T>(what: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw failure(error, what);
    }
  }

  private checkOpen(): void {
    if (this.closed || !this.db.open)
      throw new StoreError('the SQLite vector store is closed', { code: 'closed' });
  }
}

/** What a SQLite call threw, as a `StoreError` (busy and locked are retryable). */
function failure(error: unknown, what: string): unknown {
  return storeFailure(
    error,
    `SQLite ${what}`,
    (code) => code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'),
  );
}
