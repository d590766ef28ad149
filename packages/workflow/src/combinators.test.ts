import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { drain, sleep, slowAgent, trace } from './fixtures/index.js';
import {
  condition,
  dag,
  isWorkflowError,
  loop,
  parallel,
  router,
  sequence,
  step,
  Workflow,
  type WorkflowError,
} from './index.js';

describe('parallel', () => {
  it('fail-fast: the first failure cancels the running siblings and fails the group', async () => {
    const signals: AbortSignal[] = [];
    const wf = new Workflow({
      name: 'ff',
      steps: [
        parallel('p', [
          step('slow', async (ctx) => {
            signals.push(ctx.signal);
            await sleep(5_000, ctx.signal);
            return 'never';
          }),
          step('ok', () => 'fine'),
          step('boom', async () => {
            await sleep(5);
            throw new Error('boom');
          }),
        ]),
      ],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(isWorkflowError(error, 'step_failed')).toBe(true);
    expect(error.stepPath).toBe('p/boom');
    expect(error.message).toContain('boom');
    expect(signals[0]!.aborted).toBe(true);
    const byPath = Object.fromEntries(error.result!.steps.map((s) => [s.path, s.status]));
    expect(byPath).toEqual({ p: 'failed', 'p/slow': 'cancelled', 'p/ok': 'completed', 'p/boom': 'failed' });
    // the completed sibling's output is kept
    expect(error.result!.outputs.ok).toBe('fine');
    expect(error.result!.status).toBe('failed');
  });

  it('collect-all: every step runs to its end, then the group fails listing every failure', async () => {
    let slowDone = false;
    const wf = new Workflow({
      name: 'ca',
      steps: [
        parallel(
          'p',
          [
            step('slow', async () => {
              await sleep(20);
              slowDone = true;
              return 'done';
            }),
            step('bad1', () => {
              throw new Error('first');
            }),
            step('bad2', () => {
              throw new Error('second');
            }),
          ],
          { mode: 'collect-all' },
        ),
      ],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(slowDone).toBe(true);
    expect(error.reason).toBe('step_failed');
    expect(error.stepPath).toBe('p');
    expect(error.message).toMatch(/2 steps of "p" failed/);
    expect(error.details?.failures).toHaveLength(2);
    expect(error.result!.outputs.slow).toBe('done');
  });

  it('skipped branches leave the others their outputs', async () => {
    const wf = new Workflow({
      name: 'skip',
      steps: [
        parallel('p', [
          step('a', () => 1),
          step(
            'b',
            () => {
              throw new Error('no');
            },
            { onFailure: 'skip' },
          ),
        ]),
      ],
    });
    const result = await wf.run(undefined);
    expect(result.output).toEqual({ a: 1 });
    expect(result.steps.find((s) => s.path === 'p/b')).toMatchObject({
      status: 'skipped',
      skipReason: 'failure',
    });
  });
});

describe('dag', () => {
  it('gives root steps the previous output and fails fast like parallel', async () => {
    let cRan = false;
    const wf = new Workflow({
      name: 'g',
      steps: [
        step('seed', () => 3),
        dag('graph', [
          step('a', (ctx) => (ctx.previous as number) * 2),
          {
            step: step('b', () => {
              throw new Error('b broke');
            }),
            dependsOn: ['a'],
          },
          {
            step: step('c', () => {
              cRan = true;
            }),
            dependsOn: ['b'],
          },
        ]),
      ],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.stepPath).toBe('graph/b');
    expect(cRan).toBe(false);
    expect(error.result!.outputs).toMatchObject({ seed: 3, a: 6 });
  });
});

describe('condition', () => {
  it('runs then or else, and reports the other branch as skipped', async () => {
    const wf = new Workflow({
      name: 'cond',
      steps: [
        condition('big', {
          when: (ctx) => (ctx.input as number) > 10,
          run: step('large', () => 'large'),
          otherwise: step('small', () => 'small'),
        }),
      ],
    });
    const big = await drain(wf.stream(50));
    expect(trace(big.events)).toEqual([
      'start:big',
      'skip:big/small:condition',
      'start:big/large',
      'done:big/large',
      'done:big',
    ]);
    expect((big.result as { output: string }).output).toBe('large');
    expect((await wf.run(1)).output).toBe('small');
  });

  it('passes the previous output through when false without an else', async () => {
    const wf = new Workflow({
      name: 'pass',
      steps: [
        step('v', () => 'value'),
        condition('maybe', { when: () => false, run: step('t', () => 'then') }),
      ],
    });
    expect((await wf.run(undefined)).output).toBe('value');
  });
});

describe('loop', () => {
  it('repeats until the predicate holds, feeding each iteration the last output', async () => {
    const iterations: number[] = [];
    const wf = new Workflow({
      name: 'refine',
      steps: [
        step('start', () => 1),
        loop('grow', {
          steps: [
            step('double', (ctx) => {
              iterations.push(ctx.iteration!);
              return (ctx.previous as number) * 2;
            }),
          ],
          until: (ctx) => (ctx.previous as number) >= 16,
          maxIterations: 10,
        }),
      ],
    });
    const result = await wf.run(undefined);
    expect(result.output).toBe(16);
    expect(iterations).toEqual([1, 2, 3, 4]);
    expect(result.steps.filter((s) => s.name === 'double').map((s) => s.path)).toEqual([
      'grow[1]/double',
      'grow[2]/double',
      'grow[3]/double',
      'grow[4]/double',
    ]);
  });

  it('a loop that never meets its predicate fails with max_iterations, keeping its iterations', async () => {
    const wf = new Workflow({
      name: 'forever',
      steps: [
        step('before', () => 'kept'),
        loop('spin', { steps: [step('tick', (ctx) => ctx.iteration)], until: () => false, maxIterations: 3 }),
      ],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('max_iterations');
    expect(error.code).toBe('loop_detected');
    expect(error.stepPath).toBe('spin');
    expect(error.result!.outputs.before).toBe('kept');
    expect(error.result!.steps.filter((s) => s.name === 'tick' && s.status === 'completed')).toHaveLength(3);
  });

  it('onMaxIterations: complete ends with the last output instead; a fallback also works', async () => {
    const done = new Workflow({
      name: 'capped',
      steps: [
        loop('spin', {
          steps: [step('tick', (ctx) => ctx.iteration)],
          until: () => false,
          maxIterations: 3,
          onMaxIterations: 'complete',
        }),
      ],
    });
    expect((await done.run(undefined)).output).toBe(3);
    const fallback = new Workflow({
      name: 'fallback',
      steps: [
        loop(
          'spin',
          { steps: [step('tick', (ctx): unknown => ctx.iteration)], until: () => false, maxIterations: 2 },
          { onFailure: { fallback: (error) => `gave up: ${error.reason}` } },
        ),
      ],
    });
    expect((await fallback.run(undefined)).output).toBe('gave up: max_iterations');
  });
});

describe('router', () => {
  const routes = () => [step('math', () => 'did math'), step('poetry', () => 'wrote a poem')];

  it('runs the route a function picks, and reports the others as skipped', async () => {
    const wf = new Workflow({
      name: 'r',
      steps: [
        router('pick', {
          routes: routes(),
          choose: (ctx) => (String(ctx.input).includes('+') ? 'math' : 'poetry'),
        }),
      ],
    });
    const { events, result } = await drain(wf.stream('1+1'));
    expect((result as { output: string }).output).toBe('did math');
    expect(trace(events)).toContain('skip:pick/poetry:router');
  });

  it('runs the route an agent picks, from the names and descriptions it is shown', async () => {
    const model = new ScriptedModel({ turns: ['The best route is **poetry**.'] });
    const chooser = new Agent({ name: 'chooser', model });
    const wf = new Workflow({
      name: 'ra',
      steps: [
        router('pick', {
          routes: [
            step('math', () => 'did math', { description: 'arithmetic' }),
            step('poetry', () => 'wrote a poem', { description: 'verse' }),
          ],
          agent: chooser,
        }),
      ],
    });
    const result = await wf.run('a sonnet please');
    expect(result.output).toBe('wrote a poem');
    const system = model.requests[0]!.messages[0]!.content as string;
    expect(system).toContain('- math: arithmetic');
    expect(system).toContain('- poetry: verse');
    // the chooser's usage counts
    expect(result.steps.find((s) => s.path === 'pick')!.usage?.totalTokens).toBeGreaterThan(0);
  });

  it('a router that names a missing step fails with unknown_step, listing the routes', async () => {
    const byFunction = new Workflow({
      name: 'bad',
      steps: [step('first', () => 'kept'), router('pick', { routes: routes(), choose: () => 'cooking' })],
    });
    const error = (await byFunction.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('unknown_step');
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('"cooking"');
    expect(error.message).toContain('math, poetry');
    expect(error.result!.outputs.first).toBe('kept');

    const byAgent = new Workflow({
      name: 'bad-agent',
      steps: [
        router('pick', {
          routes: routes(),
          agent: new Agent({ name: 'c', model: new ScriptedModel({ turns: ['cooking'] }) }),
        }),
      ],
    });
    expect(((await byAgent.run('x').catch((e) => e)) as WorkflowError).reason).toBe('unknown_step');
  });
});

describe('nesting', () => {
  it('sequences nest inside parallel groups, with their outputs visible by name', async () => {
    const wf = new Workflow({
      name: 'nest',
      steps: [
        parallel('p', [
          sequence('left', [step('l1', () => 'L'), step('l2', (ctx) => `${ctx.previous}2`)]),
          slowAgent('right', 'R', 0),
        ]),
        step('join', (ctx) => `${ctx.output('l2')}+${ctx.output('right')}`),
      ],
    });
    const result = await wf.run('x');
    expect(result.output).toBe('L2+R');
    expect(result.outputs.p).toEqual({ left: 'L2', right: 'R' });
  });

  it('asking for the output of a step that has not run is a clear error', async () => {
    const wf = new Workflow({ name: 'missing', steps: [step('a', (ctx) => ctx.output('nope'))] });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('unknown_step');
    expect(error.message).toContain('"nope"');
  });
});
