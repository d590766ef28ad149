import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DocumentStore, InMemorySessionStore } from '@agno/core';
import { afterEach, describe, expect, it } from 'vitest';
import { drain, SqliteDocumentStore, slowAgent, trace } from './fixtures/index.js';
import {
  loop,
  parallel,
  runsCollection,
  type StepLike,
  step,
  Workflow,
  type WorkflowError,
  type WorkflowRunSnapshot,
} from './index.js';

/** A pipeline with counters on every step; `failAt` makes one step throw while it is set. */
function pipeline(store: DocumentStore, counts: Record<string, number>, fail: { at?: string }) {
  const counted = (name: string, fn: (prev: unknown) => unknown = (p) => `${p ?? ''}${name}`) =>
    step(name, (ctx) => {
      counts[name] = (counts[name] ?? 0) + 1;
      if (fail.at === name) throw new Error(`${name} is down`);
      return fn(ctx.previous);
    });
  const steps: StepLike[] = [
    counted('fetch'),
    parallel('analyse', [counted('left'), counted('right')]),
    loop('polish', {
      steps: [counted('edit', (p) => (typeof p === 'number' ? p + 1 : 1))],
      until: (ctx) => (ctx.previous as number) >= 3,
      maxIterations: 5,
    }),
    counted('publish', (p) => `published after ${p} edits`),
  ];
  return new Workflow({ name: 'pipeline', steps, store });
}

describe('stored runs', () => {
  it('a failed run resumes from its last completed step; completed steps are not run again', async () => {
    const store = new InMemorySessionStore();
    const counts: Record<string, number> = {};
    const fail: { at?: string } = { at: 'right' };
    const wf = pipeline(store, counts, fail);
    const error = (await wf.run(undefined, { runId: 'r1' }).catch((e) => e)) as WorkflowError;
    expect(error.stepPath).toBe('analyse/right');
    expect(counts).toEqual({ fetch: 1, left: 1, right: 1 });
    const stored = await wf.getRun('r1');
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toMatchObject({ reason: 'step_failed', stepPath: 'analyse/right' });

    fail.at = undefined;
    const second = await wf.resume('r1');
    expect(second.status).toBe('completed');
    expect(second.output).toBe('published after 3 edits');
    expect(counts).toEqual({ fetch: 1, left: 1, right: 2, edit: 3, publish: 1 });
    expect((await wf.getRun('r1'))?.status).toBe('completed');
  });

  it('resumes a failure inside a loop iteration without redoing earlier iterations', async () => {
    const store = new InMemorySessionStore();
    const counts: Record<string, number> = {};
    // "edit" fails on its second call only
    let editCalls = 0;
    const failing = new Workflow({
      name: 'pipeline',
      store,
      steps: [
        step('fetch', () => {
          counts.fetch = (counts.fetch ?? 0) + 1;
          return 'x';
        }),
        loop('polish', {
          steps: [
            step('edit', (ctx) => {
              editCalls++;
              if (editCalls === 2) throw new Error('editor crashed');
              return ctx.iteration;
            }),
          ],
          until: (ctx) => ctx.previous === 3,
          maxIterations: 5,
        }),
      ],
    });
    const error = (await failing.run(undefined, { runId: 'loop-run' }).catch((e) => e)) as WorkflowError;
    expect(error.stepPath).toBe('polish[2]/edit');
    const result = await failing.resume('loop-run');
    expect(result.output).toBe(3);
    expect(counts.fetch).toBe(1);
    // iteration 1 reused, iteration 2 retried once more, iteration 3 ran: 4 calls in all
    expect(editCalls).toBe(4);
    expect(result.steps.filter((s) => s.name === 'edit').map((s) => [s.path, s.status])).toEqual([
      ['polish[1]/edit', 'completed'],
      ['polish[2]/edit', 'completed'],
      ['polish[3]/edit', 'completed'],
    ]);
  });

  it('an interrupted run resumes in a fresh Workflow instance (a process restart)', async () => {
    const store = new InMemorySessionStore();
    const counts: Record<string, number> = {};
    const controller = new AbortController();
    let entered = false;
    const first = new Workflow({
      name: 'restartable',
      store,
      steps: [
        step('a', () => {
          counts.a = (counts.a ?? 0) + 1;
          return 'A';
        }),
        step('b', async (ctx) => {
          counts.b = (counts.b ?? 0) + 1;
          entered = true;
          await new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
          );
        }),
      ],
    });
    const running = first.run(undefined, { runId: 'restart-1', signal: controller.signal });
    while (!entered) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    const error = (await running.catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('cancelled');
    expect((await first.getRun('restart-1'))?.status).toBe('cancelled');

    // "After the restart": new instances of everything but the store.
    const second = new Workflow({
      name: 'restartable',
      store,
      steps: [
        step('a', () => {
          counts.a = (counts.a ?? 0) + 1;
          return 'A again';
        }),
        step('b', (ctx) => {
          counts.b = (counts.b ?? 0) + 1;
          return `${ctx.previous}B`;
        }),
      ],
    });
    const { events, result } = await drain(second.resumeStream('restart-1'));
    expect((result as { output: string }).output).toBe('AB');
    expect(counts).toEqual({ a: 1, b: 2 });
    expect(events[0]).toMatchObject({ type: 'workflow-started', resumed: true });
    expect(trace(events)).toEqual(['skip:a:reused', 'start:b', 'done:b']);
  });

  it('a run that died mid-way (stored as running) resumes from what the store holds', async () => {
    // A store that keeps every write, to pick the one made right after step "b" completed.
    const writes: WorkflowRunSnapshot[] = [];
    const spy = new InMemorySessionStore();
    const recording: DocumentStore = {
      putDocument: async (c, id, doc) => {
        writes.push(JSON.parse(JSON.stringify(doc)));
        await spy.putDocument(c, id, doc);
      },
      getDocument: (c, id) => spy.getDocument(c, id),
      listDocuments: (c, o) => spy.listDocuments(c, o),
      deleteDocument: (c, id) => spy.deleteDocument(c, id),
      putDocumentIfAbsent: (c, id, doc) => spy.putDocumentIfAbsent(c, id, doc),
    };
    const counts: Record<string, number> = {};
    const make = (store: DocumentStore) =>
      new Workflow({
        name: 'crashy',
        store,
        steps: ['a', 'b', 'c', 'd'].map((n) =>
          step(n, async (ctx) => {
            counts[n] = (counts[n] ?? 0) + 1;
            await new Promise((r) => setTimeout(r, 2));
            return `${ctx.previous ?? ''}${n}`;
          }),
        ),
      });
    await make(recording).run(undefined, { runId: 'crash' });
    const mid = writes.find(
      (w) =>
        w.status === 'running' &&
        w.steps.some((s) => s.path === 'b' && s.status === 'completed') &&
        !w.steps.some((s) => s.path === 'c' && s.status === 'completed'),
    );
    expect(mid).toBeDefined();
    // The process "died" there: a fresh store holds only that write.
    const survivor = new InMemorySessionStore();
    await survivor.putDocument(runsCollection('crashy'), 'crash', mid);
    for (const k of Object.keys(counts)) delete counts[k];
    const result = await make(survivor).resume('crash');
    expect(result.output).toBe('abcd');
    expect(counts).toEqual({ c: 1, d: 1 });
  });

  it('lists run history, most recent first, and deletes runs', async () => {
    const store = new InMemorySessionStore();
    const wf = new Workflow({
      name: 'history',
      store,
      steps: [
        step('maybe', (ctx) => {
          if (ctx.input === 'bad') throw new Error('bad input');
          return ctx.input;
        }),
      ],
    });
    await wf.run('one', { runId: 'h1' });
    await wf.run('bad', { runId: 'h2' }).catch(() => {});
    await wf.run('three', { runId: 'h3' });
    const runs = await wf.listRuns();
    expect(runs.map((r) => [r.runId, r.status, r.completedSteps])).toEqual([
      ['h3', 'completed', 1],
      ['h2', 'failed', 0],
      ['h1', 'completed', 1],
    ]);
    expect(runs[1]!.error).toMatchObject({ reason: 'step_failed', code: 'tool_error' });
    expect((await wf.listRuns({ limit: 1, offset: 1 })).map((r) => r.runId)).toEqual(['h2']);
    await wf.deleteRun('h2');
    expect((await wf.listRuns()).map((r) => r.runId)).toEqual(['h3', 'h1']);
    // other workflows' runs live in their own collection
    const other = new Workflow({ name: 'other', store, steps: [step('x', () => 1)] });
    expect(await other.listRuns()).toEqual([]);
  });

  it('refuses resumes that cannot work, with typed errors', async () => {
    const store = new InMemorySessionStore();
    const wf = new Workflow({ name: 'strict', store, steps: [step('a', () => 1)] });
    await wf.run(undefined, { runId: 'done' });
    await expect(wf.resume('missing')).rejects.toMatchObject({ reason: 'run_not_found', code: 'not_found' });
    await expect(wf.resume('done')).rejects.toMatchObject({
      reason: 'invalid_resume',
      code: 'validation_error',
    });
    const other = new Workflow({ name: 'other', store, steps: [step('a', () => 1)] });
    const snapshot = (await wf.getRun('done'))!;
    await expect(other.resume({ ...snapshot, status: 'failed' })).rejects.toMatchObject({
      reason: 'invalid_resume',
    });
    const storeless = new Workflow({ name: 'strict', steps: [step('a', () => 1)] });
    await expect(storeless.resume('done')).rejects.toMatchObject({ code: 'config_error' });
    await expect(storeless.listRuns()).rejects.toMatchObject({ code: 'config_error' });
  });

  it('a store that fails makes the run fail with store_failed, its result intact', async () => {
    const broken: DocumentStore = {
      putDocument: async () => {
        throw new Error('disk full');
      },
      getDocument: async () => undefined,
      listDocuments: async () => [],
      deleteDocument: async () => {},
      putDocumentIfAbsent: async () => {
        throw new Error('disk full');
      },
    };
    const wf = new Workflow({ name: 'broken-store', store: broken, steps: [step('a', () => 'A')] });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('store_failed');
    expect(error.code).toBe('store_error');
    expect(error.message).toContain('disk full');
    expect(error.result!.outputs.a).toBe('A');
  });
});

describe('a SQLite-backed DocumentStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps a failed run across a restart: a new connection and a new Workflow resume it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agno-wf-'));
    dirs.push(dir);
    const file = join(dir, 'runs.db');
    const counts: Record<string, number> = {};
    const build = (store: DocumentStore, broken: boolean) =>
      new Workflow({
        name: 'sqlite',
        store,
        steps: [
          slowAgent('research', 'facts', 0, { inputTokens: 20, outputTokens: 10 }),
          step('draft', (ctx) => {
            counts.draft = (counts.draft ?? 0) + 1;
            if (broken) throw new Error('draft service down');
            return `draft of ${ctx.previous}`;
          }),
        ],
      });
    const db1 = new SqliteDocumentStore(file);
    await build(db1, true)
      .run('topic', { runId: 'sq1' })
      .catch(() => {});
    db1.close();

    const db2 = new SqliteDocumentStore(file);
    const wf = build(db2, false);
    expect((await wf.listRuns()).map((r) => [r.runId, r.status])).toEqual([['sq1', 'failed']]);
    const result = await wf.resume('sq1');
    expect(result.output).toBe('draft of facts');
    // the agent step was reused: its usage came from the first process
    expect(result.usage).toEqual({ inputTokens: 20, outputTokens: 10, totalTokens: 30 });
    expect((wf.root.steps[0] as unknown as { agent: { model: { calls: number } } }).agent.model.calls).toBe(
      0,
    );
    expect(counts.draft).toBe(2);
    expect((await wf.getRun('sq1'))?.status).toBe('completed');
    db2.close();
  });
});
