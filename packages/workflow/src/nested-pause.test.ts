/**
 * Pause and resume deep in a run: a loop iteration of a nested workflow in a parallel branch,
 * resumed after a restart through real SQLite files and in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type DocumentStore, InMemorySessionStore, type Message } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { ScriptedModel } from '@agno/models-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { drain, SqliteDocumentStore, trace } from './fixtures/index.js';
import { agentStep, loop, parallel, step, Workflow } from './index.js';

/**
 * The hard case: a pause in iteration 2 of a loop, in a nested workflow, in a parallel branch,
 * while a sibling branch waits for input, resumed after a "restart" through a real SQLite file.
 */
describe('nested pause and resume', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  type Counts = Record<string, number>;

  /** Builds the whole workflow from scratch, as a new process would. */
  function build(store: DocumentStore, counts: Counts, sent: string[]) {
    const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    const tool = {
      name: 'publish_draft',
      description: 'Publishes a draft',
      parameters: { type: 'object', properties: { round: { type: 'number' } } },
      requiresConfirmation: true,
      execute: (args: { round: number }) => {
        sent.push(`round ${args.round}`);
        return 'published';
      },
    };
    const lastUser = (messages: readonly Message[]) => {
      for (let i = messages.length - 1; i >= 0; i--)
        if (messages[i]!.role === 'user') return String(messages[i]!.content);
      return '';
    };
    const editor = new Agent({
      name: 'editor',
      tools: [tool],
      model: new ScriptedModel({
        respond: (req, info) => {
          bump('editor-model');
          const text = lastUser(req.messages);
          const round = Number(/round (\d)/.exec(text)?.[1]);
          if (round === 2 && info.turn === 0)
            return {
              toolCalls: [{ name: 'publish_draft', args: { round } }],
              usage: { inputTokens: 3, outputTokens: 1 },
            };
          return { text: `edit ${round}`, usage: { inputTokens: 3, outputTokens: 1 } };
        },
      }),
    });
    const review = new Workflow({
      name: 'review',
      steps: [
        step('prepare', () => {
          bump('prepare');
          return 'draft 0';
        }),
        loop('rounds', {
          steps: [
            agentStep(editor, { input: (ctx) => `round ${ctx.iteration}: improve ${ctx.previous}` }),
            step('check', (ctx) => {
              bump(`check-${ctx.iteration}`);
              return `${ctx.previous} checked`;
            }),
          ],
          until: (ctx) => ctx.iteration === 3,
          maxIterations: 3,
        }),
      ],
    });
    return new Workflow({
      name: 'publish',
      store,
      steps: [
        step('intro', () => {
          bump('intro');
          return 'intro';
        }),
        parallel('branches', [
          review,
          step('approve', async (ctx) => {
            bump('approve');
            const ok = await ctx.askForInput<boolean>({ prompt: 'Approve the budget?', schema: z.boolean() });
            return ok ? 'approved' : 'refused';
          }),
          step('stats', () => {
            bump('stats');
            return 42;
          }),
        ]),
        step('final', (ctx) => {
          bump('final');
          const b = ctx.previous as Record<string, unknown>;
          return `${b.review} | ${b.approve} | ${b.stats}`;
        }),
      ],
    });
  }

  it('pauses in loop iteration 2 of a nested workflow in a parallel branch; resumes after a restart; nothing re-runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agno-wf-pause-'));
    dirs.push(dir);
    const file = join(dir, 'runs.db');
    const counts: Counts = {};
    const sent: string[] = [];

    // Process 1: runs until both branches pause.
    const db1 = new SqliteDocumentStore(file);
    const first = await build(db1, counts, sent).run(undefined, { runId: 'deep' });
    db1.close();
    expect(first.status).toBe('paused');
    expect(first.pauses.map((p) => [p.id, p.kind]).sort()).toEqual([
      ['branches/approve', 'input'],
      ['branches/review/rounds[2]/editor', 'confirmation'],
    ]);
    expect(counts).toEqual({ intro: 1, prepare: 1, 'check-1': 1, approve: 1, stats: 1, 'editor-model': 2 });
    expect(sent).toEqual([]);
    expect(first.steps.find((s) => s.path === 'branches/review/rounds[1]/check')?.output).toBe(
      'edit 1 checked',
    );

    // Process 2: a new store connection and a new workflow; answer only the input pause.
    const db2 = new SqliteDocumentStore(file);
    const wf2 = build(db2, counts, sent);
    const stored = await wf2.listRuns();
    expect(stored[0]).toMatchObject({ runId: 'deep', status: 'paused' });
    expect(stored[0]!.pauses).toHaveLength(2);
    const partial = await wf2.resume('deep', { 'branches/approve': true });
    expect(partial.status).toBe('paused');
    expect(partial.pauses.map((p) => p.id)).toEqual(['branches/review/rounds[2]/editor']);
    // only the answered step ran again (from its start, as documented)
    expect(counts).toEqual({ intro: 1, prepare: 1, 'check-1': 1, approve: 2, stats: 1, 'editor-model': 2 });
    db2.close();

    // Process 3: approve the tool call; stream the resume.
    const db3 = new SqliteDocumentStore(file);
    const wf3 = build(db3, counts, sent);
    const { events, result } = await drain(
      wf3.resumeStream('deep', { 'branches/review/rounds[2]/editor': { approved: true } }),
    );
    const done = result as { status: string; output: string; usage: { totalTokens: number } };
    expect(done.status).toBe('completed');
    expect(done.output).toBe('edit 3 checked | approved | 42');
    expect(sent).toEqual(['round 2']);
    // round 2's model ran once more (after the tool), round 3 once; nothing else again
    expect(counts).toEqual({
      intro: 1,
      prepare: 1,
      'check-1': 1,
      'check-2': 1,
      'check-3': 1,
      approve: 2,
      stats: 1,
      'editor-model': 4,
      final: 1,
    });
    const t = trace(events);
    for (const reused of [
      'intro',
      'branches/review/prepare',
      'branches/review/rounds[1]/editor',
      'branches/review/rounds[1]/check',
      'branches/approve',
      'branches/stats',
    ]) {
      expect(t).toContain(`skip:${reused}:reused`);
    }
    expect(t).toContain('done:branches/review/rounds[2]/editor');
    expect(t).toContain('done:branches/review/rounds[3]/check');
    // the continued agent run's events arrive tagged with its step
    expect(
      events.some(
        (e) =>
          e.type === 'agent-event' &&
          e.path === 'branches/review/rounds[2]/editor' &&
          e.event.type === 'tool-call-completed',
      ),
    ).toBe(true);
    // usage adds up over all three processes: 4 model calls of 4 tokens each
    expect(done.usage.totalTokens).toBe(16);
    const finalRun = await wf3.getRun('deep');
    expect(finalRun?.status).toBe('completed');
    expect(finalRun?.steps.filter((s) => s.status === 'paused')).toEqual([]);
    db3.close();
  });

  it('the same run resumes through @agno/memory’s SQLite store after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agno-wf-memory-'));
    dirs.push(dir);
    const file = join(dir, 'agno.db');
    const counts: Counts = {};
    const sent: string[] = [];
    const first = SqliteStore.open(file);
    const paused = await build(first, counts, sent).run(undefined, { runId: 'mem' });
    expect(paused.pauses).toHaveLength(2);
    await first.close();

    const second = SqliteStore.open(file);
    const done = await build(second, counts, sent).resume('mem', {
      'branches/approve': true,
      'branches/review/rounds[2]/editor': { approved: true },
    });
    expect(done.output).toBe('edit 3 checked | approved | 42');
    expect(counts).toMatchObject({
      intro: 1,
      prepare: 1,
      'check-1': 1,
      'check-2': 1,
      'check-3': 1,
      stats: 1,
      final: 1,
    });
    expect(sent).toEqual(['round 2']);
    expect((await build(second, counts, sent).listRuns()).map((r) => [r.runId, r.status])).toEqual([
      ['mem', 'completed'],
    ]);
    await second.close();
  });

  it('the same run resumes in memory too, answering both pauses at once', async () => {
    const counts: Counts = {};
    const sent: string[] = [];
    const store = new InMemorySessionStore();
    const wf = build(store, counts, sent);
    const paused = await wf.run(undefined);
    const done = await build(store, counts, sent).resume(paused.runId, {
      'branches/approve': false,
      'branches/review/rounds[2]/editor': { approved: true },
    });
    expect(done.output).toBe('edit 3 checked | refused | 42');
    expect(counts.prepare).toBe(1);
    expect(counts['check-1']).toBe(1);
    expect(counts.stats).toBe(1);
    expect(sent).toEqual(['round 2']);
  });
});
