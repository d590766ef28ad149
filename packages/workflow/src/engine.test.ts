/**
 * What the engine's split into one runner per node kind made explicit: failures carry their
 * partial result the way agent failures do, a step runs agents as sub-steps through its public
 * context, wide groups stay within Node's listener limits, and an abandoned attempt records
 * nothing after it was given up.
 */
import { inspect } from 'node:util';
import { Agent, partialResultOf } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { confirmingAgent, confirmTool, drain, slowAgent } from './fixtures/index.js';
import {
  parallel,
  partialWorkflowResultOf,
  step,
  Workflow,
  type WorkflowError,
  type WorkflowErrorEvent,
} from './index.js';

const SECRET = 'sk-live-0123456789abcdef';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function failing() {
  return new Workflow({
    name: 'failing',
    state: () => ({ apiKey: SECRET }),
    steps: [step('first', () => 'kept'), step('broken', () => Promise.reject(new Error('no luck')))],
  });
}

describe('partial results of failed runs', () => {
  it('are attached to the error like an agent run’s, and read back with partialWorkflowResultOf', async () => {
    const error = (await failing()
      .run(undefined)
      .catch((e: unknown) => e)) as WorkflowError;
    const partial = partialWorkflowResultOf(error);
    expect(partial?.status).toBe('failed');
    expect(partial?.outputs).toEqual({ first: 'kept' });
    expect(error.result).toBe(partial);
    // like core: the partial result of an agent's failure is read with partialResultOf
    const agent = new Agent({
      name: 'a',
      model: new ScriptedModel({ turns: [{ error: new Error('model down') }] }),
    });
    const agentError = await agent.run('hi').catch((e: unknown) => e);
    expect(partialResultOf(agentError)?.status).toBe('error');
    expect(partialWorkflowResultOf(agentError)).toBeUndefined();
    expect(partialWorkflowResultOf('not an error')).toBeUndefined();
  });

  it('ride on the workflow-error event as `partial`, like core’s run-error', async () => {
    const { events, error } = await drain(failing().stream(undefined));
    const last = events.at(-1) as WorkflowErrorEvent;
    expect(last.type).toBe('workflow-error');
    expect(last.error).toBe(error);
    expect(last.partial).toBe(partialWorkflowResultOf(error));
    expect(last.partial?.steps.map((s) => [s.path, s.status])).toEqual([
      ['first', 'completed'],
      ['broken', 'failed'],
    ]);
  });

  it('stay out of what inspecting or serialising the error prints (the state may hold secrets)', async () => {
    const error = (await failing()
      .run(undefined)
      .catch((e: unknown) => e)) as WorkflowError;
    expect(error.result?.state).toEqual({ apiKey: SECRET });
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(Object.keys(error)).not.toContain('result');
  });
});

describe('ctx.runAgent: agents as sub-steps of a step', () => {
  it('records each run under the step, streams its events and counts its usage', async () => {
    const helper = new Agent({
      name: 'helper',
      model: new ScriptedModel({
        replies: [
          { text: 'one', usage: { inputTokens: 3, outputTokens: 1 } },
          { text: 'two', usage: { inputTokens: 4, outputTokens: 2 } },
        ],
      }),
    });
    const wf = new Workflow({
      name: 'subs',
      steps: [
        step('ask', async (ctx) => {
          const a = await ctx.runAgent(helper, 'first');
          const b = await ctx.runAgent(helper, 'second');
          return `${a.text}+${b.text}`;
        }),
      ],
    });
    const { events, result } = await drain(wf.stream(undefined));
    const r = result as Awaited<ReturnType<typeof wf.run>>;
    expect(r.output).toBe('one+two');
    expect(r.steps.map((s) => [s.path, s.kind, s.status, s.output])).toEqual([
      ['ask', 'function', 'completed', 'one+two'],
      ['ask/helper[1]', 'agent', 'completed', 'one'],
      ['ask/helper[2]', 'agent', 'completed', 'two'],
    ]);
    expect(r.usage).toEqual({ inputTokens: 7, outputTokens: 3, totalTokens: 10 });
    const tagged = events.filter((e) => e.type === 'agent-event').map((e) => (e as { path: string }).path);
    expect(new Set(tagged)).toEqual(new Set(['ask/helper[1]', 'ask/helper[2]']));
    expect(
      events.filter((e) => e.type === 'step-completed').map((e) => (e as { path: string }).path),
    ).toEqual(['ask/helper[1]', 'ask/helper[2]', 'ask']);
  });

  it('rejects like the agent’s run, failing the step and keeping the failed sub-step in the journal', async () => {
    const broken = new Agent({
      name: 'broken',
      model: new ScriptedModel({ turns: [{ error: new Error('model down') }] }),
    });
    const wf = new Workflow({ name: 'subs-fail', steps: [step('ask', (ctx) => ctx.runAgent(broken, 'go'))] });
    const error = (await wf.run(undefined).catch((e: unknown) => e)) as WorkflowError;
    expect(error.stepPath).toBe('ask');
    expect(error.message).toContain('model down');
    const sub = error.result!.steps.find((s) => s.path === 'ask/broken[1]');
    expect(sub).toMatchObject({ status: 'failed', kind: 'agent', error: { stepPath: 'ask/broken[1]' } });
  });

  it('refuses an agent that pauses for confirmation: a sub-step cannot pause', async () => {
    const tool = confirmTool();
    const wf = new Workflow({
      name: 'subs-pause',
      steps: [step('ask', (ctx) => ctx.runAgent(confirmingAgent('mailer', tool, 'a@b.c', 'sent'), 'go'))],
    });
    const error = (await wf.run(undefined).catch((e: unknown) => e)) as WorkflowError;
    expect(error.reason).toBe('invalid_option');
    expect(error.code).toBe('config_error');
    expect(error.message).toContain('cannot pause');
    expect(tool.calls).toEqual([]);
  });

  it('runs under the step’s signal: a step timeout stops the sub-step’s agent', async () => {
    const wf = new Workflow({
      name: 'subs-timeout',
      steps: [step('ask', (ctx) => ctx.runAgent(slowAgent('slow', 'late', 5_000), 'go'), { timeoutMs: 30 })],
    });
    const error = (await wf.run(undefined).catch((e: unknown) => e)) as WorkflowError;
    expect(error.code).toBe('timeout');
    await wait(20);
    const sub = error.result!.steps.find((s) => s.path === 'ask/slow[1]');
    expect(sub?.status).not.toBe('completed');
  });
});

describe('signals', () => {
  it('a wide group of async steps (timed or not) under a caller’s signal trips no listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const steps = Array.from({ length: 40 }, (_, i) =>
        step(
          `s${i}`,
          async () => {
            await wait(2);
            return i;
          },
          i % 2 === 0 ? { timeoutMs: 10_000 } : {},
        ),
      );
      const wf = new Workflow({ name: 'wide', steps: [parallel('all', steps)] });
      const result = await wf.run(undefined, { signal: new AbortController().signal });
      expect(Object.keys(result.output as object)).toHaveLength(40);
      await drain(wf.stream(undefined));
      await wait(10); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('an attempt given up at its timeout records nothing afterwards (no late pause)', async () => {
    const wf = new Workflow({
      name: 'late',
      steps: [
        step(
          'ask',
          async (ctx) => {
            await wait(60); // ignores its signal
            return ctx.askForInput({ prompt: 'too late?' });
          },
          { timeoutMs: 20 },
        ),
      ],
    });
    const error = (await wf.run(undefined).catch((e: unknown) => e)) as WorkflowError;
    expect(error.code).toBe('timeout');
    await wait(100);
    const rec = error.result!.steps.find((s) => s.path === 'ask')!;
    expect(rec.status).toBe('failed');
    expect(rec.pause).toBeUndefined();
  });
});
