import { AgnoError, isAgnoError, TimeoutError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { drain, slowAgent, trace } from './fixtures/index.js';
import { agentStep, parallel, step, Workflow, type WorkflowError } from './index.js';

describe('timeouts', () => {
  it('abandons a step that ignores its signal, with a timeout error, keeping what completed', async () => {
    const wf = new Workflow({
      name: 'stuck',
      steps: [step('first', () => 'kept'), step('hang', () => new Promise(() => {}), { timeoutMs: 20 })],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('step_failed');
    expect(error.code).toBe('timeout');
    expect(error.stepPath).toBe('hang');
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(error.result!.outputs).toEqual({ first: 'kept' });
    expect(error.result!.steps.find((s) => s.path === 'hang')).toMatchObject({
      status: 'failed',
      error: { code: 'timeout', reason: 'step_failed' },
    });
  });

  it('aborts a slow agent step: its model call sees the abort', async () => {
    const agent = slowAgent('slow', 'late', 10_000);
    const wf = new Workflow({ name: 'slow-agent', steps: [agentStep(agent, { timeoutMs: 20 })] });
    const error = (await wf.run('go').catch((e) => e)) as WorkflowError;
    expect(error.code).toBe('timeout');
    const model = agent.model as unknown as { requests: { signal?: AbortSignal }[] };
    expect(model.requests[0]!.signal!.aborted).toBe(true);
  });

  it('a group’s timeout cancels its running steps and fails the group', async () => {
    const signals: AbortSignal[] = [];
    const wait = (name: string) =>
      step(name, (ctx) => {
        signals.push(ctx.signal);
        return new Promise(() => {});
      });
    const wf = new Workflow({
      name: 'group-timeout',
      steps: [parallel('p', [wait('a'), wait('b')], { timeoutMs: 20 })],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.code).toBe('timeout');
    expect(error.stepPath).toBe('p');
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    expect(error.result!.steps.map((s) => [s.path, s.status])).toEqual([
      ['p', 'failed'],
      ['p/a', 'cancelled'],
      ['p/b', 'cancelled'],
    ]);
  });

  it('times each attempt: a retry after a timeout may succeed', async () => {
    let calls = 0;
    const wf = new Workflow({
      name: 'retry-timeout',
      steps: [
        step(
          'flaky',
          async (ctx) => {
            calls++;
            if (calls === 1)
              await new Promise((_, reject) =>
                ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
              );
            return 'second try';
          },
          { timeoutMs: 20, retries: { max: 1, backoffMs: 1 } },
        ),
      ],
    });
    const result = await wf.run(undefined);
    expect(result.output).toBe('second try');
    expect(result.steps[0]!.attempts).toBe(2);
  });
});

describe('retries', () => {
  it('retries with exponential backoff, reporting each failed attempt', async () => {
    const attempts: number[] = [];
    const startTimes: number[] = [];
    const wf = new Workflow({
      name: 'retry',
      steps: [
        step(
          'flaky',
          (ctx) => {
            attempts.push(ctx.attempt);
            startTimes.push(performance.now());
            if (ctx.attempt < 3) throw new AgnoError('rate_limited', 'slow down', { retryable: true });
            return 'ok';
          },
          { retries: { max: 3, backoffMs: 10, factor: 3 } },
        ),
      ],
    });
    const { events, result } = await drain(wf.stream(undefined));
    expect((result as { output: string }).output).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(trace(events)).toEqual([
      'start:flaky',
      'error:flaky:retry',
      'start:flaky',
      'error:flaky:retry',
      'start:flaky',
      'done:flaky',
    ]);
    // waits grow: at least 10 ms, then at least 30 ms (lower bounds only)
    expect(startTimes[1]! - startTimes[0]!).toBeGreaterThanOrEqual(9);
    expect(startTimes[2]! - startTimes[1]!).toBeGreaterThanOrEqual(29);
    const errors = events.filter((e) => e.type === 'step-error');
    expect(errors.map((e) => e.type === 'step-error' && e.error.code)).toEqual([
      'rate_limited',
      'rate_limited',
    ]);
  });

  it('gives up after the last retry, and retryIf can refuse a retry', async () => {
    let calls = 0;
    const wf = new Workflow({
      name: 'give-up',
      steps: [
        step(
          'bad',
          () => {
            calls++;
            throw new Error('always');
          },
          { retries: { max: 2, backoffMs: 1 } },
        ),
      ],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(calls).toBe(3);
    expect(error.code).toBe('tool_error');
    expect(error.result!.steps[0]!.attempts).toBe(3);

    let picky = 0;
    const noRetry = new Workflow({
      name: 'picky',
      steps: [
        step(
          'bad',
          () => {
            picky++;
            throw new AgnoError('auth_error', 'bad key');
          },
          { retries: { max: 5, backoffMs: 1, retryIf: (e) => e.code !== 'auth_error' } },
        ),
      ],
    });
    await expect(noRetry.run(undefined)).rejects.toMatchObject({ code: 'auth_error' });
    expect(picky).toBe(1);
  });

  it('a retried group reuses the steps that completed in it', async () => {
    let a = 0;
    let b = 0;
    const wf = new Workflow({
      name: 'group-retry',
      steps: [
        parallel(
          'p',
          [
            step('a', () => ++a),
            step('b', () => {
              b++;
              if (b === 1) throw new Error('first time');
              return b;
            }),
          ],
          { retries: { max: 1, backoffMs: 1 } },
        ),
      ],
    });
    const result = await wf.run(undefined);
    expect(result.output).toEqual({ a: 1, b: 2 });
    expect(a).toBe(1);
    expect(b).toBe(2);
  });
});

describe('failure policies', () => {
  it('skip: records the failure and goes on with the previous output', async () => {
    const wf = new Workflow({
      name: 'skip',
      steps: [
        step('one', () => 1),
        step(
          'broken',
          () => {
            throw new Error('nope');
          },
          { onFailure: 'skip' },
        ),
        step('three', (ctx) => (ctx.previous as number) + 2),
      ],
    });
    const { events, result } = await drain(wf.stream(undefined));
    expect((result as { output: number }).output).toBe(3);
    expect(trace(events)).toContain('skip:broken:failure');
    const broken = (
      result as { steps: { path: string; status: string; error?: { message: string } }[] }
    ).steps.find((s) => s.path === 'broken');
    expect(broken).toMatchObject({ status: 'skipped', error: { message: 'step "broken" failed: nope' } });
    const err = events.find((e) => e.type === 'step-error');
    expect(err).toMatchObject({ handledBy: 'skip', willRetry: false });
  });

  it('fallback: computes the output from the error', async () => {
    const wf = new Workflow({
      name: 'fallback',
      steps: [
        step(
          'fetch',
          () => {
            throw new AgnoError('rate_limited', 'busy');
          },
          { onFailure: { fallback: (error, ctx) => `cached for ${ctx.input} (${error.code})` } },
        ),
      ],
    });
    const result = await wf.run('cats');
    expect(result.output).toBe('cached for cats (rate_limited)');
    expect(result.steps[0]).toMatchObject({ status: 'completed', error: { code: 'rate_limited' } });
  });

  it('a fallback that throws fails the step with both errors named', async () => {
    const wf = new Workflow({
      name: 'fallback-fails',
      steps: [
        step(
          'fetch',
          () => {
            throw new Error('primary');
          },
          {
            onFailure: {
              fallback: () => {
                throw new Error('secondary');
              },
            },
          },
        ),
      ],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.message).toContain('its fallback: secondary');
  });
});

describe('output schemas', () => {
  it('an output that fails its schema is an invalid_output error, and can be retried or skipped', async () => {
    let calls = 0;
    const schema = z.object({ score: z.number().min(0).max(10) });
    const wf = new Workflow({
      name: 'schema',
      steps: [
        step('first', () => 'kept'),
        step('grade', () => ({ score: ++calls === 1 ? 42 : 7 }), { outputSchema: schema }),
      ],
    });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('invalid_output');
    expect(error.code).toBe('output_validation_error');
    expect(error.message).toMatch(/score/);
    expect(error.result!.outputs.first).toBe('kept');

    calls = 0;
    const retried = new Workflow({
      name: 'schema-retry',
      steps: [
        step('grade', () => ({ score: ++calls === 1 ? 42 : 7 }), {
          outputSchema: schema,
          retries: { max: 1, backoffMs: 1 },
        }),
      ],
    });
    expect((await retried.run(undefined)).output).toEqual({ score: 7 });
  });

  it('on an agent step, the schema asks the model for structured output', async () => {
    const agent = slowAgent('grader', '{"score": 8}', 0);
    const wf = new Workflow({
      name: 'agent-schema',
      steps: [agentStep(agent, { outputSchema: z.object({ score: z.number() }) })],
    });
    const result = await wf.run('grade this');
    expect(result.output).toEqual({ score: 8 });
    const model = agent.model as unknown as { requests: { responseFormat?: { type: string } }[] };
    expect(model.requests[0]!.responseFormat?.type).toBe('json_schema');
  });
});

describe('errors from agents', () => {
  it('an agent step whose model fails ends in a typed error with the agent run kept', async () => {
    const { ScriptedModel } = await import('@agno/models-mock');
    const { Agent, ModelError } = await import('@agno/core');
    const agent = new Agent({
      name: 'broken',
      model: new ScriptedModel({
        turns: [{ error: new ModelError('provider down', { code: 'overloaded' }) }],
      }),
    });
    const wf = new Workflow({ name: 'agent-error', steps: [step('prep', () => 'input'), agent] });
    const error = (await wf.run(undefined).catch((e) => e)) as WorkflowError;
    expect(isAgnoError(error, 'overloaded')).toBe(true);
    expect(error.stepPath).toBe('broken');
    expect(error.result!.outputs.prep).toBe('input');
    expect(error.result!.steps.find((s) => s.path === 'broken')!.agentRun).toMatchObject({
      status: 'failed',
      agent: 'broken',
    });
  });
});
