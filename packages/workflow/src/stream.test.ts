import { Agent, type AgentEvent, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { drain, slowAgent, trace } from './fixtures/index.js';
import { parallel, step, Workflow, type WorkflowError, type WorkflowEvent } from './index.js';

const addTool: Tool<{ a: number; b: number }, number> = {
  name: 'add',
  description: 'adds',
  parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  execute: ({ a, b }) => a + b,
};

describe('workflow.stream', () => {
  it('yields workflow and step events in order, with agent events nested in their step', async () => {
    const agent = new Agent({
      name: 'calc',
      model: new ScriptedModel({
        turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] }, { text: 'three' }],
      }),
      tools: [addTool],
    });
    const wf = new Workflow({ name: 'observed', steps: [step('prep', () => 'add 1 and 2'), agent] });
    const { events, result } = await drain(wf.stream(undefined));
    expect(events[0]).toMatchObject({ type: 'workflow-started', workflow: 'observed', resumed: false });
    expect(events.at(-1)).toMatchObject({ type: 'workflow-completed' });
    expect((events.at(-1) as { result: unknown }).result).toBe(result);

    const calcStart = events.findIndex((e) => e.type === 'step-started' && e.path === 'calc');
    const calcDone = events.findIndex((e) => e.type === 'step-completed' && e.path === 'calc');
    const nested = events.filter((e) => e.type === 'agent-event');
    expect(nested.length).toBeGreaterThan(0);
    for (const e of nested) {
      const i = events.indexOf(e);
      expect(i).toBeGreaterThan(calcStart);
      expect(i).toBeLessThan(calcDone);
      expect(e).toMatchObject({ path: 'calc', agent: 'calc' });
    }
    const types = nested.map((e) => (e as { event: AgentEvent }).event.type);
    expect(types[0]).toBe('run-started');
    expect(types).toContain('tool-call-started');
    expect(types).toContain('tool-call-completed');
    expect(types).toContain('text-delta');
    expect(types).toContain('model-call-completed');
    expect(types.at(-1)).toBe('run-completed');
  });

  it('tags events of agents in parallel branches with each branch path', async () => {
    const wf = new Workflow({
      name: 'tags',
      steps: [parallel('p', [slowAgent('x', 'X', 5), slowAgent('y', 'Y', 5)])],
    });
    const { events } = await drain(wf.stream('go'));
    const byPath = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.type !== 'agent-event') continue;
      if (!byPath.has(e.path)) byPath.set(e.path, new Set());
      byPath.get(e.path)!.add(e.agent);
    }
    expect(Object.fromEntries([...byPath].map(([k, v]) => [k, [...v]]))).toEqual({
      'p/x': ['x'],
      'p/y': ['y'],
    });
  });

  it('ends with a workflow-error event when the run fails, and result rejects', async () => {
    const wf = new Workflow({
      name: 'fails',
      steps: [
        step('ok', () => 1),
        step('bad', () => {
          throw new Error('bad step');
        }),
      ],
    });
    const { events, error } = await drain(wf.stream(undefined));
    expect(trace(events)).toEqual(['start:ok', 'done:ok', 'start:bad', 'error:bad']);
    const last = events.at(-1)!;
    expect(last.type).toBe('workflow-error');
    expect((last as { error: WorkflowError }).error).toBe(error);
    expect((error as WorkflowError).result!.outputs.ok).toBe(1);
  });

  it('sends events to the workflow bus for run() too', async () => {
    const wf = new Workflow({ name: 'bus', steps: [step('a', () => 1), slowAgent('b', 'B', 0)] });
    const seen: string[] = [];
    const off = wf.events.on('*', (e) =>
      seen.push(e.type === 'agent-event' ? `agent:${e.event.type}` : e.type),
    );
    await wf.run('x');
    off();
    expect(seen[0]).toBe('workflow-started');
    expect(seen).toContain('agent:run-completed');
    expect(seen.at(-1)).toBe('workflow-completed');
    seen.length = 0;
    await wf.run('x');
    expect(seen).toEqual([]);
  });
});

describe('cancellation', () => {
  function slowPair() {
    const a = slowAgent('a', 'A', 10_000);
    const b = slowAgent('b', 'B', 10_000);
    let fnSignal: AbortSignal | undefined;
    const wf = new Workflow({
      name: 'cancel',
      steps: [
        parallel('p', [
          a,
          b,
          step('fn', (ctx) => {
            fnSignal = ctx.signal;
            return new Promise(() => {});
          }),
        ]),
        step('after', () => 'never'),
      ],
    });
    const signalOf = (agent: Agent) =>
      (agent.model as unknown as { requests: { signal?: AbortSignal }[] }).requests[0]?.signal;
    return { wf, a, b, fnSignal: () => fnSignal, signalOf };
  }

  it('breaking out of the stream cancels every running step and agent', async () => {
    const { wf, a, b, fnSignal, signalOf } = slowPair();
    const stream = wf.stream('go');
    const started = new Set<string>();
    for await (const e of stream) {
      if (e.type === 'agent-event' && e.event.type === 'run-started') started.add(e.path);
      if (started.size === 2 && fnSignal() !== undefined) break;
    }
    const error = (await stream.result.catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('cancelled');
    expect(error.code).toBe('aborted');
    expect(signalOf(a)?.aborted).toBe(true);
    expect(signalOf(b)?.aborted).toBe(true);
    expect(fnSignal()!.aborted).toBe(true);
    const statuses = Object.fromEntries(error.result!.steps.map((s) => [s.path, s.status]));
    expect(statuses).toMatchObject({ 'p/a': 'cancelled', 'p/b': 'cancelled', 'p/fn': 'cancelled' });
    expect(statuses.after).toBeUndefined();
  });

  it('aborting the run signal cancels run() the same way', async () => {
    const { wf, a, fnSignal, signalOf } = slowPair();
    const controller = new AbortController();
    const running = wf.run('go', { signal: controller.signal });
    while (signalOf(a) === undefined || fnSignal() === undefined) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    const error = (await running.catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('cancelled');
    expect(signalOf(a)?.aborted).toBe(true);
    expect(fnSignal()!.aborted).toBe(true);
  });

  it('cancelling during a retry’s backoff ends the wait at once and records the step as cancelled', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const wf = new Workflow({
      name: 'backoff',
      steps: [
        step(
          'flaky',
          () => {
            attempts++;
            setTimeout(() => controller.abort(), 5);
            throw new Error('try later');
          },
          { retries: { max: 3, backoffMs: 60_000 } },
        ),
      ],
    });
    const error = (await wf.run(undefined, { signal: controller.signal }).catch((e) => e)) as WorkflowError;
    expect(error.reason).toBe('cancelled');
    expect(attempts).toBe(1);
    expect(error.result!.steps[0]).toMatchObject({ path: 'flaky', status: 'cancelled', attempts: 1 });
  });

  it('stream.abort() cancels too, and the stream ends', async () => {
    const { wf, fnSignal } = slowPair();
    const stream = wf.stream('go');
    const events: WorkflowEvent[] = [];
    const reading = (async () => {
      for await (const e of stream) events.push(e);
    })();
    while (fnSignal() === undefined) await new Promise((r) => setTimeout(r, 1));
    stream.abort();
    await reading;
    await expect(stream.result).rejects.toMatchObject({ reason: 'cancelled' });
    expect(fnSignal()!.aborted).toBe(true);
  });
});
