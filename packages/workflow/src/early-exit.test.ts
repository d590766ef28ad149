/**
 * Ending a workflow early: \`ctx.exit()\` and \`exitIf\`, in a sequence, a parallel group, a nested
 * workflow and a loop.
 */
import { describe, expect, it } from 'vitest';
import { sleep, slowAgent } from './fixtures/index.js';
import { agentStep, loop, parallel, type StepContext, step, Workflow } from './index.js';

describe('early exit', () => {
  it('a step ends the workflow with its output; later steps do not run', async () => {
    let after = 0;
    const wf = new Workflow({
      name: 'exit',
      steps: [
        step('check', (ctx: StepContext<number>) => (ctx.input < 0 ? ctx.exit('negative') : ctx.input)),
        step('after', () => ++after),
      ],
    });
    const result = await wf.run(-1);
    expect(result.output).toBe('negative');
    expect(result.exitedBy).toBe('check');
    expect(after).toBe(0);
    expect((await wf.run(5)).output).toBe(1);
  });

  it('exitIf on an agent step ends the workflow; inside a parallel group it cancels the siblings', async () => {
    const slowSignals: AbortSignal[] = [];
    const wf = new Workflow({
      name: 'exit-parallel',
      steps: [
        parallel('p', [
          step('slow', async (ctx) => {
            slowSignals.push(ctx.signal);
            await sleep(5_000, ctx.signal);
          }),
          agentStep(slowAgent('answer', 'FOUND', 5), { exitIf: (out) => out === 'FOUND' }),
        ]),
        step('never', () => 'no'),
      ],
    });
    const result = await wf.run(undefined);
    expect(result.output).toBe('FOUND');
    expect(result.exitedBy).toBe('p/answer');
    expect(slowSignals[0]!.aborted).toBe(true);
    expect(result.steps.find((s) => s.path === 'p/slow')!.status).toBe('cancelled');
    expect(result.steps.some((s) => s.path === 'never')).toBe(false);
  });

  it('an exit inside a nested workflow ends only the nested workflow', async () => {
    const inner = new Workflow({
      name: 'inner',
      steps: [step('stop', (ctx) => ctx.exit('inner done')), step('skipped', () => 'no')],
    });
    const wf = new Workflow({
      name: 'outer',
      steps: [inner, step('next', (ctx) => `${ctx.previous} → next`)],
    });
    const result = await wf.run(undefined);
    expect(result.output).toBe('inner done → next');
    expect(result.exitedBy).toBeUndefined();
  });

  it('an exit inside a loop ends the loop and the workflow', async () => {
    const wf = new Workflow({
      name: 'loop-exit',
      steps: [
        loop('l', {
          steps: [step('s', (ctx) => (ctx.iteration === 2 ? ctx.exit('stopped at 2') : ctx.iteration))],
          until: () => false,
          maxIterations: 5,
        }),
        step('after', () => 'no'),
      ],
    });
    const result = await wf.run(undefined);
    expect(result.output).toBe('stopped at 2');
    expect(result.exitedBy).toBe('l[2]/s');
  });
});
