import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeVectorStore, vectorRecord } from '@agno/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { DimensionMismatchError } from '../errors.js';
import { LanceDbVectorStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-lancedb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeVectorStore(
  'LanceDbVectorStore',
  ({ dimensions, name }) => LanceDbVectorStore.open({ uri: dir, table: name, dimensions }),
  { reopen: true, keywordSearch: true, timeoutMs: 60_000 },
);

describe('LanceDbVectorStore', () => {
  it('refuses a table made for other dimensions', async () => {
    const store = await LanceDbVectorStore.open({ uri: dir, table: 'dims', dimensions: 3 });
    await store.upsert([vectorRecord({ id: 'a', vector: [1, 0, 0] })]);
    await store.close();
    const error = await LanceDbVectorStore.open({ uri: dir, table: 'dims', dimensions: 4 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DimensionMismatchError);
    expect(error).toMatchObject({ expected: 3, received: 4 });
  });

  it('escapes filter keys and values holding quotes and backslashes', async () => {
    const store = await LanceDbVectorStore.open({ uri: dir, table: 'escaping', dimensions: 2 });
    const metadata = { 'say "hi"': 'a\\b', "it's": "O'Brien \\' OR 1=1 --" };
    await store.upsert([
      vectorRecord({ id: 'x', vector: [1, 0], source: "s'1\\", metadata }),
      vectorRecord({ id: 'y', vector: [0, 1], metadata: { 'say "hi"': 'a\\\\b' } }),
    ]);
    expect(await store.count({ 'say "hi"': 'a\\b' })).toBe(1);
    expect(await store.count({ "it's": "O'Brien \\' OR 1=1 --" })).toBe(1);
    expect(await store.count({ "it's": { ne: 'O' } })).toBe(2);
    expect([...(await store.hashes("s'1\\")).keys()]).toEqual(['x']);
    expect(await store.deleteSource("s'1\\", ["x' OR '1'='1", 'x'])).toBe(1);
    expect(await store.count()).toBe(1);
    await store.close();
  });
});
