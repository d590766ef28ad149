/**
 * A paused (or failed) run resumes once: concurrent or repeated resumes of the same stop, by
 * id or by snapshot, from one or several `Workflow` instances over one store, run its remaining
 * steps exactly once; the others get a `conflict`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DocumentStore, InMemorySessionStore } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { confirmingAgent, confirmTool, drain } from './fixtures/index.js';
import {
  step,
  Workflow,
  type WorkflowError,
  type WorkflowResult,
  type WorkflowRunSnapshot,
} from './index.js';

/** Side effects of the steps after the pauses, counted across every instance. */
type Effects = { charged: number; shipped: number };

/**
 * `ask` pauses for an approval; `charge` (the side effect to protect) runs after it, slowly
 * enough for a concurrent resume to arrive while it runs; `confirm` pauses again for a number;
 * `ship` runs last.
 */
function checkout(store: DocumentStore | undefined, effects: Effects) {
  return new Workflow({
    name: 'checkout',
    ...(store === undefined ? {} : { store }),
    steps: [
      step('ask', (ctx) => ctx.askForInput<string>({ prompt: 'Approve the order?' })),
      step('charge', async (ctx) => {
        effects.charged++;
        await new Promise((r) => setTimeout(r, 10));
        return `charged (${ctx.previous})`;
      }),
      step('confirm', (ctx) =>
        ctx.askForInput<number>({ prompt: 'How many parcels?', schema: z.number().int().positive() }),
      ),
      step('ship', (ctx) => {
        effects.shipped++;
        return `${ctx.previous} parcels shipped`;
      }),
    ],
  });
}

/** Of settled resumes: the results and the errors. */
function outcome(settled: PromiseSettledResult<WorkflowResult<unknown>>[]) {
  const won = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as WorkflowError] : []));
  return { won, lost };
}

function expectConflict(error: WorkflowError) {
  expect(error.code).toBe('conflict');
  expect(error.reason).toBe('resume_conflict');
}

describe('resuming a paused run once', () => {
  it('two instances over one in-memory store resume the same pause at once: one runs the next steps, the other gets a conflict', async () => {
    const store = new InMemorySessionStore();
    const effects: Effects = { charged: 0, shipped: 0 };
    const paused = await checkout(store, effects).run(undefined, { runId: 'order-1' });
    expect(paused.status).toBe('paused');

    const settled = await Promise.allSettled([
      checkout(store, effects).resume('order-1', { ask: 'yes' }),
      checkout(store, effects).resume('order-1', { ask: 'yes' }),
    ]);
    const { won, lost } = outcome(settled);
    expect(won).toHaveLength(1);
    expect(won[0]!.status).toBe('paused');
    expect(won[0]!.pauses.map((p) => p.id)).toEqual(['confirm']);
    expect(lost).toHaveLength(1);
    expectConflict(lost[0]!);
    expect(effects).toEqual({ charged: 1, shipped: 0 });
    expect((await checkout(store, effects).getRun('order-1'))?.steps.map((s) => [s.path, s.status])).toEqual([
      ['ask', 'completed'],
      ['charge', 'completed'],
      ['confirm', 'paused'],
    ]);
  });

  it('one instance resumed three times at once (by id, by snapshot, streamed): one runs, the others get a conflict', async () => {
    const store = new InMemorySessionStore();
    const effects: Effects = { charged: 0, shipped: 0 };
    const wf = checkout(store, effects);
    const paused = await wf.run(undefined, { runId: 'order-2' });
    const snapshot = JSON.parse(JSON.stringify(paused.snapshot)) as WorkflowRunSnapshot;

    const stream = wf.resumeStream('order-2', { ask: 'yes' });
    const [byId, bySnapshot, streamed] = await Promise.all([
      wf.resume('order-2', { ask: 'yes' }).then(
        (result) => ({ result }),
        (error: WorkflowError) => ({ error }),
      ),
      wf.resume(snapshot, { ask: 'yes' }).then(
        (result) => ({ result }),
        (error: WorkflowError) => ({ error }),
      ),
      drain(stream) as Promise<{ result?: unknown; error?: unknown }>,
    ]);
    const all = [byId, bySnapshot, streamed];
    expect(all.filter((o) => 'result' in o && o.result !== undefined)).toHaveLength(1);
    for (const o of all) if ('error' in o && o.error !== undefined) expectConflict(o.error as WorkflowError);
    expect(effects.charged).toBe(1);
  });

  describe('over a SQLite file of @agno/memory', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    it('two connections and two instances resume the same pause at once: the next steps run once', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'agno-wf-claims-'));
      dirs.push(dir);
      const file = join(dir, 'agno.db');
      const effects: Effects = { charged: 0, shipped: 0 };
      const first = SqliteStore.open(file);
      await checkout(first, effects).run(undefined, { runId: 'order-3' });

      // two "processes": each its own connection to the file, and its own workflow
      const a = SqliteStore.open(file);
      const b = SqliteStore.open(file);
      try {
        const settled = await Promise.allSettled([
          checkout(a, effects).resume('order-3', { ask: 'yes' }),
          checkout(b, effects).resume('order-3', { ask: 'yes' }),
        ]);
        const { won, lost } = outcome(settled);
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expectConflict(lost[0]!);
        expect(effects).toEqual({ charged: 1, shipped: 0 });

        // the run goes on from its next pause, through the other connection
        const done = await checkout(first, effects).resume('order-3', { confirm: 2 });
        expect(done.output).toBe('2 parcels shipped');
        expect(effects).toEqual({ charged: 1, shipped: 1 });
      } finally {
        await a.close();
        await b.close();
        await first.close();
      }
    });
  });

  it('a second resume of the same pause after the first finished is a conflict (by snapshot; by id the run is completed)', async () => {
    const store = new InMemorySessionStore();
    const effects: Effects = { charged: 0, shipped: 0 };
    const wf = checkout(store, effects);
    const paused = await wf.run(undefined, { runId: 'order-4' });
    const atAsk = paused.snapshot!;
    const next = await wf.resume('order-4', { ask: 'yes' });
    const atConfirm = next.snapshot!;
    const done = await wf.resume(atConfirm, { confirm: 1 });
    expect(done.status).toBe('completed');
    expect(effects).toEqual({ charged: 1, shipped: 1 });

    // the snapshots of both pauses, kept by the application, cannot run the steps again
    expectConflict((await wf.resume(atAsk, { ask: 'yes' }).catch((e) => e)) as WorkflowError);
    expectConflict(
      (await checkout(store, effects)
        .resume(atConfirm, { confirm: 1 })
        .catch((e) => e)) as WorkflowError,
    );
    // streamed, the refusal is the stream's one event
    const stale = await drain(checkout(store, effects).resumeStream(atAsk, { ask: 'yes' }));
    expectConflict(stale.error as WorkflowError);
    expect(stale.events).toEqual([{ type: 'workflow-error', runId: 'order-4', error: stale.error }]);
    // by id, the stored run is completed
    await expect(checkout(store, effects).resume('order-4', { confirm: 1 })).rejects.toMatchObject({
      reason: 'invalid_resume',
    });
    expect(effects).toEqual({ charged: 1, shipped: 1 });
  });

  it('without a store, a snapshot resumes once per instance', async () => {
    const effects: Effects = { charged: 0, shipped: 0 };
    const wf = checkout(undefined, effects);
    const paused = await wf.run(undefined);
    const settled = await Promise.allSettled([
      wf.resume(paused.snapshot!, { ask: 'yes' }),
      wf.resume(paused.snapshot!, { ask: 'yes' }),
    ]);
    const { won, lost } = outcome(settled);
    expect(won).toHaveLength(1);
    expectConflict(lost[0]!);
    expectConflict((await wf.resume(paused.snapshot!, { ask: 'yes' }).catch((e) => e)) as WorkflowError);
    expect(effects.charged).toBe(1);
    // the next pause is a new stop: it resumes
    const done = await wf.resume(won[0]!.snapshot!, { confirm: 3 });
    expect(done.output).toBe('3 parcels shipped');
  });

  it('a run that pauses again (twice, and on an invalid answer) resumes at each pause, from another instance each time', async () => {
    const store = new InMemorySessionStore();
    const effects: Effects = { charged: 0, shipped: 0 };
    await checkout(store, effects).run(undefined, { runId: 'order-5' });

    const second = await checkout(store, effects).resume('order-5', { ask: 'yes' });
    expect(second.pauses.map((p) => p.id)).toEqual(['confirm']);
    // an answer that fails the request's schema pauses the same step again: a new stop
    const third = await checkout(store, effects).resume('order-5', { confirm: -1 });
    expect(third.status).toBe('paused');
    expect(third.pauses[0]).toMatchObject({ id: 'confirm', issues: expect.any(Array) });
    // the stop before it is spent, the new one is not
    expectConflict(
      (await checkout(store, effects)
        .resume(second.snapshot!, { confirm: 2 })
        .catch((e) => e)) as WorkflowError,
    );
    const done = await checkout(store, effects).resume('order-5', { confirm: 2 });
    expect(done.status).toBe('completed');
    expect(done.output).toBe('2 parcels shipped');
    expect(effects).toEqual({ charged: 1, shipped: 1 });
  });

  it('a refused resume (invalid answers) does not use up the pause: the run still resumes, once', async () => {
    const store = new InMemorySessionStore();
    const tool = confirmTool();
    let after = 0;
    const make = () =>
      new Workflow({
        name: 'mail',
        store,
        steps: [
          confirmingAgent('mailer', tool, 'ann@example.com', 'Email sent.'),
          step('after', () => ++after),
        ],
      });
    const paused = await make().run('Email Ann', { runId: 'mail-1' });
    expect(paused.pauses.map((p) => p.id)).toEqual(['mailer']);

    for (const bad of [
      { mailer: { approved: 'yes' } },
      { mailer: { call_nope: { approved: true } } },
      { nobody: { approved: true } },
    ]) {
      await expect(make().resume('mail-1', bad)).rejects.toMatchObject({
        reason: 'invalid_resume',
        code: 'validation_error',
      });
      await expect(make().resume(paused.snapshot!, bad)).rejects.toMatchObject({ reason: 'invalid_resume' });
    }
    await expect(make().resume('mail-1', 'approve' as never)).rejects.toMatchObject({
      reason: 'invalid_resume',
    });
    expect(tool.calls).toEqual([]);

    const settled = await Promise.allSettled([
      make().resume('mail-1', { mailer: { approved: true } }),
      make().resume(paused.snapshot!, { mailer: { approved: true } }),
    ]);
    const { won, lost } = outcome(settled);
    expect(won.map((r) => r.status)).toEqual(['completed']);
    expectConflict(lost[0]!);
    expect(tool.calls).toEqual(['ann@example.com']);
    expect(after).toBe(1);
  });

  it('a failed run resumes once too', async () => {
    const store = new InMemorySessionStore();
    let up = false;
    let published = 0;
    const make = () =>
      new Workflow({
        name: 'publish',
        store,
        steps: [
          step('render', () => {
            if (!up) throw new Error('renderer down');
            return 'page';
          }),
          step('publish', async () => {
            published++;
            await new Promise((r) => setTimeout(r, 5));
            return 'live';
          }),
        ],
      });
    await make()
      .run(undefined, { runId: 'p1' })
      .catch(() => {});
    up = true;
    const { won, lost } = outcome(await Promise.allSettled([make().resume('p1'), make().resume('p1')]));
    expect(won.map((r) => r.output)).toEqual(['live']);
    expectConflict(lost[0]!);
    expect(published).toBe(1);
  });
});
