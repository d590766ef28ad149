import type { KnowledgeDocument, VectorRecord, VectorStore } from '@agno/core';
import { isAgnoError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { Knowledge } from '../knowledge.js';
import { InMemoryVectorStore } from '../stores/memory-store.js';
import { TestEmbedder } from '../testing/hash-embedder.js';
import type { IngestProgress } from './types.js';

/** A document of `sections` Markdown sections (one chunk each with the default chunker). */
function manual(source: string, sections: number, topic = source): KnowledgeDocument {
  const content = Array.from(
    { length: sections },
    (_, i) => `## Part ${i}\n\nHow to handle ${topic} step ${i}: turn the dial ${i} times and wait.`,
  ).join('\n\n');
  return { source, title: `${topic} manual`, content, metadata: { topic } };
}

/** The in-memory store, counting the writes it receives. */
function countingStore(dimensions = 384): InMemoryVectorStore & { upserts: number; deletes: number } {
  const store = new InMemoryVectorStore({ dimensions }) as InMemoryVectorStore & {
    upserts: number;
    deletes: number;
  };
  store.upserts = 0;
  store.deletes = 0;
  const upsert = store.upsert.bind(store);
  const deleteSource = store.deleteSource.bind(store);
  store.upsert = (records: readonly VectorRecord[]) => {
    store.upserts++;
    return upsert(records);
  };
  store.deleteSource = (source: string, ids?: readonly string[]) => {
    store.deletes++;
    return deleteSource(source, ids);
  };
  return store;
}

describe('Knowledge.ingest', () => {
  it('embeds every chunk in batches of maxBatchSize and reports per source', async () => {
    const embedder = new TestEmbedder({ maxBatchSize: 8 });
    const store = countingStore();
    const kb = new Knowledge({ embedder, store });
    const report = await kb.ingest([manual('a.md', 10), manual('b.md', 15)]);
    expect(report).toMatchObject({
      documents: 2,
      chunks: 25,
      embedded: 25,
      skipped: 0,
      written: 25,
      deleted: 0,
    });
    expect(report.sources).toEqual([
      { source: 'a.md', chunks: 10, embedded: 10, skipped: 0, deleted: 0 },
      { source: 'b.md', chunks: 15, embedded: 15, skipped: 0, deleted: 0 },
    ]);
    expect(embedder.calls).toBe(Math.ceil(25 / 8));
    expect(store.upserts).toBe(Math.ceil(25 / 8));
    expect(await kb.count()).toBe(25);
    expect(await kb.count({ topic: 'b.md' })).toBe(15);
    expect((await kb.sources()).sort()).toEqual(['a.md', 'b.md']);
  });

  it('re-ingesting unchanged documents embeds nothing and writes nothing', async () => {
    const embedder = new TestEmbedder();
    const store = countingStore();
    const kb = new Knowledge({ embedder, store });
    await kb.ingest([manual('a.md', 10), manual('b.md', 5)]);
    const [calls, upserts] = [embedder.calls, store.upserts];
    const report = await kb.ingest([manual('a.md', 10), manual('b.md', 5)]);
    expect(report).toMatchObject({
      documents: 2,
      chunks: 15,
      embedded: 0,
      skipped: 15,
      written: 0,
      deleted: 0,
    });
    expect(embedder.calls).toBe(calls);
    expect(store.upserts).toBe(upserts);
    expect(store.deletes).toBe(0);
  });

  it('updates by source: embeds only changed chunks and deletes those gone', async () => {
    const embedder = new TestEmbedder();
    const kb = new Knowledge({ embedder, store: countingStore() });
    await kb.ingest(manual('a.md', 6));
    const edited = manual('a.md', 4);
    edited.content = edited.content.replace('step 2: turn the dial 2 times', 'step 2: press the red button');
    embedder.reset();
    const report = await kb.ingest(edited);
    expect(report).toMatchObject({ chunks: 4, embedded: 1, skipped: 3, written: 1, deleted: 3 });
    expect(report.sources[0]).toMatchObject({ source: 'a.md', embedded: 1, deleted: 3 });
    expect(embedder.embedded).toBe(1);
    expect(await kb.count()).toBe(4);
    const [hit] = await kb.search('press the red button', { topK: 1 });
    expect(hit).toMatchObject({ source: 'a.md', index: 2, title: 'a.md manual' });
    expect(hit!.text).toContain('press the red button');
    expect(
      (await kb.search('turn the dial 5 times', { mode: 'keyword', topK: 10 })).map((h) => h.index),
    ).not.toContain(5);
  });

  it('deletes a source', async () => {
    const kb = new Knowledge({ embedder: new TestEmbedder(), store: countingStore() });
    await kb.ingest([manual('a.md', 3), manual('b.md', 2)]);
    expect(await kb.delete('a.md')).toBe(3);
    expect(await kb.sources()).toEqual(['b.md']);
    expect((await kb.search('handle a.md', { mode: 'keyword' })).every((h) => h.source === 'b.md')).toBe(
      true,
    );
  });

  it('an empty document removes what its source had', async () => {
    const kb = new Knowledge({ embedder: new TestEmbedder(), store: countingStore() });
    await kb.ingest(manual('a.md', 3));
    const report = await kb.ingest({ source: 'a.md', content: '   ' });
    expect(report).toMatchObject({ chunks: 0, embedded: 0, deleted: 3 });
    expect(await kb.count()).toBe(0);
  });

  it('reads a stream of documents, and a source given twice ends as its last version', async () => {
    const kb = new Knowledge({ embedder: new TestEmbedder(), store: countingStore() });
    async function* documents(): AsyncGenerator<KnowledgeDocument> {
      yield manual('a.md', 3, 'alpha');
      yield manual('b.md', 2);
      yield manual('a.md', 2, 'omega');
    }
    const report = await kb.ingest(documents());
    expect(report.documents).toBe(3);
    expect(await kb.count({ topic: 'alpha' })).toBe(0);
    expect(await kb.count({ topic: 'omega' })).toBe(2);
    expect(await kb.count()).toBe(4);
  });

  it('reports progress with running totals that end at the report', async () => {
    const kb = new Knowledge({ embedder: new TestEmbedder({ maxBatchSize: 4 }), store: countingStore() });
    await kb.ingest(manual('old.md', 3));
    const seen: IngestProgress[] = [];
    const report = await kb.ingest([manual('a.md', 9), { source: 'old.md', content: 'Replaced entirely.' }], {
      onProgress: (p) => seen.push(p),
    });
    expect(seen.filter((p) => p.phase === 'document').map((p) => p.source)).toEqual(['a.md', 'old.md']);
    expect(seen.filter((p) => p.phase === 'batch').map((p) => p.written)).toEqual([4, 8, 10]);
    expect(seen.at(-1)).toMatchObject({ phase: 'deleted', source: 'old.md', deleted: 3 });
    const { phase: _phase, source: _source, ...last } = seen.at(-1)!;
    const { sources: _sources, durationMs: _ms, ...totals } = report;
    expect(last).toEqual(totals);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.written).toBeGreaterThanOrEqual(seen[i - 1]!.written);
  });

  it('embeds at most `concurrency` batches at once', async () => {
    let inFlight = 0;
    let most = 0;
    class Tracked extends TestEmbedder {
      override async embed(
        texts: readonly string[],
        options?: { signal?: AbortSignal },
      ): Promise<Float32Array[]> {
        most = Math.max(most, ++inFlight);
        try {
          return await super.embed(texts, options);
        } finally {
          inFlight--;
        }
      }
    }
    const embedder = new Tracked({ maxBatchSize: 2, delayMs: 5 });
    const kb = new Knowledge({ embedder, store: countingStore() });
    const report = await kb.ingest(
      Array.from({ length: 12 }, (_, i) => manual(`d${i}.md`, 3)),
      { concurrency: 3 },
    );
    expect(report.embedded).toBe(36);
    expect(embedder.calls).toBe(18);
    expect(most).toBe(3);
  });

  it('rejects bad documents and bad options with typed errors', async () => {
    const kb = new Knowledge({ embedder: new TestEmbedder(), store: countingStore() });
    const noSource = await kb.ingest({ content: 'x' } as KnowledgeDocument).catch((e: unknown) => e);
    expect(isAgnoError(noSource, 'validation_error')).toBe(true);
    const badBatch = await kb.ingest(manual('a.md', 1), { batchSize: 0 }).catch((e: unknown) => e);
    expect(isAgnoError(badBatch, 'config_error')).toBe(true);
    const notDocs = await kb.ingest(42 as unknown as KnowledgeDocument).catch((e: unknown) => e);
    expect(isAgnoError(notDocs, 'config_error')).toBe(true);
    expect(await kb.count()).toBe(0);
  });

  it('refuses an embedder whose dimensions are not the store’s', () => {
    let error: unknown;
    try {
      new Knowledge({
        embedder: new TestEmbedder({ dimensions: 8 }),
        store: countingStore(16) as VectorStore,
      });
    } catch (e) {
      error = e;
    }
    expect(isAgnoError(error, 'dimension_mismatch')).toBe(true);
    expect(error).toMatchObject({ expected: 16, received: 8 });
  });
});
