import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel } from './fixtures/index.js';
import { Agent, BlockedError, composeHooks, EventBus } from './index.js';

describe('hooks', () => {
  it('calls before and after hooks around every model and tool call', async () => {
    const log: string[] = [];
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 1 } }] }, 'two'],
    });
    const agent = new Agent({
      model,
      tools: [addTool],
      hooks: {
        beforeModelCall: (c) => void log.push(`before-model-${c.round}`),
        afterModelCall: (c) => void log.push(`after-model-${c.round}:${c.response.finishReason}`),
        beforeToolCall: (c) => void log.push(`before-tool-${c.toolCall.name}`),
        afterToolCall: (c) => void log.push(`after-tool-${c.record.result}`),
      },
    });
    await agent.run('x');
    expect(log).toEqual([
      'before-model-0',
      'after-model-0:tool_calls',
      'before-tool-add',
      'after-tool-2',
      'before-model-1',
      'after-model-1:stop',
    ]);
  });

  it('a before-model hook can block the run with a reason (guardrail)', async () => {
    const model = new ScriptedModel({ turns: ['secret'] });
    const agent = new Agent({
      model,
      hooks: {
        beforeModelCall: async (c) => {
          const last = c.request.messages.at(-1)!;
          return typeof last.content === 'string' && last.content.includes('password')
            ? { block: 'no passwords' }
            : undefined;
        },
      },
    });
    expect((await agent.run('hello')).text).toBe('secret');
    const error = await agent.run('my password is hunter2').catch((e) => e);
    expect(error).toBeInstanceOf(BlockedError);
    expect(error.message).toContain('no passwords');
    expect(model.calls).toBe(1);
  });

  it('a before-tool hook can block a call; the model gets the reason and the run goes on', async () => {
    let executed = false;
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 1 } }] }, 'ok'],
    });
    const agent = new Agent({
      model,
      tools: [
        {
          ...addTool,
          execute: () => {
            executed = true;
            return 0;
          },
        },
      ],
      hooks: { beforeToolCall: () => ({ block: 'adding is forbidden today' }) },
    });
    const result = await agent.run('x');
    expect(executed).toBe(false);
    expect(result.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'blocked' });
    expect(result.toolCalls[0]!.result).toContain('adding is forbidden today');
    expect(result.text).toBe('ok');
  });
});

describe('addHooks', () => {
  it('runs added hooks after the agent own, lets any of them block, and removes them', async () => {
    const log: string[] = [];
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 1 } }] }, 'two'],
    });
    const agent = new Agent({
      model,
      tools: [addTool],
      hooks: { beforeToolCall: () => void log.push('own') },
    });
    const remove = agent.addHooks({
      beforeToolCall: async () => {
        log.push('added');
        return { block: 'audit says no' };
      },
      afterModelCall: (c) => void log.push(`after-model-${c.round}`),
    });
    const blocked = await agent.run('x');
    expect(log).toEqual(['after-model-0', 'own', 'added', 'after-model-1']);
    expect(blocked.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'blocked' });
    remove();
    log.length = 0;
    const allowed = await agent.run('x');
    expect(log).toEqual(['own']);
    expect(allowed.toolCalls[0]).toMatchObject({ isError: false, result: '2' });
    expect(agent.hooks).toBe(agent.options.hooks);
  });
});

describe('composeHooks', () => {
  it('stays synchronous while every hook is, and waits for async ones in order', async () => {
    const log: string[] = [];
    const sync = composeHooks([
      { beforeToolCall: () => void log.push('a') },
      { beforeToolCall: () => void log.push('b') },
    ])!;
    const ctx = {
      runId: 'r',
      sessionId: undefined,
      agentName: 'x',
      toolCall: { id: '1', name: 't', args: {} },
    };
    expect(sync.beforeToolCall!(ctx)).toBeUndefined();
    expect(log).toEqual(['a', 'b']);
    const mixed = composeHooks([
      { beforeToolCall: async () => void log.push('c') },
      { beforeToolCall: () => ({ block: 'no' }) },
      { beforeToolCall: () => void log.push('never') },
    ])!;
    const decision = mixed.beforeToolCall!(ctx);
    expect(decision).toBeInstanceOf(Promise);
    expect(await decision).toEqual({ block: 'no' });
    expect(log).toEqual(['a', 'b', 'c']);
  });
});

describe('EventBus', () => {
  it('delivers to type listeners then wildcard listeners, and stops after unsubscribe', () => {
    const bus = new EventBus<{ type: 'a'; n: number } | { type: 'b' }>();
    const got: string[] = [];
    const offA = bus.on('a', (e) => got.push(`a${e.n}`));
    bus.on('*', (e) => got.push(`*${e.type}`));
    bus.emit({ type: 'a', n: 1 });
    bus.emit({ type: 'b' });
    offA();
    bus.emit({ type: 'a', n: 2 });
    expect(got).toEqual(['a1', '*a', '*b', '*a']);
    expect(bus.size).toBe(1);
  });

  it('keeps going when a listener throws, and reports the error', () => {
    const bus = new EventBus<{ type: 'x' }>();
    const errors: unknown[] = [];
    bus.onListenerError = (e) => errors.push(e);
    let reached = false;
    bus.on('x', () => {
      throw new Error('bad listener');
    });
    bus.on('x', () => {
      reached = true;
    });
    bus.emit({ type: 'x' });
    expect(reached).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('a throwing subscriber does not break a run', async () => {
    const agent = new Agent({ model: new ScriptedModel({ turns: ['fine'] }) });
    agent.events.on('run-started', () => {
      throw new Error('observer bug');
    });
    expect((await agent.run('x')).text).toBe('fine');
  });
});
