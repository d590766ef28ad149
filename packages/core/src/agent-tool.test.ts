import { describe, expect, it } from 'vitest';
import { deferred, ScriptedModel } from './fixtures/index.js';
import {
  AbortedError,
  Agent,
  type AgentEvent,
  type AgentToolEvent,
  ConflictError,
  InMemorySessionStore,
  RunState,
  type Tool,
} from './index.js';

const usage = (n: number) => ({ inputTokens: n, outputTokens: 1, totalTokens: n + 1 });

/** A sub-agent with one tool, `lookup`, whose answer quotes the tool's result. */
function researcher(options: { confirm?: boolean; executed?: string[]; store?: InMemorySessionStore } = {}) {
  const executed = options.executed ?? [];
  const lookup: Tool<{ q: string }, string> = {
    name: 'lookup',
    description: 'looks something up',
    parameters: { type: 'object', properties: { q: { type: 'string' } } },
    requiresConfirmation: options.confirm,
    execute: ({ q }) => {
      executed.push(q);
      return `facts about ${q}`;
    },
  };
  const model = new ScriptedModel({
    turns: [
      (req) => ({
        toolCalls: [{ name: 'lookup', args: { q: String(req.messages.at(-1)!.content) }, id: 'r1' }],
        usage: usage(100),
      }),
      (req) => ({ text: `found: ${req.messages.at(-1)!.content}`, usage: usage(100) }),
    ],
  });
  const agent = new Agent({
    name: 'researcher',
    description: 'finds facts',
    model,
    tools: [lookup],
    store: options.store,
  });
  return { agent, executed, model };
}

/** A parent whose model asks the researcher once, then answers with what it said. */
function parent(sub: Agent, store?: InMemorySessionStore) {
  const model = new ScriptedModel({
    turns: [
      { toolCalls: [{ name: 'researcher', args: { input: 'otters' }, id: 'p1' }], usage: usage(10) },
      (req) => ({ text: `answer: ${req.messages.at(-1)!.content}`, usage: usage(10) }),
    ],
  });
  return new Agent({ name: 'assistant', model, tools: [sub.asTool()], store });
}

describe('agent.asTool', () => {
  it('runs the sub-agent on the model prompt; its usage adds to the parent result; raw is its output', async () => {
    const { agent: sub, executed } = researcher();
    const result = await parent(sub).run('tell me about otters');
    expect(result.text).toBe('answer: found: facts about otters');
    expect(executed).toEqual(['otters']);
    expect(result.toolCalls[0]).toMatchObject({ name: 'researcher', result: 'found: facts about otters' });
    expect(result.toolCalls[0]!.raw).toBe('found: facts about otters');
    // Parent: 2 model calls of 11 tokens; sub-agent: 2 model calls of 101 tokens.
    expect(result.usage).toEqual({ inputTokens: 220, outputTokens: 4, totalTokens: 224 });
    expect(result.modelCalls).toBe(2);
  });

  it('streams the sub-agent events nested under the parent call, in order and tagged', async () => {
    const { agent: sub } = researcher();
    const events: AgentEvent[] = [];
    const stream = parent(sub).stream('otters?');
    for await (const e of stream) events.push(e);
    const result = await stream.result;
    const trace = events.map((e) =>
      e.type === 'agent-event' ? `${e.agent}@${e.toolCallId}:${e.event.type}` : e.type,
    );
    const start = trace.indexOf('tool-call-started');
    const end = trace.indexOf('tool-call-completed');
    expect(trace.slice(start, end + 1)).toEqual([
      'tool-call-started',
      'researcher@p1:run-started',
      'researcher@p1:model-call-started',
      'researcher@p1:model-call-completed',
      'researcher@p1:tool-call-started',
      'researcher@p1:tool-call-completed',
      'researcher@p1:model-call-started',
      ...trace.slice(start + 7, end - 2).map(() => 'researcher@p1:text-delta'),
      'researcher@p1:model-call-completed',
      'researcher@p1:run-completed',
      'tool-call-completed',
    ]);
    const nested = events.filter((e): e is AgentToolEvent => e.type === 'agent-event');
    expect(nested.every((e) => e.runId === result.runId && e.event.runId !== result.runId)).toBe(true);
    const subDone = nested.at(-1)!.event;
    expect(subDone.type === 'run-completed' && subDone.result.text).toBe('found: facts about otters');
    expect(result.usage.totalTokens).toBe(224);
  });

  it('stops the sub-agent when the parent run is aborted', async () => {
    const entered = deferred();
    let sawAbort = false;
    const slow: Tool = {
      name: 'slow',
      description: 'never ends by itself',
      parameters: { type: 'object' },
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          entered.resolve();
          ctx.signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(ctx.signal.reason);
          });
        }),
    };
    const sub = new Agent({
      name: 'worker',
      model: new ScriptedModel({ turns: [{ toolCalls: [{ name: 'slow' }] }, 'never'] }),
      tools: [slow],
    });
    const subErrors: string[] = [];
    sub.events.on('run-error', (e) => subErrors.push(e.error.code));
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'worker', args: { input: 'work' } }] }, 'done'],
    });
    const controller = new AbortController();
    const run = new Agent({ model, tools: [sub.asTool()] }).run('go', { signal: controller.signal });
    await entered.promise;
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    await expect.poll(() => subErrors, { timeout: 5_000 }).toEqual(['aborted']);
    expect(sawAbort).toBe(true);
  });

  it('pauses the parent on the sub-agent confirmation; one approval runs the nested tool once', async () => {
    const executed: string[] = [];
    const { agent: sub } = researcher({ confirm: true, executed });
    const assistant = parent(sub);
    const paused = await assistant.run('otters?');
    expect(paused.status).toBe('paused');
    expect(paused.pending).toEqual([
      expect.objectContaining({
        toolCall: expect.objectContaining({ id: 'p1/r1', name: 'lookup' }),
        agent: 'researcher',
      }),
    ]);
    expect(executed).toEqual([]);
    // The paused state is plain JSON with the sub-agent's paused run inside; it reads back.
    const json = JSON.parse(JSON.stringify(paused.paused));
    expect(json.nested.p1.agent).toBe('researcher');
    expect(RunState.fromJSON(json).toJSON().nested!.p1!.paused.pending[0]!.toolCall.id).toBe('r1');
    // Usage of the sub-agent's first model call is already counted.
    expect(paused.usage.totalTokens).toBe(11 + 101);

    const decisions = { 'p1/r1': { approved: true } } as const;
    const outcomes = await Promise.allSettled([
      assistant.continueRun(json, decisions),
      assistant.continueRun(json, decisions),
    ]);
    const done = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(executed).toEqual(['otters']);
    const result = (done[0] as PromiseFulfilledResult<Awaited<ReturnType<Agent['run']>>>).value;
    expect(result.text).toBe('answer: found: facts about otters');
    expect(result.usage.totalTokens).toBe(224);
  });

  it('continues a nested pause by run id after a restart, with stores on both agents', async () => {
    const executed: string[] = [];
    const store = new InMemorySessionStore();
    const subStore = new InMemorySessionStore();
    const paused = await parent(researcher({ confirm: true, executed, store: subStore }).agent, store).run(
      'otters?',
      {
        sessionId: 's',
        userId: 'u',
      },
    );
    expect(await subStore.listPausedRuns({ sessionId: 's/researcher' })).toHaveLength(1);
    // A new process: new agents on the same stores.
    const again = parent(researcher({ confirm: true, executed, store: subStore }).agent, store);
    const stream = again.continueStream(paused.runId, { 'p1/r1': { approved: false, reason: 'not now' } });
    const nested: string[] = [];
    for await (const e of stream) if (e.type === 'agent-event') nested.push(e.event.type);
    const result = await stream.result;
    expect(result.text).toBe('answer: found: the user rejected this call: not now');
    expect(executed).toEqual([]);
    expect(nested).toContain('run-completed');
    expect(await subStore.listPausedRuns({ sessionId: 's/researcher' })).toEqual([]);
    await expect(again.continueRun(paused.runId, { 'p1/r1': { approved: true } })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('nests agents in agents: events, usage and a pause travel up two levels', async () => {
    const executed: string[] = [];
    const { agent: inner } = researcher({ confirm: true, executed });
    const middle = new Agent({
      name: 'editor',
      model: new ScriptedModel({
        turns: [
          { toolCalls: [{ name: 'researcher', args: { input: 'owls' }, id: 'm1' }], usage: usage(1000) },
          (req) => ({ text: `edited(${req.messages.at(-1)!.content})`, usage: usage(1000) }),
        ],
      }),
      tools: [inner.asTool()],
    });
    const top = new Agent({
      name: 'chief',
      model: new ScriptedModel({
        turns: [
          { toolCalls: [{ name: 'ask_editor', args: { input: 'owls' }, id: 't1' }], usage: usage(10) },
          (req) => ({ text: `chief: ${req.messages.at(-1)!.content}`, usage: usage(10) }),
        ],
      }),
      tools: [middle.asTool({ name: 'ask_editor', description: 'asks the editor' })],
    });
    const paused = await top.run('owls?');
    expect(paused.pending!.map((p) => [p.toolCall.id, p.agent])).toEqual([['t1/m1/r1', 'editor/researcher']]);

    const stream = top.continueStream(paused.paused!, { 't1/m1/r1': { approved: true } });
    const deep: string[] = [];
    for await (const e of stream) {
      if (e.type === 'agent-event' && e.event.type === 'agent-event') {
        deep.push(`${e.agent}/${e.event.agent}:${e.event.event.type}`);
      }
    }
    const result = await stream.result;
    expect(executed).toEqual(['owls']);
    expect(result.text).toBe('chief: edited(found: facts about owls)');
    expect(deep).toContain('editor/researcher:tool-call-completed');
    expect(deep.at(-1)).toBe('editor/researcher:run-completed');
    expect(result.usage.totalTokens).toBe(2 * 11 + 2 * 1001 + 2 * 101);
  });

  it('takes custom parameters with an input builder and an output extractor', async () => {
    const { agent: sub } = researcher();
    const tool = sub.asTool<{ topic: string; depth: number }>({
      name: 'research',
      parameters: {
        type: 'object',
        properties: { topic: { type: 'string' }, depth: { type: 'number' } },
        required: ['topic', 'depth'],
      },
      inputBuilder: ({ topic, depth }) => `${topic} (depth ${depth})`,
      outputExtractor: (r) => ({ summary: r.text, calls: r.toolCalls.length }),
    });
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'research', args: { topic: 'bees', depth: 2 } }] }, 'ok'],
    });
    const result = await new Agent({ model, tools: [tool] }).run('bees');
    expect(result.toolCalls[0]!.raw).toEqual({ summary: 'found: facts about bees (depth 2)', calls: 1 });
    expect(JSON.parse(result.toolCalls[0]!.result)).toEqual({
      summary: 'found: facts about bees (depth 2)',
      calls: 1,
    });
  });
});
