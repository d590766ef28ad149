/**
 * The SQLite store's schema, versioned: a chunk table (vectors as float32 BLOBs), an FTS5 index
 * kept in step by triggers, and a meta table holding the schema version and the dimensions. Opening
 * creates what is missing and refuses a file made for other dimensions or by a newer version.
 */
import { ConfigError, StoreError } from '@agno/core';
import type Database from 'better-sqlite3';
import { DimensionMismatchError } from '../errors.js';

/** The schema version this code writes and reads. */
export const SQLITE_VECTOR_SCHEMA_VERSION = 1;

/** Checks a table name is a plain SQL identifier (it is spliced into statements). */
export function checkTableName(table: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) {
    throw new ConfigError(
      `invalid table name ${JSON.stringify(table)}: use letters, digits and _ (not first)`,
    );
  }
}

function ddl(t: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${t}_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`,
    `CREATE TABLE IF NOT EXISTS ${t} (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  hash TEXT NOT NULL,
  title TEXT,
  metadata TEXT NOT NULL,
  vector BLOB NOT NULL
) STRICT`,
    `CREATE INDEX IF NOT EXISTS ${t}_source ON ${t}(source)`,
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${t}_fts USING fts5(text, content='${t}', content_rowid='rid', tokenize='unicode61 remove_diacritics 2')`,
    `CREATE TRIGGER IF NOT EXISTS ${t}_ai AFTER INSERT ON ${t} BEGIN
  INSERT INTO ${t}_fts(rowid, text) VALUES (new.rid, new.text);
END`,
    `CREATE TRIGGER IF NOT EXISTS ${t}_ad AFTER DELETE ON ${t} BEGIN
  INSERT INTO ${t}_fts(${t}_fts, rowid, text) VALUES ('delete', old.rid, old.text);
END`,
    `CREATE TRIGGER IF NOT EXISTS ${t}_au AFTER UPDATE ON ${t} BEGIN
  INSERT INTO ${t}_fts(${t}_fts, rowid, text) VALUES ('delete', old.rid, old.text);
  INSERT INTO ${t}_fts(rowid, text) VALUES (new.rid, new.text);
END`,
  ];
}

/**
 * Creates the tables of `table` when missing (under the write lock), then checks the stored
 * schema version and dimensions against this code's and `dimensions`.
 */
export function prepareSchema(db: Database.Database, table: string, dimensions: number, where: string): void {
  const prepare = db.transaction(() => {
    const exists = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")
      .pluck()
      .get(`${table}_meta`);
    if (exists === undefined) {
      for (const sql of ddl(table)) db.exec(sql);
      const put = db.prepare(`INSERT INTO ${table}_meta (key, value) VALUES (?, ?)`);
      put.run('schema_version', String(SQLITE_VECTOR_SCHEMA_VERSION));
      put.run('dimensions', String(dimensions));
      put.run('distance', 'cosine');
      return;
    }
    const meta = new Map(
      (db.prepare(`SELECT key, value FROM ${table}_meta`).raw().all() as [string, string][]).map(([k, v]) => [
        k,
        v,
      ]),
    );
    const version = Number(meta.get('schema_version'));
    if (!Number.isInteger(version) || version < 1) {
      throw new StoreError(`${where}: the schema version is unreadable (${meta.get('schema_version')})`);
    }
    if (version > SQLITE_VECTOR_SCHEMA_VERSION) {
      throw new StoreError(
        `${where}: written by a newer version of @agno/knowledge (schema ${version}, this one reads ${SQLITE_VECTOR_SCHEMA_VERSION}); upgrade the package`,
      );
    }
    const stored = Number(meta.get('dimensions'));
    if (stored !== dimensions) throw new DimensionMismatchError(stored, dimensions, where);
  });
  prepare.immediate();
}
