/**
 * @agno/knowledge vector stores (issue 17): query latency at 10,000 and 100,000 chunks of 384
 * dimensions (random unit vectors, generated once) on the in-memory, SQLite, PGlite (pgvector,
 * when a build of it loads) and LanceDB stores, and the bytes a chunk takes in the SQLite file.
 * Full mode only for the slow 100,000-chunk loads of PGlite.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VectorRecord, VectorStore } from '@agno/core';
import { seededRandom } from '@agno/core/testing';
import { InMemoryVectorStore } from '@agno/knowledge';
import { LanceDbVectorStore } from '@agno/knowledge/lancedb';
import { PgVectorStore } from '@agno/knowledge/pgvector';
import { SqliteVectorStore } from '@agno/knowledge/sqlite';
import { bench, do_not_optimize } from 'mitata';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

const DIMENSIONS = 384;
const SIZES = [10_000, 100_000] as const;
const QUERIES = 64;
const BATCH = 5_000;

/** Targets from issue 17 (times in ns). */
export const budgets: Budgets = {
  'knowledge-stores/sqlite/search-100k': {
    maxNs: 30_000_000,
    note: 'exact cosine search, topK 10, over 100,000 chunks of 384 dimensions (cached matrix)',
  },
  'knowledge-stores/sqlite/bytes-per-chunk': {
    note: 'SQLite file size (after a checkpoint) over chunks: vector BLOB, text, metadata, FTS5 index',
  },
};

/** `count` unit vectors in one buffer, each a view. */
function unitVectors(count: number, seed: number): Float32Array[] {
  const next = seededRandom(seed);
  const all = new Float32Array(count * DIMENSIONS);
  const out: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const v = all.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS);
    let norm = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      v[d] = next() * 2 - 1;
      norm += v[d]! * v[d]!;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < DIMENSIONS; d++) v[d]! *= scale;
    out.push(v);
  }
  return out;
}

const TOPICS = ['billing', 'deploy', 'security', 'onboarding', 'search', 'storage', 'latency', 'alerts'];

function records(vectors: readonly Float32Array[], from: number, to: number): VectorRecord[] {
  const out: VectorRecord[] = [];
  for (let i = from; i < to; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    out.push({
      id: `chunk-${i}`,
      source: `docs/${topic}/${Math.floor(i / 20)}.md`,
      index: i % 20,
      text: `Section ${i} of the ${topic} guide: how ${topic} works, what to check first, and the usual fixes.`,
      hash: `h${i}`,
      title: `${topic} guide`,
      metadata: { topic, part: i % 20 },
      vector: vectors[i]!,
    });
  }
  return out;
}

async function fill(store: VectorStore, vectors: readonly Float32Array[], count: number): Promise<void> {
  for (let from = 0; from < count; from += BATCH)
    await store.upsert(records(vectors, from, Math.min(count, from + BATCH)));
}

/** A PGlite with pgvector, or undefined (PGlite 0.6 has no pgvector build yet). */
async function pgliteWithVector(): Promise<{ db: import('@electric-sql/pglite').PGlite } | undefined> {
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    for (const name of ['@electric-sql/pglite-pgvector', '@electric-sql/pglite/vector']) {
      try {
        const { vector } = (await import(name)) as { vector: import('@electric-sql/pglite').Extension };
        const db = await PGlite.create({ extensions: { vector } });
        await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
        return { db };
      } catch {}
    }
  } catch {}
  console.warn('knowledge-stores suite: PGlite benchmarks skipped (no pgvector build loads in this PGlite)');
  return undefined;
}

/** Registers the vector store benchmarks. */
export default async function register(ctx: SuiteContext): Promise<() => Promise<void>> {
  const largest = SIZES[SIZES.length - 1]!;
  const vectors = unitVectors(largest, 17);
  const queries = unitVectors(QUERIES, 99);
  const dir = mkdtempSync(join(tmpdir(), 'agno-bench-knowledge-stores-'));
  const opened: VectorStore[] = [];
  const pglite = await pgliteWithVector();

  const measure = (name: string, store: VectorStore) => {
    let q = 0;
    bench(name, async () =>
      do_not_optimize(await store.search({ vector: queries[q++ % QUERIES]!, topK: 10 })),
    );
  };

  for (const size of SIZES) {
    const label = `${size / 1000}k`;
    const memory = new InMemoryVectorStore({ dimensions: DIMENSIONS, initialCapacity: size });
    await fill(memory, vectors, size);
    measure(`knowledge-stores/memory/search-${label}`, memory);

    const path = join(dir, `bench-${label}.db`);
    let sqlite = await SqliteVectorStore.open({ path, dimensions: DIMENSIONS });
    await fill(sqlite, vectors, size);
    if (size === largest) {
      await sqlite.close(); // checkpoints the WAL into the file
      const bytes = statSync(path).size;
      figure('knowledge-stores/sqlite/bytes-per-chunk', () => ({
        value: bytes / size,
        unit: 'bytes',
        note: `${(bytes / 1e6).toFixed(1)} MB for ${size} chunks of ${DIMENSIONS} dimensions`,
      }));
      sqlite = await SqliteVectorStore.open({ path, dimensions: DIMENSIONS });
    }
    await sqlite.search({ vector: queries[0]!, topK: 10 }); // builds the cached matrix
    measure(`knowledge-stores/sqlite/search-${label}`, sqlite);
    opened.push(sqlite);
    opened.push(memory);

    const lance = await LanceDbVectorStore.open({
      uri: join(dir, 'lance'),
      table: `bench_${label}`,
      dimensions: DIMENSIONS,
    });
    await fill(lance, vectors, size);
    measure(`knowledge-stores/lancedb/search-${label}`, lance);
    opened.push(lance);

    if (pglite !== undefined && (size <= 10_000 || ctx.mode === 'full')) {
      const pg = await PgVectorStore.open({ db: pglite.db, dimensions: DIMENSIONS, table: `bench_${label}` });
      await fill(pg, vectors, size);
      measure(`knowledge-stores/pglite/search-${label}`, pg);
      opened.push(pg);
    }
  }

  return async () => {
    for (const store of opened) await store.close?.();
    await pglite?.db.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
