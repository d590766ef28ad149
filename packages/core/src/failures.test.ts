import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './fixtures/index.js';
import {
  Agent,
  type AgentEvent,
  AgnoError,
  EventBus,
  HookError,
  InMemorySessionStore,
  type Model,
  type ModelResponse,
  partialResultOf,
  registerSecret,
  type Tool,
} from './index.js';

describe('every run that ends is recorded', () => {
  it('stores a failed run with its status, code and messages; history leaves it out unless asked', async () => {
    const store = new InMemorySessionStore();
    const model = new ScriptedModel({
      replies: [
        'first answer',
        { error: new AgnoError('rate_limited', 'slow down') },
        'third answer',
        'fourth',
      ],
    });
    const agent = new Agent({ model, store });
    await agent.run('one', { sessionId: 's' });
    const error = await agent.run('two', { sessionId: 's' }).catch((e) => e);
    expect(error.code).toBe('rate_limited');
    expect(partialResultOf(error)?.status).toBe('error');
    const runs = await store.listRuns('s');
    expect(runs.map((r) => [r.status, r.errorCode ?? null])).toEqual([
      ['completed', null],
      ['error', 'rate_limited'],
    ]);
    expect(runs[1]!.messages).toEqual([{ role: 'user', content: 'two' }]);
    await agent.run('three', { sessionId: 's' });
    const sent = model.requests.at(-1)!.messages.map((m) => m.content);
    expect(sent).toEqual(['one', 'first answer', 'three']);
    await agent.run('four', { sessionId: 's', includeFailedRuns: true });
    expect(model.requests.at(-1)!.messages.map((m) => m.content)).toContain('two');
  });
});

describe('tool calls keep their identity', () => {
  it('gives parallel calls with empty or duplicate ids unique ids, each result matched to its call', async () => {
    const echo: Tool = {
      name: 'echo',
      description: 'echoes',
      parameters: { type: 'object', properties: { v: { type: 'string' } } },
      execute: (args) => `got ${(args as { v: string }).v}`,
    };
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'echo', args: { v: 'a' }, id: '' },
            { name: 'echo', args: { v: 'b' }, id: '' },
            { name: 'echo', args: { v: 'c' }, id: 'dup' },
            { name: 'echo', args: { v: 'd' }, id: 'dup' },
          ],
        },
        'ok',
      ],
    });
    const result = await new Agent({ model, tools: [echo] }).run('go');
    const second = model.requests[1]!.messages;
    const assistant = second.find((m) => m.role === 'assistant')!;
    const ids = (assistant as { toolCalls: { id: string; args: { v: string } }[] }).toolCalls.map(
      (c) => c.id,
    );
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((id) => id.length > 0)).toBe(true);
    const answers = second.filter((m) => m.role === 'tool') as { toolCallId: string; content: string }[];
    expect(answers.map((m) => m.toolCallId)).toEqual(ids);
    expect(answers.map((m) => m.content)).toEqual(['got a', 'got b', 'got c', 'got d']);
    expect(result.toolCalls.map((r) => r.id)).toEqual(ids);
  });
});

describe('errors are typed everywhere', () => {
  it('an instructions function that throws: a HookError, a run-error event, no leaked listener or timer', async () => {
    const agent = new Agent({
      model: new ScriptedModel({ turns: ['x'] }),
      instructions: () => {
        throw new Error('template broke');
      },
    });
    const controller = new AbortController();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const error = await agent.run('x', { signal: controller.signal, timeoutMs: 60_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(HookError);
    expect(error).toMatchObject({ code: 'hook_error', hook: 'instructions' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(timersBefore);
    const events: AgentEvent[] = [];
    const stream = agent.stream('x', { signal: controller.signal });
    for await (const e of stream) events.push(e);
    await expect(stream.result).rejects.toBeInstanceOf(HookError);
    expect(events.at(-1)).toMatchObject({ type: 'run-error', error: { code: 'hook_error' } });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a hook that throws ends the run with a HookError naming it (and the guarded tool never runs)', async () => {
    let ran = 0;
    const tool: Tool = {
      name: 't',
      description: 't',
      parameters: { type: 'object', properties: {} },
      execute: () => {
        ran++;
        return 'x';
      },
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 't', args: {} }] }, 'done'] });
    for (const hook of ['beforeModelCall', 'afterModelCall', 'beforeToolCall', 'afterToolCall'] as const) {
      const agent = new Agent({
        model,
        tools: [tool],
        hooks: {
          [hook]: () => {
            throw new TypeError(`${hook} bug`);
          },
        },
      });
      const error = await agent.run('x').catch((e) => e);
      expect(error, hook).toBeInstanceOf(HookError);
      expect(error.hook).toBe(hook);
    }
    expect(ran).toBe(1); // only afterToolCall's run executed the tool
  });

  it('a tool that throws a prototype-less object or an Error whose message getter throws is a tool error', async () => {
    const weird = Object.create(null);
    weird.reason = 'odd';
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('getter exploded');
      },
    });
    const cyclic: Record<string, unknown> = { big: 1n };
    cyclic.self = cyclic;
    const throwers: Tool[] = [weird, hostile, cyclic].map((value, i) => ({
      name: `t${i}`,
      description: 'throws',
      parameters: { type: 'object', properties: {} },
      execute: () => {
        throw value;
      },
    }));
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 't0', args: {} },
            { name: 't1', args: {} },
            { name: 't2', args: {} },
          ],
        },
        'carried on',
      ],
    });
    const result = await new Agent({ model, tools: throwers }).run('x');
    expect(result.text).toBe('carried on');
    expect(result.toolCalls.map((r) => [r.isError, r.errorCode])).toEqual([
      [true, 'tool_error'],
      [true, 'tool_error'],
      [true, 'tool_error'],
    ]);
  });

  it('an unexpected internal failure is internal_error, never model_error', async () => {
    const model: Model = {
      provider: 'test',
      modelId: 'broken',
      generate: async () => undefined as unknown as ModelResponse,
      stream: async function* () {},
    };
    const error = await new Agent({ model }).run('x').catch((e) => e);
    expect(error).toBeInstanceOf(AgnoError);
    expect(error.code).toBe('internal_error');
  });

  it('a listener that unsubscribes during delivery does not make the next one miss the event', () => {
    const bus = new EventBus<{ type: 'x' }>();
    const seen: string[] = [];
    const off = bus.on('x', () => {
      seen.push('first');
      off();
    });
    bus.on('x', () => seen.push('second'));
    bus.emit({ type: 'x' });
    bus.emit({ type: 'x' });
    expect(seen).toEqual(['first', 'second', 'second']);
  });
});

describe('secrets stay out of everything a user may print', () => {
  it('keeps keys out of the error, its cause chain, its JSON and the run-error event', async () => {
    const key = 'sk-live-abcdef1234567890ZYXW';
    const gateway = 'gw_live_5f2c9a7e1b3d4c6f8a0b';
    registerSecret(gateway);
    const inner = new Error(`upstream refused ${gateway}`);
    const thrown = Object.assign(new Error(`401 for key ${key}`), {
      headers: { authorization: `Bearer ${key}`, 'x-gateway-key': gateway },
      request: { apiKey: key, url: 'https://api.example/v1' },
      cause: inner,
    });
    const model: Model = {
      provider: 'custom',
      modelId: 'custom',
      generate: () => Promise.reject(thrown),
      stream: async function* () {
        yield* [];
        throw thrown;
      },
    };
    const agent = new Agent({ model });
    const events: AgentEvent[] = [];
    agent.events.on('run-error', (e) => events.push(e));
    const error = await agent.run('x').catch((e) => e);
    const printed = [
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
      inspect(events, { depth: 10 }),
      String(error.stack),
    ];
    for (let c: unknown = error; c instanceof Error; c = c.cause) printed.push(inspect(c, { depth: 10 }));
    for (const text of printed) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(gateway);
    }
    // The cause keeps its class and the parts that are not secret.
    expect(error.cause).toBeInstanceOf(Error);
    expect(inspect(error, { depth: 10 })).toContain('https://api.example/v1');
  });
});
