import { Agent, isAgnoError } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { slowAgent } from './fixtures/index.js';
import {
  agentStep,
  condition,
  dag,
  isWorkflowError,
  loop,
  parallel,
  router,
  type Step,
  type StepContext,
  sequence,
  step,
  Workflow,
  WorkflowError,
} from './index.js';

function buildError(fn: () => unknown): WorkflowError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).code).toBe('config_error');
    return error as WorkflowError;
  }
  throw new Error('expected a build error');
}

describe('a sequence of function steps', () => {
  it('gives each step the input, the previous output, earlier outputs, shared state, a signal and its path', async () => {
    const seen: Record<string, unknown>[] = [];
    const record = (ctx: StepContext) =>
      seen.push({
        name: ctx.name,
        path: ctx.path,
        input: ctx.input,
        previous: ctx.previous,
        outputs: { ...ctx.outputs },
        attempt: ctx.attempt,
        signal: ctx.signal instanceof AbortSignal,
        runId: ctx.runId,
      });
    const wf = new Workflow({
      name: 'numbers',
      state: () => ({ total: 0 }),
      steps: [
        step('double', (ctx: StepContext<{ n: number }, { total: number }>) => {
          record(ctx);
          ctx.state.total += 1;
          return ctx.input.n * 2;
        }),
        step('plusOne', async (ctx: StepContext<{ n: number }, { total: number }>) => {
          record(ctx);
          ctx.state.total += 1;
          return (ctx.previous as number) + 1;
        }),
      ],
    });
    const result = await wf.run({ n: 5 }, { runId: 'run-1' });

    expect(result.status).toBe('completed');
    expect(result.output).toBe(11);
    expect(result.outputs).toEqual({ double: 10, plusOne: 11 });
    expect(result.state).toEqual({ total: 2 });
    expect(result.runId).toBe('run-1');
    expect(seen).toEqual([
      {
        name: 'double',
        path: 'double',
        input: { n: 5 },
        previous: undefined,
        outputs: {},
        attempt: 1,
        signal: true,
        runId: 'run-1',
      },
      {
        name: 'plusOne',
        path: 'plusOne',
        input: { n: 5 },
        previous: 10,
        outputs: { double: 10 },
        attempt: 1,
        signal: true,
        runId: 'run-1',
      },
    ]);
    expect(result.steps.map((s) => [s.path, s.status, s.attempts])).toEqual([
      ['double', 'completed', 1],
      ['plusOne', 'completed', 1],
    ]);
    for (const s of result.steps) {
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
      expect(s.startedAt).toBeGreaterThan(1_600_000_000_000);
    }
    expect(result.snapshot).toBeUndefined();
  });

  it('gives each run fresh state from the state function, and takes state from run options', async () => {
    const wf = new Workflow({
      name: 'counter',
      state: () => ({ n: 0 }),
      steps: [step('inc', (ctx: StepContext<unknown, { n: number }>) => ++ctx.state.n)],
    });
    expect((await wf.run(undefined)).output).toBe(1);
    expect((await wf.run(undefined)).output).toBe(1);
    expect((await wf.run(undefined, { state: { n: 41 } })).output).toBe(42);
  });

  it('accepts agents, named functions and workflows directly as steps', async () => {
    async function shout(ctx: StepContext) {
      return String(ctx.previous).toUpperCase();
    }
    const inner = new Workflow({ name: 'inner', steps: [step('exclaim', (ctx) => `${ctx.input}!`)] });
    const wf = new Workflow({ name: 'mixed', steps: [slowAgent('writer', 'hello', 0), shout, inner] });
    const result = await wf.run('write');
    expect(result.output).toBe('HELLO!');
    expect(result.steps.map((s) => [s.path, s.kind])).toEqual([
      ['writer', 'agent'],
      ['shout', 'function'],
      ['inner', 'workflow'],
      ['inner/exclaim', 'function'],
    ]);
  });

  it('sums token usage over agent steps, and keeps each agent run', async () => {
    const wf = new Workflow({
      name: 'usage',
      steps: [
        slowAgent('a', 'one', 0, { inputTokens: 10, outputTokens: 2 }),
        slowAgent('b', 'two', 0, { inputTokens: 5, outputTokens: 1 }),
      ],
    });
    const result = await wf.run('go');
    expect(result.usage).toEqual({ inputTokens: 15, outputTokens: 3, totalTokens: 18 });
    expect(result.steps[0]!.usage).toEqual({ inputTokens: 10, outputTokens: 2, totalTokens: 12 });
    expect(result.steps[1]!.agentRun).toMatchObject({
      agent: 'b',
      status: 'completed',
      text: 'two',
      modelCalls: 1,
    });
  });

  it('types outputs from output schemas and steps, and validates them', async () => {
    const parse = step('parse', (ctx) => JSON.parse(String(ctx.input)), {
      outputSchema: z.object({ title: z.string(), words: z.number() }),
    });
    expectTypeOf(parse).toEqualTypeOf<Step<{ title: string; words: number }>>();
    const count = step('count', (ctx) => ctx.output(parse).words * 2);
    expectTypeOf(count).toEqualTypeOf<Step<number>>();
    const wf = new Workflow({ name: 'typed', steps: [parse, count] });
    expectTypeOf(wf).toEqualTypeOf<Workflow<unknown, number, Record<string, unknown>>>();
    expect((await wf.run('{"title":"t","words":21}')).output).toBe(42);
  });

  it('validates the input with inputSchema before any step runs', async () => {
    let ran = 0;
    const wf = new Workflow({
      name: 'strict',
      inputSchema: z.object({ topic: z.string().min(1) }),
      steps: [step('use', () => ++ran)],
    });
    const error = await wf.run({ topic: '' }).catch((e) => e);
    expect(isWorkflowError(error, 'invalid_input')).toBe(true);
    expect(error.code).toBe('validation_error');
    expect(error.message).toMatch(/topic/);
    expect(ran).toBe(0);
    expect((await wf.run({ topic: 'x' })).status).toBe('completed');
  });

  it('gives an agent step the previous output, or what its input function builds', async () => {
    const model = new ScriptedModel({
      respond: (req) => `saw: ${JSON.stringify(req.messages.at(-1)?.content)}`,
    });
    const agent = new Agent({ name: 'echo', model });
    const wf = new Workflow({
      name: 'inputs',
      steps: [
        step('data', () => ({ a: 1 })),
        agentStep(agent, { name: 'first' }),
        agentStep(agent, { name: 'second', input: (ctx) => `topic=${(ctx.input as { t: string }).t}` }),
      ],
    });
    const result = await wf.run({ t: 'cats' });
    expect(result.outputs.first).toBe('saw: "{\\"a\\":1}"');
    expect(result.outputs.second).toBe('saw: "topic=cats"');
  });
});

describe('build-time errors', () => {
  const noop = (name: string) => step(name, () => undefined);

  it('rejects an empty workflow and empty groups', () => {
    expect(buildError(() => new Workflow({ name: 'empty', steps: [] })).reason).toBe('empty_workflow');
    expect(buildError(() => parallel('p', [])).reason).toBe('empty_workflow');
    expect(buildError(() => sequence('s', [])).reason).toBe('empty_workflow');
    expect(buildError(() => dag('d', [])).reason).toBe('empty_workflow');
    expect(buildError(() => loop('l', { steps: [], until: () => true, maxIterations: 2 })).reason).toBe(
      'empty_workflow',
    );
    expect(buildError(() => router('r', { routes: [], choose: () => 'x' })).reason).toBe('empty_workflow');
  });

  it('rejects two steps with one name anywhere in a workflow, and says where', () => {
    const error = buildError(
      () => new Workflow({ name: 'dup', steps: [noop('a'), parallel('p', [noop('b'), noop('a')])] }),
    );
    expect(error.reason).toBe('duplicate_step');
    expect(error.message).toContain('"a" (at a and p/a)');
    expect(buildError(() => parallel('p', [noop('x'), noop('x')])).reason).toBe('duplicate_step');
    // Two agents left with the default name collide too.
    const model = new ScriptedModel({ turns: ['x'] });
    expect(
      buildError(() => new Workflow({ name: 'agents', steps: [new Agent({ model }), new Agent({ model })] }))
        .reason,
    ).toBe('duplicate_step');
  });

  it('allows one name in a nested workflow and its parent', async () => {
    const inner = new Workflow({ name: 'inner', steps: [step('a', () => 'inner a')] });
    const wf = new Workflow({ name: 'outer', steps: [step('a', () => 'outer a'), inner] });
    expect((await wf.run(undefined)).output).toBe('inner a');
  });

  it('rejects names that cannot be path segments, anonymous functions and bad options', () => {
    expect(buildError(() => step('a/b', () => 1)).reason).toBe('invalid_name');
    expect(buildError(() => step('', () => 1)).reason).toBe('invalid_name');
    expect(buildError(() => new Workflow({ name: 'w', steps: [() => 1] })).reason).toBe('invalid_name');
    expect(buildError(() => step('t', () => 1, { timeoutMs: 0 })).reason).toBe('invalid_option');
    expect(buildError(() => step('t', () => 1, { retries: -1 })).reason).toBe('invalid_option');
    expect(buildError(() => step('t', () => 1, { onFailure: 'ignore' as never })).reason).toBe(
      'invalid_option',
    );
    expect(buildError(() => parallel('p', [noop('a')], { concurrency: 0 })).reason).toBe('invalid_option');
    expect(
      buildError(() => loop('l', { steps: [noop('a')], until: () => true, maxIterations: 0 })).reason,
    ).toBe('invalid_option');
    expect(buildError(() => router('r', { routes: [noop('a')] })).reason).toBe('invalid_option');
    expect(
      buildError(() => condition('c', { when: () => true, run: noop('a'), otherwise: noop('a') })).reason,
    ).toBe('duplicate_step');
    expect(buildError(() => new Workflow({ name: 'w', steps: [42 as never] })).reason).toBe('invalid_option');
  });

  it('rejects a DAG with a cycle, a missing dependency or a duplicate name, naming them', () => {
    const cycle = buildError(() =>
      dag('g', [
        { step: noop('a'), dependsOn: ['c'] },
        { step: noop('b'), dependsOn: ['a'] },
        { step: noop('c'), dependsOn: ['b'] },
      ]),
    );
    expect(cycle.reason).toBe('cycle');
    expect(cycle.message).toMatch(/a → b → c → a|b → c → a → b|c → a → b → c/);
    expect(buildError(() => dag('g', [{ step: noop('a'), dependsOn: ['a'] }])).reason).toBe('cycle');
    const missing = buildError(() => dag('g', [noop('a'), { step: noop('b'), dependsOn: ['a', 'ghost'] }]));
    expect(missing.reason).toBe('missing_dependency');
    expect(missing.message).toContain('"b" depends on "ghost"');
    expect(buildError(() => dag('g', [noop('a'), noop('a')])).reason).toBe('duplicate_step');
  });

  it('is an AgnoError with a JSON view', () => {
    const error = buildError(() => new Workflow({ name: 'empty', steps: [] }));
    expect(isAgnoError(error, 'config_error')).toBe(true);
    expect(error.toJSON()).toEqual({
      name: 'WorkflowError',
      code: 'config_error',
      reason: 'empty_workflow',
      message: 'workflow "empty" has no steps',
      retryable: false,
    });
  });
});
