import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeVectorStore, vectorRecord } from '@agno/core/testing';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { DimensionMismatchError } from '../errors.js';
import { ftsQuery, SqliteVectorStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-sqlite-vectors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeVectorStore(
  'SqliteVectorStore',
  ({ dimensions, name }) => SqliteVectorStore.open({ path: join(dir, `${name}.db`), dimensions }),
  { reopen: true, keywordSearch: true },
);

describe('SqliteVectorStore', () => {
  it('refuses to open a file made for other dimensions, and one written by a newer schema', async () => {
    const path = join(dir, 'dims.db');
    const store = await SqliteVectorStore.open({ path, dimensions: 4 });
    await store.upsert([vectorRecord({ id: 'a', vector: [1, 0, 0, 0] })]);
    await store.close();
    const error = await SqliteVectorStore.open({ path, dimensions: 8 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DimensionMismatchError);
    expect(error).toMatchObject({ code: 'dimension_mismatch', expected: 4, received: 8 });
    const raw = new Database(path);
    raw.prepare("UPDATE agno_chunks_meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    await expect(SqliteVectorStore.open({ path, dimensions: 4 })).rejects.toMatchObject({
      code: 'store_error',
      message: expect.stringMatching(/newer version/),
    });
  });

  it('works on an open connection it leaves open, beside other tables, and keeps tables apart', async () => {
    const db = new Database(':memory:');
    const a = await SqliteVectorStore.open({ database: db, dimensions: 2, table: 'kb_a' });
    const b = await SqliteVectorStore.open({ database: db, dimensions: 3, table: 'kb_b' });
    await a.upsert([vectorRecord({ id: 'x', vector: [1, 0] })]);
    expect(await a.count()).toBe(1);
    expect(await b.count()).toBe(0);
    await a.close();
    expect(db.open).toBe(true);
    await expect(a.count()).rejects.toMatchObject({ code: 'closed' });
    db.close();
    await expect(
      SqliteVectorStore.open({ path: ':memory:', dimensions: 2, table: 'x; DROP' }),
    ).rejects.toMatchObject({
      code: 'config_error',
    });
  });

  it('sees what another connection committed (the cached matrix is rebuilt)', async () => {
    const path = join(dir, 'two-connections.db');
    const reader = await SqliteVectorStore.open({ path, dimensions: 2 });
    const writer = await SqliteVectorStore.open({ path, dimensions: 2 });
    await writer.upsert([vectorRecord({ id: 'first', vector: [1, 0] })]);
    expect(
      (await reader.search({ vector: new Float32Array([1, 0]), topK: 5 })).map((h) => h.chunk.id),
    ).toEqual(['first']);
    await writer.upsert([vectorRecord({ id: 'second', vector: [0.9, 0.1] })]);
    await writer.deleteSource('doc', ['first']);
    expect(
      (await reader.search({ vector: new Float32Array([1, 0]), topK: 5 })).map((h) => h.chunk.id),
    ).toEqual(['second']);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('quotes every word of a full-text query', () => {
    expect(ftsQuery('deploy AND "roll back" (NOT) *')).toBe('"deploy" OR "and" OR "roll" OR "back" OR "not"');
    expect(ftsQuery(' -*" ')).toBeUndefined();
  });

  it('keeps only whole batches when the process is killed mid-ingest', async () => {
    const path = join(dir, 'crash.db');
    const here = dirname(fileURLToPath(import.meta.url));
    // The fixture runs in a real Node process on the sources, bundled (better-sqlite3 left external)
    // into the package folder so that it resolves the package's dependencies.
    const script = join(here, '..', '..', 'node_modules', '.cache', `ingest-forever-${process.pid}.mjs`);
    await build({
      entryPoints: [join(here, 'fixtures', 'ingest-forever.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@agno/source'],
      external: ['better-sqlite3'],
      outfile: script,
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [script, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/committed 20\n/.test(out)) resolve();
      });
      child.on('exit', () => reject(new Error(`the writer exited early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await exited;
    rmSync(script, { force: true });
    const store = await SqliteVectorStore.open({ path, dimensions: 16 });
    const total = await store.count();
    expect(total).toBeGreaterThanOrEqual(2100);
    expect(total % 100).toBe(0);
    const sources = await store.sources();
    expect(sources.length).toBe(total / 100);
    for (const source of sources) expect((await store.hashes(source)).size).toBe(100);
    const last = sources.length - 1;
    expect(await store.count({ batch: last })).toBe(100);
    const hits = await store.keywordSearch({ text: `batch ${last}`, topK: 1, filter: { batch: last } });
    expect(hits[0]!.chunk.source).toBe(`batch-${last}`);
    await store.close();
  }, 60_000);
});
