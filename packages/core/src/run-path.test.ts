/**
 * What the run path's fast paths must keep (docs/performance.md): a run without hooks, guards,
 * listeners or a signal awaits the model itself, a synchronous tool returns without a promise,
 * run ids come from a pool, loop detection skips sorting for flat arguments. None of it may
 * change what a caller sees or owns.
 */
import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel, sleep } from './fixtures/index.js';
import {
  AbortedError,
  Agent,
  type AgentEvent,
  canonicalJSON,
  LoopDetectedError,
  type Message,
  type Model,
  ModelError,
  type ModelRequest,
  partialResultOf,
  type RunResult,
  type Tool,
} from './index.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function oneToolAgent(tool: Tool): Agent {
  return new Agent({
    instructions: 'Be brief.',
    tools: [tool],
    model: new ScriptedModel({
      turns: [{ toolCalls: [{ name: tool.name, args: { a: 1, b: 2 } }] }, 'It is 3.'],
    }),
  });
}

/** A result without its timings (which differ from run to run). */
function shape(result: RunResult) {
  return {
    text: result.text,
    // Call ids come from the model's counter: left out.
    messages: result.messages.map((m) =>
      m.role === 'assistant'
        ? { ...m, toolCalls: undefined }
        : m.role === 'tool'
          ? { ...m, toolCallId: undefined }
          : m,
    ),
    calls: result.toolCalls.map(({ name, args, result: text, isError, errorCode }) => ({
      name,
      args,
      text,
      isError,
      errorCode,
    })),
  };
}

describe('the run path', () => {
  it('gives every run a distinct random version 4 UUID, across refills of its pool of random bytes', async () => {
    const agent = new Agent({ model: new ScriptedModel({ turns: ['ok'], record: false }) });
    const ids = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const { runId } = await agent.run('hi');
      expect(runId).toMatch(UUID_V4);
      ids.add(runId);
    }
    expect(ids.size).toBe(600);
    const stream = agent.stream('hi');
    expect(stream.runId).toMatch(UUID_V4);
    expect((await stream.result).runId).toBe(stream.runId);
  });

  it("leaves the caller's input and options as they were, and gives each result arrays of its own", async () => {
    const agent = oneToolAgent(addTool as Tool);
    const input: Message[] = Object.freeze([
      Object.freeze({ role: 'user', content: 'What is 1 + 2?' }),
    ]) as Message[];
    const options = Object.freeze({ maxToolRounds: 3 });
    const first = await agent.run(input, options);
    expect(first.text).toBe('It is 3.');
    first.messages.push({ role: 'user', content: 'added by the caller' });
    first.toolCalls.length = 0;
    first.timings.modelCallsMs.push(-1);
    first.timings.toolCallsMs.push(-1);
    first.usage.inputTokens = -1;
    const second = await agent.run(input, options);
    expect(second.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(second.toolCalls).toHaveLength(1);
    expect(second.timings.modelCallsMs).toHaveLength(2);
    expect(second.timings.toolCallsMs).toHaveLength(1);
    expect(second.usage.inputTokens).toBeGreaterThan(0);

    // Runs given no options at all share nothing either.
    const text = new Agent({ model: new ScriptedModel({ turns: ['ok'] }) });
    const a = await text.run('hi');
    expect(a.messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'ok' },
    ]);
    a.timings.toolCallsMs.push(1);
    a.timings.modelCallsMs.push(1);
    a.toolCalls.push(first.toolCalls[0]!);
    a.messages.push({ role: 'user', content: 'added by the caller' });
    const b = await text.run('hi');
    expect(b.timings.toolCallsMs).toEqual([]);
    expect(b.timings.modelCallsMs).toHaveLength(1);
    expect(b.toolCalls).toEqual([]);
    expect(b.messages).toHaveLength(2);
  });

  it('never changes a request after the model returned, on the fast path and with listeners', async () => {
    for (const listen of [false, true]) {
      const kept: { request: ModelRequest; length: number }[] = [];
      const agent = new Agent({
        tools: [addTool as Tool],
        model: new ScriptedModel({
          record: false,
          respond: (request, { turn }) => {
            kept.push({ request, length: request.messages.length });
            return turn === 0 ? { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] } : 'It is 3.';
          },
        }),
      });
      if (listen) agent.events.on('*', () => {});
      await agent.run('What is 1 + 2?');
      expect(kept).toHaveLength(2);
      for (const k of kept) expect(k.request.messages).toHaveLength(k.length);
      expect(kept[0]!.request.tools?.map((t) => t.name)).toEqual(['add']);
    }
  });

  it('gives synchronous and asynchronous tools the same records and conversation', async () => {
    const sync: Tool = { ...(addTool as Tool) };
    const async: Tool = { ...(addTool as Tool), execute: async ({ a, b }: any) => a + b };
    const syncThrows: Tool = {
      ...(addTool as Tool),
      execute: () => {
        throw new Error('no adding today');
      },
    };
    const asyncThrows: Tool = {
      ...(addTool as Tool),
      execute: async () => Promise.reject(new Error('no adding today')),
    };
    const [s, a] = await Promise.all([oneToolAgent(sync).run('add'), oneToolAgent(async).run('add')]);
    expect(shape(s)).toEqual(shape(a));
    expect(s.toolCalls[0]!.raw).toBe(3);
    const [st, at] = await Promise.all([
      oneToolAgent(syncThrows).run('add'),
      oneToolAgent(asyncThrows).run('add'),
    ]);
    expect(shape(st)).toEqual(shape(at));
    expect(st.toolCalls[0]).toMatchObject({
      isError: true,
      errorCode: 'tool_error',
      result: 'no adding today',
    });
  });

  it('ends a run that a synchronous tool stopped, with the stop as its error', async () => {
    const controller = new AbortController();
    const stopper: Tool = {
      ...(addTool as Tool),
      execute: () => {
        controller.abort(new Error('stopped by the tool'));
        return 3;
      },
    };
    const error = await oneToolAgent(stopper)
      .run('add', { signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AbortedError);
  });

  it('ends a plain text run whose model throws or rejects with a ModelError, its partial result and no run left in flight', async () => {
    for (const fail of ['throws', 'rejects'] as const) {
      const model: Model = {
        provider: 'test',
        modelId: 'failing',
        generate: () => {
          if (fail === 'throws') throw new Error(`the model ${fail}`);
          return Promise.reject(new Error(`the model ${fail}`));
        },
        stream: () => ({
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('unused')) }),
        }),
      };
      const agent = new Agent({ model, instructions: 'Be brief.' });
      const error = await agent.run('Hi').catch((e) => e);
      expect(error).toBeInstanceOf(ModelError);
      expect(error.message).toContain(`the model ${fail}`);
      expect(partialResultOf(error)).toMatchObject({
        status: 'error',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      await agent.close(); // waits for runs in flight: resolves only if the failed run ended
      await expect(agent.run('again')).rejects.toMatchObject({ code: 'closed' });
    }
  });

  it('ends a plain text run stopped during its model call as aborted, and serves a listener added meanwhile', async () => {
    /** Answers its first call at once (the agent's tables get built), later ones after `ms`. */
    const slowAfterFirst = (ms: number): Model => {
      let calls = 0;
      return {
        provider: 'test',
        modelId: 'slow',
        generate: async () => {
          if (calls++ > 0) await sleep(ms);
          return { text: `answer ${calls}`, toolCalls: [], finishReason: 'stop' };
        },
        stream: () => ({
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('unused')) }),
        }),
      };
    };
    const agent = new Agent({ model: slowAfterFirst(200) });
    await agent.run('warm up'); // the tables are built: the next run takes the plain path
    const running = agent.run('Hi').catch((e) => e);
    const seen: AgentEvent['type'][] = [];
    agent.events.on('*', (e) => seen.push(e.type));
    await agent.close({ timeoutMs: 1 });
    expect(await running).toBeInstanceOf(AbortedError);
    expect(seen).toEqual(['run-error']);

    const listened = new Agent({ model: slowAfterFirst(5) });
    await listened.run('warm up');
    const result = listened.run('Hi');
    const events: AgentEvent['type'][] = [];
    listened.events.on('*', (e) => events.push(e.type));
    expect((await result).text).toBe('answer 2');
    expect(events).toEqual(['run-completed']);
  });

  it('goes on in the loop when a model asks an agent without tools for a tool', async () => {
    const kept: { request: ModelRequest; length: number }[] = [];
    const agent = new Agent({
      instructions: 'Be brief.',
      model: new ScriptedModel({
        record: false,
        respond: (request, { turn }) => {
          kept.push({ request, length: request.messages.length });
          return turn === 0 ? { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] } : 'No tools here.';
        },
      }),
    });
    const result = await agent.run('What is 1 + 2?');
    // The first request shares the conversation's array on this path: the run copies it before
    // adding the reply, so what the model kept is as it was.
    expect(kept.map((k) => [k.request.messages.length, k.length])).toEqual([
      [2, 2],
      [4, 4],
    ]);
    expect(result.text).toBe('No tools here.');
    expect(result.modelCalls).toBe(2);
    expect(result.toolCalls).toMatchObject([{ name: 'add', isError: true }]);
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('emits every event to a listener added between two runs of the fast path', async () => {
    const agent = oneToolAgent(addTool as Tool);
    await agent.run('add');
    const seen: AgentEvent['type'][] = [];
    agent.events.on('*', (e) => seen.push(e.type));
    await agent.run('add');
    const model = 'model-call-started model-call-completed';
    expect(seen.join(' ')).toBe(
      `run-started ${model} tool-call-started tool-call-completed ${model} run-completed`,
    );
  });

  it('detects a repeated call whatever the order of its argument keys', async () => {
    const agent = new Agent({
      tools: [addTool as Tool],
      defaults: { maxRepeatedToolCalls: 2 },
      model: new ScriptedModel({
        replies: [
          { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
          { toolCalls: [{ name: 'add', args: { b: 2, a: 1 } }] },
          'never reached',
        ],
      }),
    });
    await expect(agent.run('add')).rejects.toBeInstanceOf(LoopDetectedError);

    // Calls that differ anywhere, however deep, are not repeats.
    const different = new Agent({
      tools: [addTool as Tool],
      defaults: { maxRepeatedToolCalls: 2 },
      model: new ScriptedModel({
        replies: [
          { toolCalls: [{ name: 'add', args: { a: 1, b: [2, { c: null }] } }] },
          { toolCalls: [{ name: 'add', args: { a: 1, b: [2, { c: 0 }] } }] },
          { toolCalls: [{ name: 'add', args: { a: 1, b: [2, { c: null, d: 1 }] } }] },
          { toolCalls: [{ name: 'add', args: { a: '1', b: [2, { c: null }] } }] },
          'done',
        ],
      }),
    });
    expect((await different.run('add')).text).toBe('done');
  });

  it('keeps the counts of loop detection in a paused run, and counts on when it continues', async () => {
    const confirm: Tool = { ...(addTool as Tool), name: 'confirm', requiresConfirmation: true };
    const agent = new Agent({
      tools: [addTool as Tool, confirm],
      defaults: { maxRepeatedToolCalls: 2 },
      model: new ScriptedModel({
        replies: [
          { toolCalls: [{ name: 'add', args: { a: 1, b: [2, { c: null }] } }] },
          { toolCalls: [{ name: 'confirm', args: {}, id: 'c1' }] },
          { toolCalls: [{ name: 'add', args: { b: [2, { c: null }], a: 1 } }] },
          'never reached',
        ],
      }),
    });
    const paused = await agent.run('add');
    expect(paused.status).toBe('paused');
    expect(paused.paused!.callCounts).toEqual({
      'add\u0000{"a":1,"b":[2,{"c":null}]}': 1,
      'confirm\u0000{}': 1,
    });
    const error = await agent.continueRun(paused.paused!, { c1: { approved: true } }).catch((e) => e);
    expect(error).toBeInstanceOf(LoopDetectedError);
  });
});

describe('canonicalJSON on flat objects', () => {
  it('writes the same text whatever the key order, as JSON with sorted keys', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ a: 1, b: 'x', c: true, d: null }, '{"a":1,"b":"x","c":true,"d":null}'],
      [{ '10': 1, '2': 2, a: 3 }, '{"10":1,"2":2,"a":3}'],
      [{ a: undefined, b: -0, c: Number.NaN, d: Number.POSITIVE_INFINITY }, '{"b":0,"c":null,"d":null}'],
      [{ 'a"b': '\n', é: 'ü' }, '{"a\\"b":"\\n","é":"ü"}'],
      [{}, '{}'],
    ];
    for (const [value, expected] of cases) {
      expect(canonicalJSON(value)).toBe(expected);
      const reversed = Object.fromEntries(Object.entries(value).reverse());
      expect(canonicalJSON(reversed)).toBe(expected);
      const bare = Object.assign(Object.create(null), value);
      expect(canonicalJSON(bare)).toBe(expected);
    }
    // Values that JSON.stringify writes differently, or not at all, keep their markers.
    expect(canonicalJSON({ a: 1n, b: 2 })).toBe('{"a":"1n","b":2}');
    expect(canonicalJSON({ a: new Date(0) })).toBe('{"a":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJSON({ a: () => 1, b: 2 })).toBe('{"b":2}');
  });
});
