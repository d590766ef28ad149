/**
 * Documents in PostgreSQL: one row per collection and id, listed by write order (a sequence
 * bumped on every write), written once with `putDocumentIfAbsent` by a single statement.
 */
import type { DocumentsBackend } from '../backend.js';
import type { PgConnection } from './connection.js';

/** The documents operations of the PostgreSQL backend. */
export type PgDocuments = DocumentsBackend;

/** The document operations on `c`. */
export function pgDocuments(c: PgConnection): PgDocuments {
  const { sql } = c;
  return {
    putDocument: async (collection, id, json) => {
      await c.q(sql.putDocument, [collection, id, json, Date.now()], 'putDocument');
    },
    getDocument: async (collection, id) => {
      const res = await c.q(sql.getDocument, [collection, id], 'getDocument');
      return res.rows[0]?.body as string | undefined;
    },
    listDocuments: async (collection, { limit, offset }) => {
      const res = await c.q(
        sql.listDocuments,
        [collection, limit < 0 ? null : limit, offset],
        'listDocuments',
      );
      return res.rows.map((r) => ({
        id: r.doc_id as string,
        body: r.body as string,
        updatedAt: Number(r.updated_at),
      }));
    },
    putDocumentIfAbsent: async (collection, id, json) => {
      const res = await c.q(
        sql.putDocumentIfAbsent,
        [collection, id, json, Date.now()],
        'putDocumentIfAbsent',
      );
      return (res.rowCount ?? 0) > 0;
    },
    deleteDocument: async (collection, id) => {
      await c.q(sql.deleteDocument, [collection, id], 'deleteDocument');
    },
  };
}
