import { describeVectorStore, vectorRecord } from '@agno/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { DimensionMismatchError } from '../errors.js';
import { pgliteWithVector } from './fixtures/pglite.js';
import { PgVectorStore } from './index.js';

const target = await pgliteWithVector();
const db = target.db;
afterAll(async () => db?.close());

if (db !== undefined) {
  describeVectorStore(
    'PgVectorStore on PGlite',
    ({ dimensions, name }) => PgVectorStore.open({ db, dimensions, table: name }),
    {
      reopen: true,
      keywordSearch: true,
      largeBatch: 5000,
      timeoutMs: 60_000,
    },
  );
}

describe.skipIf(db === undefined)(
  `PgVectorStore on PGlite${target.skipReason ? ` (${target.skipReason})` : ''}`,
  () => {
    it('refuses a table made for other dimensions, and bad schema or table names', async () => {
      const store = await PgVectorStore.open({ db: db!, dimensions: 3, schema: 'kb_dims', table: 'chunks' });
      await store.upsert([vectorRecord({ id: 'a', vector: [1, 0, 0] })]);
      const error = await PgVectorStore.open({
        db: db!,
        dimensions: 5,
        schema: 'kb_dims',
        table: 'chunks',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DimensionMismatchError);
      expect(error).toMatchObject({ expected: 3, received: 5 });
      await expect(
        PgVectorStore.open({ db: db!, dimensions: 3, table: 'x"; DROP TABLE y; --' }),
      ).rejects.toMatchObject({
        code: 'config_error',
      });
      await expect(PgVectorStore.open({ db: db!, dimensions: 3, schema: 'a.b' })).rejects.toMatchObject({
        code: 'config_error',
      });
    });

    it('keeps schemas apart and builds the HNSW cosine index', async () => {
      const a = await PgVectorStore.open({ db: db!, dimensions: 2, schema: 'kb_one', table: 'chunks' });
      const b = await PgVectorStore.open({ db: db!, dimensions: 2, schema: 'kb_two', table: 'chunks' });
      await a.upsert([vectorRecord({ id: 'only-a', vector: [1, 0] })]);
      expect(await a.count()).toBe(1);
      expect(await b.count()).toBe(0);
      const indexes = await db!.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'kb_one' AND tablename = 'chunks'",
      );
      expect(indexes.rows.map((r) => r.indexdef).join('\n')).toMatch(
        /USING hnsw \(embedding vector_cosine_ops\)/,
      );
    });

    it('finds the nearest with the index in use over 2,000 rows (recall@10 ≥ 0.9 against exact)', async () => {
      const store = await PgVectorStore.open({ db: db!, dimensions: 16, table: 'recall' });
      const { randomVectors, cosine } = await import('@agno/core/testing');
      const vectors = randomVectors(2000, 16, 21);
      await store.upsert(vectors.map((vector, i) => vectorRecord({ id: `r${i}`, index: i, vector })));
      const plan = await db!.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM public.recall ORDER BY embedding <=> '[${vectors[0]!.join(',')}]'::vector LIMIT 10`,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/recall_embedding_idx/);
      let found = 0;
      for (const query of randomVectors(10, 16, 5)) {
        const exact = vectors
          .map((v, i) => ({ id: `r${i}`, s: cosine(query, v) }))
          .sort((x, y) => y.s - x.s)
          .slice(0, 10)
          .map((e) => e.id);
        const hits = (await store.search({ vector: query, topK: 10 })).map((h) => h.chunk.id);
        found += hits.filter((id) => exact.includes(id)).length;
      }
      expect(found / 100).toBeGreaterThanOrEqual(0.9);
    }, 60_000);
  },
);
