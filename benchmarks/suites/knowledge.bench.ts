/**
 * @agno/knowledge (issue 17): what ingestion and retrieval cost us, measured with the deterministic
 * test embedder (so the embedding model's own time is out): ingestion throughput into the
 * in-memory and SQLite stores, re-ingesting unchanged documents, and hybrid search against
 * vector-only search over 10,000 chunks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeDocument } from '@agno/core';
import { InMemoryVectorStore, Knowledge, recursiveChunker } from '@agno/knowledge';
import { SqliteVectorStore } from '@agno/knowledge/sqlite';
import { TestEmbedder } from '@agno/knowledge/testing';
import { bench, do_not_optimize } from 'mitata';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

/** Targets from issue 17 (throughput in chunks per second). */
export const budgets: Budgets = {
  'knowledge/ingest/in-memory/throughput': {
    min: 20_000,
    note: 'chunks/s: chunk, hash, compare, embed (test embedder, 384 dims), write; 1,000 chunks per ingestion',
  },
  'knowledge/ingest/sqlite/throughput': {
    min: 5_000,
    note: 'chunks/s into a SQLite file (WAL), the same work; one transaction per batch of 256',
  },
  'knowledge/query/hybrid/vs-vector': {
    max: 2,
    note: 'hybrid (vector + BM25, fused by reciprocal rank) over vector-only, 10,000 chunks in memory',
  },
  'knowledge/sqlite/query/hybrid/vs-vector': {
    max: 2,
    note: 'hybrid (vector + FTS5, fused by reciprocal rank) over vector-only, 10,000 chunks in SQLite',
  },
};

const DOCUMENTS = 100;
const SECTIONS = 10;
const CHUNKS = DOCUMENTS * SECTIONS;

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vocabulary of 4,000 made-up words, drawn with Zipf frequencies as in real text. */
const VOCABULARY = (() => {
  const syllables =
    'ba be bi bo ku la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve'.split(' ');
  const next = random(99);
  const words = new Set<string>();
  while (words.size < 4_000) {
    const n = 2 + Math.floor(next() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += syllables[Math.floor(next() * syllables.length)];
    words.add(w);
  }
  const list = [...words];
  const cumulative = new Float64Array(list.length);
  let total = 0;
  for (let r = 0; r < list.length; r++) cumulative[r] = total += 1 / (r + 1);
  return { list, cumulative, total };
})();

/** A word drawn with Zipf frequencies. */
function zipfWord(next: () => number): string {
  const target = next() * VOCABULARY.total;
  let lo = 0;
  let hi = VOCABULARY.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (VOCABULARY.cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY.list[lo]!;
}

/** `count` documents of `SECTIONS` paragraphs of about 30 words (one chunk each). */
function corpus(count: number, prefix: string, seed = 1): KnowledgeDocument[] {
  const next = random(seed);
  const word = (): string => zipfWord(next);
  return Array.from({ length: count }, (_, d) => ({
    source: `${prefix}/doc-${d}.md`,
    title: `Document ${d}`,
    metadata: { group: d % 10 },
    content: Array.from(
      { length: SECTIONS },
      (_, s) => `Section ${s} of document ${d}: ${Array.from({ length: 30 }, word).join(' ')}.`,
    ).join('\n\n'),
  }));
}

/** One chunk per paragraph: the corpus's paragraphs fit in 400 characters. */
const chunker = recursiveChunker({ size: 400, overlap: 0 });

/** Registers the knowledge benchmarks. */
export default async function register(_ctx: SuiteContext): Promise<() => Promise<void>> {
  const embedder = new TestEmbedder({ maxBatchSize: 256 });
  let round = 0;

  // Ingestion into a fresh in-memory store: every chunk is new.
  const documents = corpus(DOCUMENTS, 'mem');
  bench('knowledge/ingest/in-memory', async () => {
    const knowledge = new Knowledge({
      embedder,
      store: new InMemoryVectorStore({ dimensions: 384 }),
      chunker,
    });
    do_not_optimize(await knowledge.ingest(documents));
  });
  figure('knowledge/ingest/in-memory/throughput', (f) => f.throughput('knowledge/ingest/in-memory', CHUNKS));

  // Re-ingesting unchanged documents: chunk, hash and compare only.
  const loaded = new Knowledge({ embedder, store: new InMemoryVectorStore({ dimensions: 384 }), chunker });
  await loaded.ingest(documents);
  bench('knowledge/reingest-unchanged/in-memory', async () =>
    do_not_optimize(await loaded.ingest(documents)),
  );
  figure('knowledge/reingest-unchanged/in-memory/throughput', (f) =>
    f.throughput('knowledge/reingest-unchanged/in-memory', CHUNKS),
  );

  // Ingestion into SQLite: new sources every round, a fresh file every 20 rounds.
  const dir = mkdtempSync(join(tmpdir(), 'agno-bench-knowledge-'));
  let sqlite = await SqliteVectorStore.open({ path: join(dir, 'ingest-0.db'), dimensions: 384 });
  let sqliteKnowledge = new Knowledge({ embedder, store: sqlite, chunker });
  const rounds = Array.from({ length: 20 }, (_, i) => corpus(DOCUMENTS, `r${i}`, i + 1));
  bench('knowledge/ingest/sqlite', async () => {
    const i = round++ % 20;
    if (i === 0 && round > 1) {
      await sqlite.close();
      sqlite = await SqliteVectorStore.open({ path: join(dir, `ingest-${round}.db`), dimensions: 384 });
      sqliteKnowledge = new Knowledge({ embedder, store: sqlite, chunker });
    }
    do_not_optimize(await sqliteKnowledge.ingest(rounds[i]!));
  });
  figure('knowledge/ingest/sqlite/throughput', (f) => f.throughput('knowledge/ingest/sqlite', CHUNKS));

  // Queries over 10,000 chunks: vector-only and hybrid, in memory and in SQLite.
  const big = corpus(1_000, 'big', 7);
  const memory = new Knowledge({ embedder, store: new InMemoryVectorStore({ dimensions: 384 }), chunker });
  await memory.ingest(big);
  const queryStore = await SqliteVectorStore.open({ path: join(dir, 'query.db'), dimensions: 384 });
  const onDisk = new Knowledge({ embedder, store: queryStore, chunker });
  await onDisk.ingest(big);
  // Questions of four words of the vocabulary's middle ranks (as a user's question would be).
  const pick = random(5);
  const queries = Array.from({ length: 16 }, () =>
    Array.from({ length: 4 }, () => VOCABULARY.list[20 + Math.floor(pick() * 500)]!).join(' '),
  );
  let q = 0;
  const query = (): string => queries[q++ % queries.length]!;
  bench('knowledge/query/vector', async () => do_not_optimize(await memory.search(query(), { topK: 5 })));
  bench('knowledge/query/hybrid', async () =>
    do_not_optimize(await memory.search(query(), { topK: 5, mode: 'hybrid' })),
  );
  figure('knowledge/query/hybrid/vs-vector', (f) =>
    f.ratio('knowledge/query/hybrid', 'knowledge/query/vector'),
  );
  bench('knowledge/sqlite/query/vector', async () =>
    do_not_optimize(await onDisk.search(query(), { topK: 5 })),
  );
  bench('knowledge/sqlite/query/hybrid', async () =>
    do_not_optimize(await onDisk.search(query(), { topK: 5, mode: 'hybrid' })),
  );
  figure('knowledge/sqlite/query/hybrid/vs-vector', (f) =>
    f.ratio('knowledge/sqlite/query/hybrid', 'knowledge/sqlite/query/vector'),
  );

  return async () => {
    await sqlite.close();
    await queryStore.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
