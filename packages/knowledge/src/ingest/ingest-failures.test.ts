import type { Embedder, KnowledgeDocument } from '@agno/core';
import { isAgnoError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { Knowledge } from '../knowledge.js';
import { InMemoryVectorStore } from '../stores/memory-store.js';
import { TestEmbedder } from '../testing/hash-embedder.js';

const docs = (n: number, sections = 4): KnowledgeDocument[] =>
  Array.from({ length: n }, (_, d) => ({
    source: `doc-${d}.md`,
    content: Array.from(
      { length: sections },
      (_, i) => `# Doc ${d} part ${i}\n\nFact ${d}.${i} about item ${d}.`,
    ).join('\n\n'),
  }));

const store = (): InMemoryVectorStore => new InMemoryVectorStore({ dimensions: 384 });

describe('ingestion failures', () => {
  it('an embedder returning the wrong dimension: a typed error, whole batches only, then resume', async () => {
    const memory = store();
    const bad = new Knowledge({
      embedder: new TestEmbedder({ maxBatchSize: 5, wrongDimensionsAt: 3 }),
      store: memory,
    });
    const error = await bad.ingest(docs(5), { concurrency: 1 }).catch((e: unknown) => e);
    expect(isAgnoError(error, 'dimension_mismatch')).toBe(true);
    expect(error).toMatchObject({ expected: 384, received: 385 });
    expect(await memory.count()).toBe(10); // batches 1 and 2, nothing of batch 3

    const good = new TestEmbedder({ maxBatchSize: 5 });
    const report = await new Knowledge({ embedder: good, store: memory }).ingest(docs(5));
    expect(report).toMatchObject({ chunks: 20, skipped: 10, embedded: 10, written: 10 });
    expect(good.embedded).toBe(10);
    expect(await memory.count()).toBe(20);
  });

  it('an embedder failing mid-way: an embedding_error, and the next ingestion embeds only the rest', async () => {
    const memory = store();
    const failing = new TestEmbedder({ maxBatchSize: 4, failAt: 2 });
    const error = await new Knowledge({ embedder: failing, store: memory })
      .ingest(docs(3), { concurrency: 1 })
      .catch((e: unknown) => e);
    expect(isAgnoError(error, 'embedding_error')).toBe(true);
    expect(await memory.count()).toBe(4);
    const good = new TestEmbedder({ maxBatchSize: 4 });
    await new Knowledge({ embedder: good, store: memory }).ingest(docs(3));
    expect(good.embedded).toBe(8);
  });

  it('an embedder that throws something untyped or returns too few vectors: embedding_error, with the cause', async () => {
    const broken: Embedder = {
      modelId: 'broken',
      dimensions: 384,
      embed: async () => {
        throw new TypeError('socket hang up');
      },
    };
    const error = await new Knowledge({ embedder: broken, store: store() })
      .ingest(docs(1))
      .catch((e: unknown) => e);
    expect(isAgnoError(error, 'embedding_error')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(TypeError);

    const short: Embedder = { modelId: 'short', dimensions: 384, embed: async () => [new Float32Array(384)] };
    const memory = store();
    const shortError = await new Knowledge({ embedder: short, store: memory })
      .ingest(docs(1))
      .catch((e: unknown) => e);
    expect(isAgnoError(shortError, 'embedding_error')).toBe(true);
    expect((shortError as Error).message).toContain('1 vectors for 4 texts');
    expect(await memory.count()).toBe(0);
  });

  it('an abort mid-way stops promptly with an aborted error; ingesting again resumes', async () => {
    const memory = store();
    const slow = new TestEmbedder({ maxBatchSize: 4, delayMs: 20 });
    const controller = new AbortController();
    const error = await new Knowledge({ embedder: slow, store: memory })
      .ingest(docs(10), {
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'batch' && p.written >= 8) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(isAgnoError(error, 'aborted')).toBe(true);
    const stored = await memory.count();
    expect(stored).toBeGreaterThanOrEqual(8);
    expect(stored).toBeLessThan(40);
    expect(stored % 4).toBe(0); // whole batches only

    const resumed = new TestEmbedder({ maxBatchSize: 4 });
    const report = await new Knowledge({ embedder: resumed, store: memory }).ingest(docs(10));
    expect(report).toMatchObject({ chunks: 40, skipped: stored, embedded: 40 - stored });
    expect(resumed.embedded).toBe(40 - stored);
  });

  it('a deadline ends the ingestion with a timeout error', async () => {
    const slow = new TestEmbedder({ delayMs: 5_000 });
    const started = performance.now();
    const error = await new Knowledge({ embedder: slow, store: store() })
      .ingest(docs(2), { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(isAgnoError(error, 'timeout')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a store write that fails is a store error, and nothing of that batch is kept', async () => {
    const memory = store();
    let writes = 0;
    const upsert = memory.upsert.bind(memory);
    memory.upsert = async (records) => {
      if (++writes === 2) throw new Error('disk full');
      return upsert(records);
    };
    const error = await new Knowledge({ embedder: new TestEmbedder({ maxBatchSize: 4 }), store: memory })
      .ingest(docs(3), { concurrency: 1 })
      .catch((e: unknown) => e);
    expect(isAgnoError(error, 'store_error')).toBe(true);
    expect(await memory.count()).toBe(4);
  });
});
