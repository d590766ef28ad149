/**
 * The LanceDB vector store, the scalable embedded option: one Lance table per knowledge base (in
 * a folder, or any LanceDB connection), cosine distance, metadata filters as Lance SQL predicates,
 * full text through Lance's FTS index (BM25), upserts as one merge-insert commit. Writes of one
 * store run one at a time. `@lancedb/lancedb` is an optional peer dependency, loaded on first open.
 */

import {
  ConfigError,
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
import type { Connection, Table } from '@lancedb/lancedb';
import { DimensionMismatchError } from '../errors.js';
import { words } from '../stores/bm25.js';
import { checkBatch, checkDimensions, checkVector, storeFailure, throwIfAborted } from '../stores/checks.js';
import { type FilterClause, matchesClause, parseFilter } from '../stores/filter.js';
import { serialQueue } from '../stores/serial.js';
import { normalised } from '../stores/vector-math.js';
import { lancePredicate, metaColumns, sqlString } from './lance-filter.js';

/** Options of {@link LanceDbVectorStore.open}. */
export interface LanceDbVectorStoreOptions {
  /** Length of every vector; a table made for other dimensions is refused (`dimension_mismatch`). */
  dimensions: number;
  /** A folder (created when missing) or any LanceDB URI. */
  uri?: string;
  /** An open LanceDB connection to use instead of `uri`. */
  connection?: Connection;
  /** The table of this knowledge base (default `agno_chunks`). */
  table?: string;
}

type Row = {
  id: string;
  source: string;
  idx: number;
  text: string;
  hash: string;
  title: string | null;
  metadata: string;
  _distance?: number;
  _score?: number;
};

const COLUMNS = ['id', 'source', 'idx', 'text', 'hash', 'title', 'metadata'];

function chunkOf(row: Row): KnowledgeChunk {
  const chunk: KnowledgeChunk = {
    id: row.id,
    source: row.source,
    index: Number(row.idx),
    text: row.text,
    hash: row.hash,
    metadata: JSON.parse(row.metadata) as Record<string, MetadataValue>,
  };
  if (row.title !== null && row.title !== undefined) chunk.title = row.title;
  return chunk;
}

type Lance = typeof import('@lancedb/lancedb');
type Arrow = typeof import('apache-arrow');

async function loadLance(): Promise<{ lance: Lance; arrow: Arrow }> {
  const lance = await loadPeer(
    '@lancedb/lancedb',
    'the LanceDB vector store',
    () => import('@lancedb/lancedb'),
  );
  const arrow = await loadPeer('apache-arrow', 'the LanceDB vector store', () => import('apache-arrow'));
  return { lance, arrow };
}

function schemaOf(arrow: Arrow, dimensions: number) {
  const { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } = arrow;
  const strings = () => new List(new Field('item', new Utf8(), true));
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('source', new Utf8(), false),
    new Field('idx', new Int32(), false),
    new Field('text', new Utf8(), false),
    new Field('hash', new Utf8(), false),
    new Field('title', new Utf8(), true),
    new Field('metadata', new Utf8(), false),
    new Field('meta_tokens', strings(), false),
    new Field('meta_numbers', strings(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

/** The vector length of an opened table's `vector` column. */
async function storedDimensions(table: Table): Promise<number | undefined> {
  const field = (await table.schema()).fields.find((f) => f.name === 'vector');
  return (field?.type as { listSize?: number } | undefined)?.listSize;
}

/** A {@link VectorStore} in a LanceDB table. Open it with {@link LanceDbVectorStore.open}. */
export class LanceDbVectorStore implements VectorStore {
  private closed = false;
  private readonly serial = serialQueue();

  private constructor(
    private readonly table: Table,
    readonly dimensions: number,
    private readonly ownsConnection: Connection | undefined,
  ) {}

  /**
   * Opens (creating when missing) the table; a `ConfigError` when `@lancedb/lancedb` is not
   * installed, a `DimensionMismatchError` when the table was made for other dimensions.
   */
  static async open(options: LanceDbVectorStoreOptions): Promise<LanceDbVectorStore> {
    checkDimensions(options.dimensions);
    if ((options.uri === undefined) === (options.connection === undefined)) {
      throw new ConfigError('LanceDbVectorStore.open needs exactly one of `uri` and `connection`');
    }
    const name = options.table ?? 'agno_chunks';
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(name))
      throw new ConfigError(`invalid table name ${JSON.stringify(name)}`);
    const { lance, arrow } = await loadLance();
    const connection = options.connection ?? (await guarded('connect', () => lance.connect(options.uri!)));
    try {
      const table = await guarded('open', async () => {
        const names = await connection.tableNames();
        if (names.includes(name)) return connection.openTable(name);
        const created = await connection.createEmptyTable(name, schemaOf(arrow, options.dimensions), {
          existOk: true,
        });
        await created.createIndex('text', { config: lance.Index.fts(), replace: false }).catch(() => {});
        return created;
      });
      const stored = await storedDimensions(table);
      if (stored !== options.dimensions) {
        throw new DimensionMismatchError(stored ?? 0, options.dimensions, `LanceDB table ${name}`);
      }
      return new LanceDbVectorStore(
        table,
        options.dimensions,
        options.connection === undefined ? connection : undefined,
      );
    } catch (error) {
      if (options.connection === undefined) connection.close();
      throw error;
    }
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    this.checkOpen();
    const batch = checkBatch(records, this.dimensions);
    if (batch.length === 0) return;
    const rows = batch.map((r) => {
      const { tokens, numbers } = metaColumns(r.metadata ?? {});
      return {
        id: r.id,
        source: r.source,
        idx: r.index,
        text: r.text,
        hash: r.hash,
        title: r.title ?? null,
        metadata: JSON.stringify(r.metadata ?? {}),
        meta_tokens: tokens,
        meta_numbers: numbers,
        vector: Array.from(normalised(r.vector)),
      };
    });
    await this.write('upsert', () =>
      this.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows),
    );
  }

  async hashes(source: string): Promise<Map<string, string>> {
    this.checkOpen();
    const rows = (await guarded('hashes', () =>
      this.table
        .query()
        .where(`source = ${sqlString(source)}`)
        .select(['id', 'hash'])
        .toArray(),
    )) as { id: string; hash: string }[];
    return new Map(rows.map((r) => [r.id, r.hash]));
  }

  async deleteSource(source: string, ids?: readonly string[]): Promise<number> {
    this.checkOpen();
    if (ids !== undefined && ids.length === 0) return 0;
    let where = `source = ${sqlString(source)}`;
    if (ids !== undefined) where += ` AND id IN (${ids.map(sqlString).join(', ')})`;
    const result = await this.write('deleteSource', () => this.table.delete(where));
    return Number((result as { numDeletedRows?: number } | undefined)?.numDeletedRows ?? 0);
  }

  async sources(): Promise<string[]> {
    this.checkOpen();
    const rows = (await guarded('sources', () => this.table.query().select(['source']).toArray())) as {
      source: string;
    }[];
    return [...new Set(rows.map((r) => r.source))];
  }

  async search(query: VectorQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    checkVector(query.vector, this.dimensions, 'search');
    const clauses = parseFilter(query.filter);
    throwIfAborted(query.signal, 'the vector search');
    if (query.topK <= 0) return [];
    const vector = Array.from(normalised(query.vector));
    return this.filtered(clauses, query.topK, async (where, limit) => {
      let q = this.table
        .vectorSearch(vector)
        .distanceType('cosine')
        .select([...COLUMNS, '_distance'])
        .limit(limit);
      if (where !== undefined) q = q.where(where);
      const rows = (await q.toArray()) as Row[];
      return rows.map((r) => ({ chunk: chunkOf(r), score: 1 - Number(r._distance) }));
    });
  }

  async keywordSearch(query: KeywordQuery): Promise<ScoredChunk[]> {
    this.checkOpen();
    const clauses = parseFilter(query.filter);
    throwIfAborted(query.signal, 'the keyword search');
    const text = words(query.text).join(' ');
    if (query.topK <= 0 || text === '') return [];
    return this.filtered(clauses, query.topK, async (where, limit) => {
      let q = this.table
        .query()
        .fullTextSearch(text, { columns: ['text'] })
        .select([...COLUMNS, '_score'])
        .limit(limit);
      if (where !== undefined) q = q.where(where);
      const rows = (await q.toArray()) as Row[];
      return rows
        .map((r) => ({ chunk: chunkOf(r), score: Number(r._score) }))
        .sort((a, b) => b.score - a.score);
    });
  }

  async count(filter?: MetadataFilter): Promise<number> {
    this.checkOpen();
    const clauses = parseFilter(filter);
    const { where, ranges } = lancePredicate(clauses);
    if (!ranges) return guarded('count', () => this.table.countRows(where));
    const rows = (await guarded('count', () =>
      this.table.query().where(where!).select(['metadata']).toArray(),
    )) as { metadata: string }[];
    return rows.filter((r) => passes(JSON.parse(r.metadata), clauses)).length;
  }

  /** Closes the connection when the store opened it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.serial(async () => {});
    this.table.close();
    this.ownsConnection?.close();
  }

  /**
   * Runs `find` with the SQL part of the filter; range bounds (which Lance SQL cannot read) are
   * checked on the rows, asking for more until `topK` pass or no more come.
   */
  private async filtered(
    clauses: FilterClause[],
    topK: number,
    find: (where: string | undefined, limit: number) => Promise<ScoredChunk[]>,
  ): Promise<ScoredChunk[]> {
    const { where, ranges } = lancePredicate(clauses);
    if (!ranges) return guarded('search', () => find(where, topK));
    for (let limit = Math.max(topK * 4, 32); ; limit *= 4) {
      const hits = await guarded('search', () => find(where, limit));
      const passing = hits.filter((h) => passes(h.chunk.metadata, clauses));
      if (passing.length >= topK || hits.length < limit) return passing.slice(0, topK);
    }
  }

  private write<T>(what: string, work: () => Promise<T>): Promise<T> {
    return this.serial(() => guarded(what, work));
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('the LanceDB vector store is closed', { code: 'closed' });
  }
}

function passes(metadata: Record<string, MetadataValue>, clauses: readonly FilterClause[]): boolean {
  for (const c of clauses) if (!matchesClause(metadata, c)) return false;
  return true;
}

async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeFailure(error, `LanceDB ${what}`);
  }
}
