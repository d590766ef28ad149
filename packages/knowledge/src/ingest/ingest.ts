/**
 * The ingestion: documents in, only new or changed chunks embedded (in batches, a bounded number
 * at once), each batch written in one all-or-nothing store write, then each source's stale chunks
 * deleted. Re-ingesting unchanged documents embeds and writes nothing; an ingestion that stopped
 * (error, abort, crash) resumes by embedding only what the store does not hold yet.
 */
import {
  AgnoError,
  ConfigError,
  type Embedder,
  type KnowledgeChunk,
  type KnowledgeDocument,
  SignalScope,
  StoreError,
  type VectorStore,
} from '@agno/core';
import { abortError, mapConcurrent } from '@agno/core/utils';
import type { Chunker } from '../chunkers/types.js';
import { embedChunks } from './embed-batch.js';
import { type DocumentPlan, planDocument } from './plan.js';
import type {
  DocumentInput,
  IngestOptions,
  IngestProgress,
  IngestReport,
  IngestTotals,
  SourceReport,
} from './types.js';

/** Where an ingestion reads and writes. */
export interface IngestTarget {
  embedder: Embedder;
  store: VectorStore;
  chunker: Chunker;
  /** Called after every store write or delete (a keyword index to invalidate). */
  onWrite?(): void;
}

/** Ingests `input` into `target` (see `Knowledge.ingest`). */
export async function ingestDocuments(
  target: IngestTarget,
  input: DocumentInput,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? target.embedder.maxBatchSize ?? 64;
  const concurrency = options.concurrency ?? 4;
  checkPositive(batchSize, 'batchSize');
  checkPositive(concurrency, 'concurrency');
  const chunker = options.chunker ?? target.chunker;
  const scope = new SignalScope(options.signal, { timeoutMs: options.timeoutMs, what: 'the ingestion' });
  const totals: IngestTotals = { documents: 0, chunks: 0, embedded: 0, skipped: 0, written: 0, deleted: 0 };
  const sources: SourceReport[] = [];
  const progress = (phase: IngestProgress['phase'], source?: string): void => {
    options.onProgress?.(source === undefined ? { phase, ...totals } : { phase, source, ...totals });
  };
  const window = new Map<string, DocumentPlan>();
  let pending = 0;

  /** Writes the window's full batches (all of it when `all`), then deletes the stale chunks of the documents done. */
  const flush = async (all: boolean): Promise<void> => {
    const { batches, done } = takeBatches(window, all ? pending : pending - (pending % batchSize), batchSize);
    pending = 0;
    for (const plan of window.values()) pending += plan.todo.length;
    await writeBatches(target, batches, window, done, concurrency, scope, totals, progress);
    for (const plan of done) {
      if (plan.stale.length === 0) continue;
      throwIfAborted(scope);
      const deleted = await scope.race(
        storeCall(() => target.store.deleteSource(plan.source, plan.stale), 'delete'),
      );
      target.onWrite?.();
      plan.report.deleted = deleted;
      totals.deleted += deleted;
      progress('deleted', plan.source);
    }
  };

  try {
    for await (const document of documentsOf(input)) {
      throwIfAborted(scope);
      if (window.has(document.source)) await flush(true);
      const plan = await scope.race(planDocument(document, chunker, target.store));
      totals.documents++;
      totals.chunks += plan.report.chunks;
      totals.skipped += plan.report.skipped;
      sources.push(plan.report);
      window.set(plan.source, plan);
      pending += plan.todo.length;
      progress('document', plan.source);
      if (pending >= batchSize * concurrency) await flush(false);
    }
    await flush(true);
  } catch (error) {
    throw scope.isAborted ? abortError(scope.signal.reason, 'the ingestion') : error;
  } finally {
    scope.dispose();
  }
  return { ...totals, sources, durationMs: performance.now() - started };
}

/**
 * Takes `count` chunks to embed from the window's plans, in order, cut into batches. Plans whose
 * chunks are all taken leave the window (`done`); a plan taken in part keeps the rest.
 */
function takeBatches(
  window: Map<string, DocumentPlan>,
  count: number,
  batchSize: number,
): { batches: KnowledgeChunk[][]; done: DocumentPlan[] } {
  const batches: KnowledgeChunk[][] = [];
  const done: DocumentPlan[] = [];
  let batch: KnowledgeChunk[] = [];
  for (const plan of window.values()) {
    const take = Math.min(count, plan.todo.length);
    for (let i = 0; i < take; i++) {
      batch.push(plan.todo[i]!);
      if (batch.length === batchSize) {
        batches.push(batch);
        batch = [];
      }
    }
    count -= take;
    if (take < plan.todo.length) {
      plan.todo = plan.todo.slice(take);
      break;
    }
    done.push(plan);
  }
  if (batch.length > 0) batches.push(batch);
  for (const plan of done) window.delete(plan.source);
  return { batches, done };
}

/**
 * Embeds and writes batches, `concurrency` at once. The first failure aborts the other batches,
 * and is thrown once every batch has ended (nothing runs on after a rejection).
 */
async function writeBatches(
  target: IngestTarget,
  batches: readonly KnowledgeChunk[][],
  window: ReadonlyMap<string, DocumentPlan>,
  done: readonly DocumentPlan[],
  concurrency: number,
  scope: SignalScope,
  totals: IngestTotals,
  progress: (phase: IngestProgress['phase']) => void,
): Promise<void> {
  const bySource = new Map<string, DocumentPlan>(window);
  for (const plan of done) bySource.set(plan.source, plan);
  let failure: { error: unknown } | undefined;
  await mapConcurrent(batches, concurrency, async (chunks) => {
    if (failure !== undefined || scope.isAborted) return;
    try {
      const records = await scope.race(embedChunks(target.embedder, chunks, scope.signal));
      throwIfAborted(scope);
      await storeCall(() => target.store.upsert(records), 'write');
      target.onWrite?.();
      totals.embedded += chunks.length;
      totals.written += chunks.length;
      for (const chunk of chunks) {
        const report = bySource.get(chunk.source)?.report;
        if (report !== undefined) report.embedded++;
      }
      progress('batch');
    } catch (error) {
      failure ??= { error };
      scope.abort(error);
    }
  });
  if (failure !== undefined) throw failure.error;
  throwIfAborted(scope);
}

/** Runs a store call; a failure that is not an `AgnoError` becomes a `StoreError`. */
async function storeCall<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AgnoError) throw error;
    throw new StoreError(`the vector store failed to ${what}`, { cause: error });
  }
}

/** The documents of an input: one document, a list, or a stream. */
function documentsOf(input: DocumentInput): Iterable<KnowledgeDocument> | AsyncIterable<KnowledgeDocument> {
  if (
    typeof input !== 'object' ||
    input === null ||
    !(Symbol.iterator in input || Symbol.asyncIterator in input)
  ) {
    if (typeof input === 'object' && input !== null && 'content' in input)
      return [input as KnowledgeDocument];
    throw new ConfigError('ingest: expected a document, a list of documents or an async iterable of them');
  }
  return input;
}

function throwIfAborted(scope: SignalScope): void {
  if (scope.isAborted) throw abortError(scope.signal.reason, 'the ingestion');
}

function checkPositive(value: number, name: string): void {
  if (!(Number.isInteger(value) && value > 0))
    throw new ConfigError(`ingest: ${name} must be a positive integer`);
}
