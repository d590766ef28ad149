/**
 * The done-when, end to end: a folder of real documents (Markdown, PDF, HTML, JSON, CSV)
 * read by the folder reader, ingested into the SQLite store; an agent on the scripted model
 * answers with the search tool and its answers carry citations; re-ingesting embeds and writes
 * nothing; an ingestion killed half-way (SIGKILL) resumes and embeds only what is missing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, isAgnoError, type KnowledgeDocument, type ModelRequest, messageText } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citationsOf } from './agent/citations.js';
import type { SearchKnowledgeResult } from './agent/tool.js';
import { markdownChunker } from './chunkers/markdown.js';
import { startFixture } from './ingest/fixtures/child-process.js';
import { Knowledge } from './knowledge.js';
import { readFolder } from './readers/index.js';
import { SqliteVectorStore } from './sqlite/sqlite-store.js';
import { TestEmbedder } from './testing/hash-embedder.js';

const docs = fileURLToPath(new URL('./fixtures/docs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agno-knowledge-e2e-'));
let documents: KnowledgeDocument[];

beforeAll(async () => {
  const read = await readFolder(docs);
  // The bad fixtures (a corrupt PDF, an empty file) are typed failures; the rest is read.
  expect(read.failures.map((f) => [f.source, f.error.code])).toEqual([
    ['bad/corrupt.pdf', 'reader_error'],
    ['bad/empty.md', 'reader_error'],
  ]);
  documents = read.documents;
  const types = new Set(documents.map((d) => d.metadata?.type));
  for (const type of ['markdown', 'pdf', 'html']) expect(types).toContain(type);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A scripted model that searches with the user's question, then answers like a reader would: with
 * the passage found that shares the most words with the question, citing it by its number.
 */
function researcher(): ScriptedModel {
  const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]{4,}/g) ?? [];
  return new ScriptedModel({
    turns: [
      (request) => {
        const question = request.messages.findLast((m) => m.role === 'user')!;
        return { toolCalls: [{ name: 'search_knowledge', args: { query: messageText(question) } }] };
      },
      (request: ModelRequest) => {
        const question = words(messageText(request.messages.findLast((m) => m.role === 'user')!));
        const tool = request.messages.findLast((m) => m.role === 'tool')!;
        const { results } = JSON.parse(tool.content as string) as SearchKnowledgeResult;
        const shared = (text: string): number =>
          question.filter((w) => text.toLowerCase().includes(w)).length;
        const best = results.reduce<(typeof results)[number] | undefined>(
          (a, r) => (a === undefined || shared(r.text) > shared(a.text) ? r : a),
          undefined,
        );
        return best === undefined ? 'I could not find it.' : `${best.text} [${best.ref}]`;
      },
    ],
  });
}

describe('@agno/knowledge end to end', () => {
  it('ingests the folder into SQLite, answers with citations, and re-ingests with zero embeddings', async () => {
    const path = join(dir, 'kb.db');
    const embedder = new TestEmbedder();
    const knowledge = new Knowledge({
      embedder,
      store: await SqliteVectorStore.open({ path, dimensions: 384 }),
    });
    const report = await knowledge.ingest(documents);
    expect(report.documents).toBe(documents.length);
    expect(report.embedded).toBe(report.chunks);
    expect(report.written).toBe(report.chunks);
    expect(embedder.embedded).toBe(report.chunks);
    expect(await knowledge.count()).toBe(report.chunks);

    const agent = new Agent({ model: researcher(), tools: [knowledge.asTool({ topK: 3, mode: 'hybrid' })] });
    const questions = [
      { ask: 'What is the warranty period?', fact: '27 months', source: 'warranty.md' },
      {
        ask: 'How much does the Orion battery weigh in kilograms?',
        fact: '118 kilograms',
        source: 'orion-manual.pdf',
      },
      { ask: 'When is the support desk open?', fact: '08:30 to 18:00', source: 'support.html' },
    ];
    for (const { ask, fact, source } of questions) {
      const result = await agent.run(ask);
      expect(result.text).toContain(fact);
      const cited = citationsOf(result).filter((c) => c.cited);
      expect(cited).toHaveLength(1);
      expect(cited[0]).toMatchObject({ source });
      expect(cited[0]!.text).toContain(fact);
      expect(cited[0]!.title).toBeTruthy();
    }
    await knowledge.close();

    // Re-ingest from a fresh store handle (as a restarted process would): nothing embedded or written.
    const again = new TestEmbedder();
    const reopened = await SqliteVectorStore.open({ path, dimensions: 384 });
    let writes = 0;
    const upsert = reopened.upsert.bind(reopened);
    reopened.upsert = (records) => {
      writes++;
      return upsert(records);
    };
    const second = await new Knowledge({ embedder: again, store: reopened }).ingest(documents);
    expect(second).toMatchObject({
      chunks: report.chunks,
      embedded: 0,
      written: 0,
      deleted: 0,
      skipped: report.chunks,
    });
    expect(again.calls).toBe(0);
    expect(writes).toBe(0);
    await reopened.close();
  });

  it('an ingestion killed half-way (SIGKILL) resumes, embedding only the chunks not yet stored', async () => {
    const path = join(dir, 'killed.db');
    const documentsPath = join(dir, 'documents.json');
    writeFileSync(documentsPath, JSON.stringify(documents));
    const size = 200;
    const total = documents.reduce((n, d) => n + markdownChunker({ size, overlap: 20 })(d).length, 0);
    expect(total).toBeGreaterThan(24);

    const child = await startFixture(
      new URL('./ingest/fixtures/ingest-slowly.ts', import.meta.url),
      [path, documentsPath, String(size)],
      { ready: /written 12\n/, tooFar: /done\n/, external: ['better-sqlite3', 'gpt-tokenizer'] },
    );
    await child.kill();

    const store = await SqliteVectorStore.open({ path, dimensions: 384 });
    const stored = await store.count();
    expect(stored).toBeGreaterThanOrEqual(12);
    expect(stored).toBeLessThan(total);
    expect(stored % 4).toBe(0); // whole batches only

    const embedder = new TestEmbedder();
    const knowledge = new Knowledge({ embedder, store, chunker: markdownChunker({ size, overlap: 20 }) });
    const report = await knowledge.ingest(documents);
    expect(report).toMatchObject({ chunks: total, skipped: stored, embedded: total - stored, deleted: 0 });
    expect(embedder.embedded).toBe(total - stored);
    expect(await store.count()).toBe(total);
    const [hit] = await knowledge.search('What is the warranty period?');
    expect(hit!.text).toContain('27 months');
    await knowledge.close();
  });

  it('an ingestion into SQLite with an embedder failing mid-way leaves whole batches, and resumes', async () => {
    const store = await SqliteVectorStore.open({ path: join(dir, 'failing.db'), dimensions: 384 });
    const failing = new Knowledge({ embedder: new TestEmbedder({ maxBatchSize: 5, failAt: 3 }), store });
    const error = await failing.ingest(documents, { concurrency: 1 }).catch((e: unknown) => e);
    expect(isAgnoError(error, 'embedding_error')).toBe(true);
    expect(await store.count()).toBe(10);
    const embedder = new TestEmbedder({ maxBatchSize: 5 });
    const report = await new Knowledge({ embedder, store }).ingest(documents);
    expect(report.embedded).toBe(report.chunks - 10);
    await store.close();
  });
});
