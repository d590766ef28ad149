import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { confirmingAgent, confirmTool, drain, trace } from './fixtures/index.js';
import {
  type ConfirmationPause,
  dag,
  type InputPause,
  step,
  Workflow,
  type WorkflowError,
  type WorkflowRunSnapshot,
} from './index.js';

describe('an agent step whose tool needs confirmation', () => {
  function setup() {
    const tool = confirmTool();
    const agent = confirmingAgent('mailer', tool, 'ann@example.com', 'Email sent.');
    let prep = 0;
    let after = 0;
    const wf = new Workflow({
      name: 'mail',
      steps: [
        step('prep', () => {
          prep++;
          return 'Email Ann';
        }),
        agent,
        step('after', (ctx) => {
          after++;
          return `${ctx.previous} (logged)`;
        }),
      ],
    });
    return { wf, tool, counts: () => ({ prep, after }) };
  }

  it('pauses the workflow with the pending call; approving runs the tool and finishes without re-running', async () => {
    const { wf, tool, counts } = setup();
    const paused = await wf.run(undefined);
    expect(paused.status).toBe('paused');
    expect(paused.output).toBeUndefined();
    expect(paused.pauses).toHaveLength(1);
    const pause = paused.pauses[0] as ConfirmationPause;
    expect(pause).toMatchObject({ kind: 'confirmation', id: 'mailer', path: 'mailer', agent: 'mailer' });
    expect(pause.pending[0]!.toolCall.args).toEqual({ to: 'ann@example.com' });
    expect(tool.calls).toEqual([]);
    expect(counts()).toEqual({ prep: 1, after: 0 });
    expect(paused.steps.find((s) => s.path === 'mailer')!.status).toBe('paused');

    // The snapshot is plain JSON: keep it anywhere, resume from it.
    const snapshot = JSON.parse(JSON.stringify(paused.snapshot)) as WorkflowRunSnapshot;
    const done = await wf.resume(snapshot, { mailer: { approved: true } });
    expect(done.status).toBe('completed');
    expect(done.output).toBe('Email sent. (logged)');
    expect(tool.calls).toEqual(['ann@example.com']);
    expect(counts()).toEqual({ prep: 1, after: 1 });
    expect(done.runId).toBe(paused.runId);
    // both model calls of the agent count
    expect(done.usage).toEqual({ inputTokens: 16, outputTokens: 7, totalTokens: 23 });
  });

  it('rejecting tells the agent, and the tool never runs', async () => {
    const { wf, tool } = setup();
    const paused = await wf.run(undefined);
    const done = await wf.resume(paused.snapshot!, { mailer: { approved: false, reason: 'not today' } });
    expect(done.status).toBe('completed');
    expect(tool.calls).toEqual([]);
    const agentRun = done.steps.find((s) => s.path === 'mailer')!.agentRun!;
    expect(agentRun.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'rejected' });
    expect(agentRun.toolCalls[0]!.result).toContain('not today');
  });

  it('takes one decision per call id, and refuses incomplete or unknown answers before running anything', async () => {
    const { wf, tool } = setup();
    const paused = await wf.run(undefined);
    const callId = (paused.pauses[0] as ConfirmationPause).pending[0]!.toolCall.id;
    await expect(
      wf.resume(paused.snapshot!, { mailer: { other: { approved: true } } }),
    ).rejects.toMatchObject({
      reason: 'invalid_resume',
      code: 'validation_error',
    });
    const unknown = (await wf.resume(paused.snapshot!, { nobody: 'x' }).catch((e) => e)) as WorkflowError;
    expect(unknown.reason).toBe('invalid_resume');
    expect(unknown.message).toContain('open pauses: mailer');
    expect(tool.calls).toEqual([]);
    const done = await wf.resume(paused.snapshot!, { mailer: { [callId]: { approved: true } } });
    expect(done.status).toBe('completed');
    expect(tool.calls).toHaveLength(1);
  });

  it('streams the pause and, on resume, the agent events of the continued run', async () => {
    const { wf } = setup();
    const first = await drain(wf.stream(undefined));
    expect(trace(first.events)).toEqual(['start:prep', 'done:prep', 'start:mailer', 'paused:mailer']);
    const last = first.events.at(-1)!;
    expect(last.type).toBe('workflow-paused');
    const snapshot = (first.result as { snapshot: WorkflowRunSnapshot }).snapshot;
    const second = await drain(wf.resumeStream(snapshot, { mailer: { approved: true } }));
    expect(trace(second.events)).toEqual([
      'skip:prep:reused',
      'start:mailer',
      'done:mailer',
      'start:after',
      'done:after',
    ]);
    const agentEvents = second.events
      .filter((e) => e.type === 'agent-event')
      .map((e) => e.type === 'agent-event' && e.event.type);
    expect(agentEvents).toContain('tool-call-completed');
    expect(agentEvents.at(-1)).toBe('run-completed');
  });
});

describe('a step that asks for input', () => {
  it('pauses with the prompt; an invalid answer pauses again with the issues; a valid one continues', async () => {
    let runs = 0;
    const wf = new Workflow({
      name: 'ask',
      state: () => ({ log: [] as string[] }),
      steps: [
        step('budget', async (ctx) => {
          runs++;
          const amount = await ctx.askForInput({
            prompt: 'What budget?',
            schema: z.number().positive(),
            data: { currency: 'EUR' },
          });
          (ctx.state.log as string[]).push(`budget ${amount}`);
          return amount;
        }),
        step('plan', (ctx) => `plan for ${ctx.previous} EUR`),
      ],
    });
    const paused = await wf.run(undefined);
    expect(paused.pauses).toEqual([
      {
        kind: 'input',
        id: 'budget',
        path: 'budget',
        stepName: 'budget',
        prompt: 'What budget?',
        data: { currency: 'EUR' },
      },
    ]);
    const again = await wf.resume(paused.snapshot!, { budget: -5 });
    expect(again.status).toBe('paused');
    const pause = again.pauses[0] as InputPause;
    expect(pause.issues?.length).toBe(1);
    const done = await wf.resume(again.snapshot!, { budget: 300 });
    expect(done.output).toBe('plan for 300 EUR');
    expect(done.state).toEqual({ log: ['budget 300'] });
    expect(runs).toBe(3);
  });

  it('answers several questions of one step in order', async () => {
    const wf = new Workflow({
      name: 'interview',
      steps: [
        step('form', async (ctx) => {
          const name = await ctx.askForInput<string>({ prompt: 'Name?' });
          const age = await ctx.askForInput<number>({ prompt: `Age of ${name}?` });
          return `${name} is ${age}`;
        }),
      ],
    });
    const p1 = await wf.run(undefined);
    expect((p1.pauses[0] as InputPause).prompt).toBe('Name?');
    const p2 = await wf.resume(p1.snapshot!, { form: 'Ada' });
    expect((p2.pauses[0] as InputPause).prompt).toBe('Age of Ada?');
    const done = await wf.resume(p2.snapshot!, { form: 36 });
    expect(done.output).toBe('Ada is 36');
  });

  it('a step that catches the pause by mistake still pauses', async () => {
    const wf = new Workflow({
      name: 'catcher',
      steps: [
        step('sloppy', async (ctx) => {
          try {
            return await ctx.askForInput({ prompt: 'ok?' });
          } catch {
            return 'swallowed';
          }
        }),
      ],
    });
    const result = await wf.run(undefined);
    expect(result.status).toBe('paused');
    expect((await wf.resume(result.snapshot!, { sloppy: 'yes' })).output).toBe('yes');
  });
});

describe('pauses inside a DAG', () => {
  it('blocks only the paused step’s dependents; independent steps finish', async () => {
    let independent = 0;
    const wf = new Workflow({
      name: 'dag-pause',
      steps: [
        dag('g', [
          step('ask', (ctx) => ctx.askForInput<string>({ prompt: 'go?' })),
          { step: step('after-ask', (ctx) => `after ${ctx.previous}`), dependsOn: ['ask'] },
          step('free', () => ++independent),
        ]),
      ],
    });
    const paused = await wf.run(undefined);
    expect(paused.status).toBe('paused');
    expect(paused.outputs.free).toBe(1);
    expect(paused.steps.some((s) => s.path === 'g/after-ask')).toBe(false);
    const done = await wf.resume(paused.snapshot!, { 'g/ask': 'yes' });
    expect(done.output).toEqual({ ask: 'yes', 'after-ask': 'after yes', free: 1 });
    expect(independent).toBe(1);
  });
});
