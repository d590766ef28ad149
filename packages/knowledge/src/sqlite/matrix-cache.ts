/**
 * The SQLite store's search matrix: every stored vector (normalised already) copied once into one
 * contiguous Float32Array with the row ids beside it, and the metadata parsed on first filter.
 * Rebuilt after a write of this connection or a commit of another one (`PRAGMA data_version`).
 */
import type { MetadataValue } from '@agno/core';
import type Database from 'better-sqlite3';
import { decodeVectorInto } from '../stores/blob.js';

type Metadata = Record<string, MetadataValue>;

/** A snapshot of the vectors of one table. */
export class MatrixCache {
  /** Row `i`'s vector at `i * dimensions`. */
  readonly matrix: Float32Array;
  /** Row `i`'s `rid` in the table. */
  readonly rids: Float64Array;
  private readonly rawMetadata: string[];
  private parsed: Metadata[] | undefined;

  private constructor(
    readonly rows: number,
    readonly dataVersion: number,
    dimensions: number,
  ) {
    this.matrix = new Float32Array(rows * dimensions);
    this.rids = new Float64Array(rows);
    this.rawMetadata = new Array<string>(rows);
  }

  /** Reads every row of `table` in one read transaction. */
  static load(db: Database.Database, table: string, dimensions: number, dataVersion: number): MatrixCache {
    const read = db.transaction(() => {
      const rows = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      const cache = new MatrixCache(rows, dataVersion, dimensions);
      let i = 0;
      for (const [rid, vector, metadata] of db
        .prepare(`SELECT rid, vector, metadata FROM ${table}`)
        .raw()
        .iterate() as IterableIterator<[number, Uint8Array, string]>) {
        decodeVectorInto(vector, dimensions, cache.matrix, i * dimensions);
        cache.rids[i] = rid;
        cache.rawMetadata[i] = metadata;
        i++;
      }
      return cache;
    });
    return read.deferred();
  }

  /** The metadata of every row (parsed on first use). */
  metadata(): Metadata[] {
    this.parsed ??= this.rawMetadata.map((m) => JSON.parse(m) as Metadata);
    return this.parsed;
  }
}
