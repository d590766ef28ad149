/**
 * The document part of the store conformance suite: JSON documents by collection and id,
 * most recently written first, written once under concurrency with `putDocumentIfAbsent`.
 */
import { expect } from 'vitest';
import { type DocumentStore, isAgnoError } from '../index.js';
import { HOSTILE_ID, rejection, type StoreTest, uniqueId } from './store-conformance-fixtures.js';

/** Declares the tests of {@link DocumentStore}. */
export function describeDocumentConformance(test: StoreTest<DocumentStore>): void {
  test('stores documents per collection, lists them most recently written first, pages and deletes them', async (store) => {
    const c = uniqueId('c');
    const other = uniqueId('c');
    expect(await store.getDocument(c, 'a')).toBeUndefined();
    expect(await store.listDocuments(c)).toEqual([]);
    await store.putDocument(c, 'a', { v: 1 });
    await store.putDocument(c, 'b', { v: 2, list: [1, 'two', { three: 3 }] });
    await store.putDocument(c, 'c', 'a string');
    await store.putDocument(other, 'a', { v: 'other' });
    await store.putDocument(c, 'a', { v: 11 });
    expect(await store.getDocument(c, 'a')).toEqual({ v: 11 });
    expect(await store.getDocument(other, 'a')).toEqual({ v: 'other' });
    const listed = await store.listDocuments<unknown>(c);
    expect(listed.map((d) => d.id)).toEqual(['a', 'c', 'b']);
    expect(listed[2]!.doc).toEqual({ v: 2, list: [1, 'two', { three: 3 }] });
    for (const d of listed) expect(typeof d.updatedAt).toBe('number');
    expect(listed[0]!.updatedAt).toBeGreaterThanOrEqual(listed[1]!.updatedAt);
    expect((await store.listDocuments(c, { limit: 1, offset: 1 })).map((d) => d.id)).toEqual(['c']);
    await store.deleteDocument(c, 'c');
    await store.deleteDocument(c, 'missing');
    expect((await store.listDocuments(c)).map((d) => d.id)).toEqual(['a', 'b']);
  });

  test('refuses documents that are not JSON (BigInt, cycle, function) and keeps the old one', async (store) => {
    const c = uniqueId('c');
    await store.putDocument(c, 'x', { ok: 1 });
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    for (const bad of [{ n: 1n }, cyclic, () => 1]) {
      const error = await rejection(store.putDocument(c, 'x', bad));
      expect(isAgnoError(error, 'validation_error')).toBe(true);
    }
    expect(await store.getDocument(c, 'x')).toEqual({ ok: 1 });
  });

  test('writes a document only when its id is free: true once, then false, the first document kept', async (store) => {
    const c = uniqueId('c');
    expect(await store.putDocumentIfAbsent(c, 'claim', { owner: 'first' })).toBe(true);
    expect(await store.putDocumentIfAbsent(c, 'claim', { owner: 'second' })).toBe(false);
    expect(await store.getDocument(c, 'claim')).toEqual({ owner: 'first' });
    expect(await store.putDocumentIfAbsent(uniqueId('c'), 'claim', { owner: 'elsewhere' })).toBe(true);
    expect((await store.listDocuments(c)).map((d) => [d.id, d.doc])).toEqual([['claim', { owner: 'first' }]]);
    const bad = await rejection(store.putDocumentIfAbsent(c, 'bad', { n: 1n }));
    expect(bad.code).toBe('validation_error');
    expect(await store.getDocument(c, 'bad')).toBeUndefined();
    await store.deleteDocument(c, 'claim');
    expect(await store.putDocumentIfAbsent(c, 'claim', { owner: 'third' })).toBe(true);
    expect(await store.getDocument(c, 'claim')).toEqual({ owner: 'third' });
  });

  test('lets exactly one of 20 concurrent putDocumentIfAbsent calls write, and keeps its document', async (store) => {
    const c = uniqueId('c');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.putDocumentIfAbsent(c, 'once', { writer: i })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.getDocument(c, 'once')).toEqual({ writer: results.indexOf(true) });
  });

  test('treats hostile collections and ids as data', async (store) => {
    await store.putDocument(HOSTILE_ID, HOSTILE_ID, { HOSTILE_ID });
    expect(await store.getDocument(HOSTILE_ID, HOSTILE_ID)).toEqual({ HOSTILE_ID });
    await store.deleteDocument(HOSTILE_ID, HOSTILE_ID);
    expect(await store.getDocument(HOSTILE_ID, HOSTILE_ID)).toBeUndefined();
  });
}
