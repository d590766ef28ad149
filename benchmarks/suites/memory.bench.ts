/**
 * @agno/memory: appending runs and loading the last 20 messages, on the in-memory, SQLite and
 * (when a server is reachable) PostgreSQL stores (issue 5).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySessionStore, type Message, type RunRecord } from '@agno/core';
import { InMemoryStore } from '@agno/memory';
import { PostgresStore } from '@agno/memory/postgres';
import { SqliteStore } from '@agno/memory/sqlite';
import { bench, do_not_optimize } from 'mitata';
import { type Budgets, figure, type SuiteContext } from '../src/suite.js';

/** Targets from issue 5 (times in ns; throughput in runs per second). */
export const budgets: Budgets = {
  'memory/in-memory/append+load20': {
    maxNs: 1_000,
    note: 'appendRun (2 messages) + loadHistory(last 20 messages): at least 1M operations/s',
  },
  'memory/in-memory/append+load20/throughput': { min: 1_000_000, note: 'operations per second' },
  'memory/in-memory/append+load20-unindexed': {
    maxNs: 1_000,
    note: 'the same with indexRuns: false (no run-id index: getRun searches, duplicate ids unchecked)',
  },
  'memory/in-memory/append+load20/vs-core': {
    max: 2,
    note: "InMemoryStore over core's InMemorySessionStore, same operation (the difference: id checks and the run-id index)",
  },
  'memory/sqlite/append-single': {
    maxNs: 500_000,
    note: 'appendRun of a 4-message run, one transaction each: at least 2,000/s',
  },
  'memory/sqlite/append-single/throughput': { min: 2_000, note: 'single-run transactions per second' },
  'memory/sqlite/append-batch-100': {
    maxNs: 5_000_000,
    note: 'appendRuns of 100 four-message runs in one transaction: at least 20,000 runs/s',
  },
  'memory/sqlite/append-batch/throughput': { min: 20_000, note: 'runs per second, in batches of 100' },
  'memory/sqlite/load20': { maxNs: 50_000, note: 'loadHistory(last 20 messages) of a 4,000-message session' },
};

const USAGE = { inputTokens: 40, outputTokens: 12, totalTokens: 52 };
const TIMINGS = { totalMs: 12.5, firstTokenMs: 3.2, modelCallsMs: [6.1, 5.9], toolCallsMs: [0.4] };

const SHORT: Message[] = [
  { role: 'user', content: 'What is the weather in Lisbon?' },
  { role: 'assistant', content: 'Sunny, 24 °C.' },
];

function toolRound(i: number): Message[] {
  return [
    { role: 'user', content: `What is the weather in city ${i}?` },
    {
      role: 'assistant',
      content: '',
      toolCalls: [{ id: `call_${i}`, name: 'weather', args: { city: `c${i}` } }],
    },
    { role: 'tool', toolCallId: `call_${i}`, toolName: 'weather', content: '{"sky":"clear","celsius":24}' },
    { role: 'assistant', content: `In city ${i} it is clear and 24 °C.` },
  ];
}

function run(runId: string, sessionId: string, messages: Message[]): RunRecord {
  return {
    runId,
    sessionId,
    userId: 'bench-user',
    agentName: 'bench',
    status: 'completed',
    messages,
    text: (messages[messages.length - 1]!.content as string) ?? '',
    toolCalls: [],
    usage: USAGE,
    timings: TIMINGS,
    createdAt: Date.now(),
  };
}

/** Registers the memory benchmarks. */
export default async function register(ctx: SuiteContext): Promise<() => Promise<void>> {
  const cleanups: (() => Promise<void> | void)[] = [];
  let seq = 0;
  const nextId = () => `r${++seq}`;

  // In memory: a fresh store every 10,000 runs (a short-lived agent's store) keeps the heap bounded.
  let memory = new InMemoryStore();
  let memoryOps = 0;
  bench('memory/in-memory/append+load20', async () => {
    if (++memoryOps % 10_000 === 0) memory = new InMemoryStore();
    await memory.appendRun(run(nextId(), 'session', SHORT));
    do_not_optimize(await memory.loadHistory('session', { limit: 20 }));
  });
  let unindexed = new InMemoryStore({ indexRuns: false });
  let unindexedOps = 0;
  bench('memory/in-memory/append+load20-unindexed', async () => {
    if (++unindexedOps % 10_000 === 0) unindexed = new InMemoryStore({ indexRuns: false });
    await unindexed.appendRun(run(nextId(), 'session', SHORT));
    do_not_optimize(await unindexed.loadHistory('session', { limit: 20 }));
  });
  let core = new InMemorySessionStore();
  let coreOps = 0;
  bench('memory/in-memory/core-baseline', async () => {
    if (++coreOps % 10_000 === 0) core = new InMemorySessionStore();
    await core.appendRun(run(nextId(), 'session', SHORT));
    do_not_optimize(await core.loadHistory('session', { limit: 20 }));
  });
  figure('memory/in-memory/append+load20/vs-core', (f) =>
    f.ratio('memory/in-memory/append+load20', 'memory/in-memory/core-baseline'),
  );
  const loaded = new InMemoryStore();
  for (let i = 0; i < 1_000; i++) await loaded.appendRun(run(nextId(), 'long', toolRound(i)));
  bench('memory/in-memory/load20', async () =>
    do_not_optimize(await loaded.loadHistory('long', { limit: 20 })),
  );
  figure('memory/in-memory/append+load20/throughput', (f) =>
    f.throughput('memory/in-memory/append+load20', 1),
  );

  // SQLite, in a file (WAL, synchronous=NORMAL: the defaults).
  const dir = mkdtempSync(join(tmpdir(), 'agno-bench-memory-'));
  const sqlite = SqliteStore.open(join(dir, 'bench.db'));
  cleanups.push(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const preload: RunRecord[] = [];
  for (let i = 0; i < 1_000; i++) preload.push(run(nextId(), 'long', toolRound(i)));
  await sqlite.appendRuns(preload);
  const round = toolRound(7);
  bench('memory/sqlite/append-single', async () => {
    await sqlite.appendRun(run(nextId(), `single-${seq >> 12}`, round));
  });
  bench('memory/sqlite/append-batch-100', async () => {
    const sessionId = `batch-${seq >> 12}`;
    const batch: RunRecord[] = new Array(100);
    for (let i = 0; i < 100; i++) batch[i] = run(nextId(), sessionId, round);
    await sqlite.appendRuns(batch);
  });
  bench('memory/sqlite/load20', async () => do_not_optimize(await sqlite.loadHistory('long', { limit: 20 })));
  bench('memory/sqlite/append+load20', async () => {
    await sqlite.appendRun(run(nextId(), 'long-appended', SHORT));
    do_not_optimize(await sqlite.loadHistory('long-appended', { limit: 20 }));
  });
  figure('memory/sqlite/append-single/throughput', (f) => f.throughput('memory/sqlite/append-single', 1));
  figure('memory/sqlite/append-batch/throughput', (f) => f.throughput('memory/sqlite/append-batch-100', 100));

  // PostgreSQL, when DATABASE_URL or PGHOST names a server that answers (figures only, no budgets).
  if (process.env.DATABASE_URL || process.env.PGHOST) {
    const schema = `agno_bench_${process.pid}`;
    let pg: PostgresStore | undefined;
    try {
      pg = await PostgresStore.connect({ connectionString: process.env.DATABASE_URL, schema });
    } catch (error) {
      console.warn(`memory suite: PostgreSQL benchmarks skipped: ${(error as Error).message}`);
    }
    if (pg !== undefined) {
      const store = pg;
      cleanups.push(async () => {
        await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await store.close();
      });
      const pgPreload: RunRecord[] = [];
      for (let i = 0; i < (ctx.mode === 'full' ? 1_000 : 200); i++)
        pgPreload.push(run(nextId(), 'long', toolRound(i)));
      await store.appendRuns(pgPreload);
      bench('memory/postgres/append-single', async () => {
        await store.appendRun(run(nextId(), `single-${seq >> 12}`, round));
      });
      bench('memory/postgres/append-batch-100', async () => {
        const sessionId = `batch-${seq >> 12}`;
        const batch: RunRecord[] = new Array(100);
        for (let i = 0; i < 100; i++) batch[i] = run(nextId(), sessionId, round);
        await store.appendRuns(batch);
      });
      bench('memory/postgres/load20', async () =>
        do_not_optimize(await store.loadHistory('long', { limit: 20 })),
      );
      figure('memory/postgres/append-single/throughput', (f) =>
        f.throughput('memory/postgres/append-single', 1),
      );
      figure('memory/postgres/append-batch/throughput', (f) =>
        f.throughput('memory/postgres/append-batch-100', 100),
      );
    }
  }

  return async () => {
    for (const c of cleanups) await c();
  };
}
