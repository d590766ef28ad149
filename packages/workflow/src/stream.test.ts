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

/** Rejects with a clear error instead of hanging when `promise` takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a parallel step of streaming agents, read slowly (backpressure)', () => {
  const BRANCHES = ['north', 'south', 'east', 'west'];

  /** A tool the agents call (several at once per turn); counts its runs. */
  function lookupTool(calls: string[]): Tool<{ q: string }, string> {
    return {
      name: 'lookup',
      description: 'looks a word up',
      parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      execute: async ({ q }) => {
        calls.push(q);
        await pause(1);
        return `facts about ${q}`;
      },
    };
  }

  /** Each agent streams text in small chunks, calls the tool twice at once, then streams its answer. */
  function fanOut(words = 6) {
    const calls: string[] = [];
    const tool = lookupTool(calls);
    const intro = (name: string) => Array.from({ length: words }, (_, i) => `${name}-${i}`).join(' ');
    const agents = BRANCHES.map(
      (name) =>
        new Agent({
          name,
          tools: [tool],
          model: new ScriptedModel({
            chunkSize: 4,
            turns: [
              {
                text: intro(name),
                toolCalls: [
                  { name: 'lookup', args: { q: `${name}-a` } },
                  { name: 'lookup', args: { q: `${name}-b` } },
                ],
              },
              { text: `${name} is done` },
            ],
          }),
        }),
    );
    const wf = new Workflow({
      name: 'fan-out',
      steps: [parallel('all', agents), step('join', (ctx) => Object.keys(ctx.previous as object).length)],
    });
    return { wf, calls, intro };
  }

  /** Per branch path: the agent event types in order, and the text the deltas spell. */
  function perBranch(events: WorkflowEvent[]) {
    const out = new Map<string, { types: string[]; text: string }>();
    for (const e of events) {
      if (e.type !== 'agent-event') continue;
      let b = out.get(e.path);
      if (b === undefined) out.set(e.path, (b = { types: [], text: '' }));
      b.types.push(e.event.type);
      if (e.event.type === 'text-delta') b.text += e.event.text;
    }
    return out;
  }

  /** Reads `stream` waiting `delayMs` per event; tracks how far the run got ahead of the reader. */
  async function readSlowly(wf: Workflow, stream: AsyncIterable<WorkflowEvent>, delayMs: number) {
    let produced = 0;
    let received = 0;
    let maxLag = 0;
    const off = wf.events.on('*', () => {
      produced++;
    });
    const events: WorkflowEvent[] = [];
    try {
      for await (const e of stream) {
        received++;
        maxLag = Math.max(maxLag, produced - received);
        events.push(e);
        await pause(delayMs);
      }
    } finally {
      off();
    }
    return { events, produced, maxLag };
  }

  // The same workflow drained at full speed: what "all events" means.
  async function reference() {
    const { wf } = fanOut();
    const { events, result } = await drain(wf.stream('go'));
    expect((result as { status: string }).status).toBe('completed');
    return perBranch(events);
  }

  for (const bufferSize of [1, 2, 4]) {
    it(`completes with every event when read 5 ms per event, bufferSize ${bufferSize}`, async () => {
      const expected = await reference();
      const { wf, calls, intro } = fanOut();
      const stream = wf.stream('go', { bufferSize });
      const { events, produced, maxLag } = await within(readSlowly(wf, stream, 5), 20_000, 'the slow read');
      const result = await stream.result;

      expect(result.status).toBe('completed');
      expect(result.output).toBe(BRANCHES.length);
      expect(events).toHaveLength(produced);
      expect(events[0]!.type).toBe('workflow-started');
      expect(events.at(-1)!.type).toBe('workflow-completed');
      expect(calls.sort()).toEqual(BRANCHES.flatMap((b) => [`${b}-a`, `${b}-b`]).sort());
      const got = perBranch(events);
      expect([...got.keys()].sort()).toEqual(BRANCHES.map((b) => `all/${b}`).sort());
      for (const name of BRANCHES) {
        const branch = got.get(`all/${name}`)!;
        // every event of every agent arrived: the same events as the unhurried run, the same text
        expect([...branch.types].sort()).toEqual([...expected.get(`all/${name}`)!.types].sort());
        expect(branch.types[0]).toBe('run-started');
        expect(branch.types.at(-1)).toBe('run-completed');
        expect(branch.types.filter((t) => t === 'tool-call-completed')).toHaveLength(2);
        expect(branch.text).toBe(`${intro(name)}${name} is done`);
      }
      for (const name of BRANCHES) {
        expect(events.some((e) => e.type === 'step-completed' && e.path === `all/${name}`)).toBe(true);
      }
      // backpressure held: the run never got further ahead of the reader than the buffer plus
      // one event per waiting producer (the branches and the parallel step itself)
      expect(maxLag).toBeLessThanOrEqual(bufferSize + BRANCHES.length + 1);
    }, 30_000);
  }

  it('abort() while the producers wait on a full buffer ends the run and the stream promptly', async () => {
    const { wf, calls } = fanOut(200);
    let produced = 0;
    const off = wf.events.on('*', () => {
      produced++;
    });
    const stream = wf.stream('go', { bufferSize: 1 });
    const iterator = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 3; i++) expect((await iterator.next()).done).toBe(false);
    // The reader stops reading: wait until every producer is stuck on the full buffer.
    let last = -1;
    while (produced !== last) {
      last = produced;
      await pause(20);
    }
    off();
    const stuckAt = produced;
    expect(stuckAt).toBeLessThan(50); // far from the end (about 1,800 events): the producers wait
    stream.abort();
    const error = (await within(
      stream.result.catch((e) => e),
      5_000,
      'the end of the aborted run',
    )) as WorkflowError;
    expect(error.reason).toBe('cancelled');
    expect(error.code).toBe('aborted');
    expect(await within(iterator.next(), 1_000, 'the end of the stream')).toEqual({
      value: undefined,
      done: true,
    });
    const statuses = new Set(
      error.result!.steps.filter((s) => s.path.startsWith('all/')).map((s) => s.status),
    );
    expect(statuses).toEqual(new Set(['cancelled']));
    expect(calls).toEqual([]); // no agent got as far as its tools
  }, 15_000);

  for (const bufferSize of [1, 2, 4]) {
    it(`breaking out of a slow read while producers wait cancels the run promptly, bufferSize ${bufferSize}`, async () => {
      const { wf } = fanOut(200);
      const stream = wf.stream('go', { bufferSize });
      let read = 0;
      for await (const _ of stream) {
        await pause(5);
        if (++read === 10) break;
      }
      const error = (await within(
        stream.result.catch((e) => e),
        5_000,
        'the end of the run after break',
      )) as WorkflowError;
      expect(error.reason).toBe('cancelled');
      expect(error.code).toBe('aborted');
      expect(error.result!.steps.some((s) => s.path.startsWith('all/') && s.status === 'cancelled')).toBe(
        true,
      );
      // the stream is closed: iterating again yields nothing
      const again: WorkflowEvent[] = [];
      for await (const e of stream) again.push(e);
      expect(again).toEqual([]);
    }, 15_000);
  }
});
