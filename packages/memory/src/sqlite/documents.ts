/**
 * Documents in SQLite: one row per collection and id, listed by write order (a rewrite is a
 * fresh row), written once with `putDocumentIfAbsent` by a single statement.
 */
import type { DocumentsBackend } from '../backend.js';
import type { SqliteConnection } from './connection.js';

const SQL = {
  // REPLACE deletes the old row and inserts a new one, so the write order (id) moves to the front.
  put: 'INSERT OR REPLACE INTO agno_documents (collection, doc_id, body, updated_at) VALUES (?, ?, ?, ?)',
  // One statement: the unique (collection, doc_id) lets exactly one of concurrent writers insert.
  putIfAbsent:
    'INSERT INTO agno_documents (collection, doc_id, body, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (collection, doc_id) DO NOTHING',
  get: 'SELECT body FROM agno_documents WHERE collection = ? AND doc_id = ?',
  list: 'SELECT doc_id, body, updated_at FROM agno_documents WHERE collection = ? ORDER BY id DESC LIMIT ? OFFSET ?',
  delete: 'DELETE FROM agno_documents WHERE collection = ? AND doc_id = ?',
} as const;

interface DocumentRow {
  doc_id: string;
  body: string;
  updated_at: number;
}

/** The documents operations of the SQLite backend. */
export type SqliteDocuments = DocumentsBackend;

/** The document operations on `c`. */
export function sqliteDocuments(c: SqliteConnection): SqliteDocuments {
  return {
    putDocument: (collection, id, json) =>
      c.run('putDocument', () => {
        c.st(SQL.put).run(collection, id, json, Date.now());
      }),
    getDocument: (collection, id) =>
      c.run('getDocument', () => c.st(SQL.get).pluck().get(collection, id) as string | undefined),
    listDocuments: (collection, { limit, offset }) =>
      c.run('listDocuments', () => {
        const rows = c.st(SQL.list).all(collection, limit, offset) as DocumentRow[];
        return rows.map((r) => ({ id: r.doc_id, body: r.body, updatedAt: r.updated_at }));
      }),
    putDocumentIfAbsent: (collection, id, json) =>
      c.run(
        'putDocumentIfAbsent',
        () => c.st(SQL.putIfAbsent).run(collection, id, json, Date.now()).changes > 0,
      ),
    deleteDocument: (collection, id) =>
      c.run('deleteDocument', () => {
        c.st(SQL.delete).run(collection, id);
      }),
  };
}
