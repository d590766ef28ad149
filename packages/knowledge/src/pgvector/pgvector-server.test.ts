import { describeVectorStore } from '@agno/core/testing';
import { serviceFromEnv } from '@agno/test-utils';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../stores/filter.js';
import { filterSql, PgVectorStore } from './index.js';

const url = serviceFromEnv('DATABASE_URL', '@agno/knowledge pgvector on PostgreSQL');
const pool = url === undefined ? undefined : new pg.Pool({ connectionString: url, max: 4 });
pool?.on('error', () => {});
const schema = `agno_kb_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const hasVector =
  pool !== undefined &&
  (await pool.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).rows.length > 0;
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool?.end();
});

if (hasVector) {
  describeVectorStore(
    'PgVectorStore on PostgreSQL',
    ({ dimensions, name }) => PgVectorStore.open({ db: pool!, dimensions, schema, table: name }),
    { reopen: true, keywordSearch: true },
  );
}

describe.skipIf(pool === undefined)('PgVectorStore on a real PostgreSQL server', () => {
  it.skipIf(hasVector)(
    'says how to install pgvector when the server lacks it (ConfigError), creating nothing',
    async () => {
      const error = await PgVectorStore.open({ db: pool!, dimensions: 4, schema }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'config_error', details: { extension: 'vector' } });
      expect((error as Error).message).toMatch(/pgvector/);
      expect((error as Error).message).toMatch(/CREATE EXTENSION vector/);
      const tables = await pool!.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1', [
        schema,
      ]);
      expect(tables.rows).toEqual([]);
    },
  );

  it('runs the metadata filters as SQL on jsonb, with the semantics the conformance suite pins', async () => {
    const client = await pool!.connect();
    try {
      await client.query('CREATE TEMP TABLE filter_rows (id text, metadata jsonb)');
      const rows: [string, unknown][] = [
        ['a', { kind: 'guide', n: 1, flag: true, tag: null, lang: 'en' }],
        ['b', { kind: 'faq', n: 5, flag: false, lang: "it's" }],
        ['c', { kind: 'api', n: '5', flag: 'true', 'a.b': 1 }],
        ['d', {}],
        ['e', { kind: 'guide', n: 2.5, flag: 1, "we'ird key": 'x' }],
      ];
      for (const [id, m] of rows)
        await client.query('INSERT INTO filter_rows VALUES ($1, $2)', [id, JSON.stringify(m)]);
      const ids = async (filter: Parameters<typeof parseFilter>[0]) => {
        const params: unknown[] = [];
        const where = filterSql(parseFilter(filter), 'metadata', params);
        const r = await client.query(`SELECT id FROM filter_rows WHERE ${where} ORDER BY id`, params);
        return r.rows.map((row: { id: string }) => row.id);
      };
      expect(await ids({ kind: 'guide' })).toEqual(['a', 'e']);
      expect(await ids({ n: 5 })).toEqual(['b']);
      expect(await ids({ n: '5' })).toEqual(['c']);
      expect(await ids({ flag: true })).toEqual(['a']);
      expect(await ids({ flag: 1 })).toEqual(['e']);
      expect(await ids({ tag: null })).toEqual(['a']);
      expect(await ids({ kind: { in: ['faq', 'api'] } })).toEqual(['b', 'c']);
      expect(await ids({ kind: { in: [] } })).toEqual([]);
      expect(await ids({ kind: { ne: 'guide' } })).toEqual(['b', 'c', 'd']);
      expect(await ids({ n: { gt: 1, lt: 5 } })).toEqual(['e']);
      expect(await ids({ n: { gte: 1 } })).toEqual(['a', 'b', 'e']);
      expect(await ids({ lang: "it's" })).toEqual(['b']);
      expect(await ids({ "we'ird key": 'x' })).toEqual(['e']);
      expect(await ids({ 'a.b': 1 })).toEqual(['c']);
      expect(await ids({ kind: 'guide', n: { gte: 2 } })).toEqual(['e']);
    } finally {
      client.release();
    }
  });
});
