import { describe, expect, it } from 'vitest';
import { addTool, ScriptedModel } from './fixtures/index.js';
import {
  Agent,
  InMemorySessionStore,
  lastMessages,
  type Message,
  messageText,
  type RunRecord,
  StoreError,
} from './index.js';

function record(sessionId: string, runId: string, messages: Message[]): RunRecord {
  return {
    runId,
    sessionId,
    userId: undefined,
    agentName: 'a',
    status: 'completed',
    messages,
    text: '',
    toolCalls: [],
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    timings: { totalMs: 0, firstTokenMs: undefined, modelCallsMs: [], toolCallsMs: [] },
    createdAt: Date.now(),
  };
}

describe('lastMessages', () => {
  it('cuts at a turn boundary: never starts with a tool result or an answer whose question was cut off', () => {
    const msgs: Message[] = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: '', toolCalls: [{ id: '1', name: 't', args: {} }] },
      { role: 'tool', toolCallId: '1', toolName: 't', content: 'r' },
      { role: 'assistant', content: 'a' },
    ];
    expect(lastMessages(msgs, 2)).toEqual([]);
    expect(lastMessages(msgs, 3)).toEqual([]);
    expect(lastMessages(msgs, 4).map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(lastMessages(msgs, undefined)).toHaveLength(4);
    const two: Message[] = [...msgs, { role: 'user', content: 'q2' }, { role: 'assistant', content: 'a2' }];
    expect(lastMessages(two, 5).map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});

describe('InMemorySessionStore', () => {
  it('loads the last N messages or runs of a session, in order', async () => {
    const store = new InMemorySessionStore();
    for (let i = 0; i < 3; i++) {
      await store.appendRun(
        record('s', `r${i}`, [
          { role: 'user', content: `q${i}` },
          { role: 'assistant', content: `a${i}` },
        ]),
      );
    }
    expect((await store.loadHistory('s', { limit: 3 })).map(messageText)).toEqual(['q2', 'a2']);
    expect((await store.loadHistory('s', { limit: 4 })).map(messageText)).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect((await store.loadHistory('s', { limit: 2, unit: 'runs' })).map(messageText)).toEqual([
      'q1',
      'a1',
      'q2',
      'a2',
    ]);
    expect(await store.loadHistory('other')).toEqual([]);
    expect((await store.listRuns('s')).map((r) => r.runId)).toEqual(['r0', 'r1', 'r2']);
  });

  it('updates state atomically and refuses state that is not JSON', async () => {
    const store = new InMemorySessionStore();
    await Promise.all(
      Array.from({ length: 100 }, () => store.updateState('s', (st) => ({ n: ((st.n as number) ?? 0) + 1 }))),
    );
    expect(await store.getState('s')).toEqual({ state: { n: 100 }, version: 100 });
    await expect(store.updateState('s', () => ({ big: 1n }))).rejects.toBeInstanceOf(StoreError);
    await expect(store.updateState('s', () => ({ f: () => 1 }))).rejects.toMatchObject({
      code: 'validation_error',
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(store.updateState('s', () => cyclic)).rejects.toMatchObject({ code: 'validation_error' });
    expect((await store.getState('s')).version).toBe(100);
  });

  it('returns copies of state, so callers cannot change it behind its back', async () => {
    const store = new InMemorySessionStore();
    await store.updateState('s', () => ({ list: [1] }));
    const got = await store.getState('s');
    (got.state.list as number[]).push(2);
    expect((await store.getState('s')).state).toEqual({ list: [1] });
  });

  it('keeps documents by collection, newest first', async () => {
    const store = new InMemorySessionStore();
    await store.putDocument('wf', 'a', { v: 1 });
    await store.putDocument('wf', 'b', { v: 2 });
    await store.putDocument('wf', 'a', { v: 3 });
    expect(await store.getDocument('wf', 'a')).toEqual({ v: 3 });
    expect((await store.listDocuments('wf')).map((d) => d.id)).toEqual(['a', 'b']);
    expect((await store.listDocuments('wf', { limit: 1, offset: 1 })).map((d) => d.id)).toEqual(['b']);
    await store.deleteDocument('wf', 'a');
    expect(await store.getDocument('wf', 'a')).toBeUndefined();
    await expect(store.putDocument('wf', 'x', { n: 1n })).rejects.toMatchObject({ code: 'validation_error' });
  });
});

describe('an agent with a store', () => {
  it('sends the session history to the model and stores each completed run', async () => {
    const store = new InMemorySessionStore();
    const model = new ScriptedModel({
      respond: (req) => `seen ${req.messages.filter((m) => m.role === 'user').length}`,
    });
    const agent = new Agent({ model, store, instructions: 'sys' });
    await agent.run('one', { sessionId: 's' });
    await agent.run('two', { sessionId: 's' });
    const third = await agent.run('three', { sessionId: 's' });
    expect(third.text).toBe('seen 3');
    expect(model.lastRequest!.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    // The result lists only this run's messages; no system prompt is stored.
    expect(third.messages.map(messageText)).toEqual(['three', 'seen 3']);
    const runs = await store.listRuns('s');
    expect(runs).toHaveLength(3);
    expect(runs[2]!.messages.every((m) => m.role !== 'system')).toBe(true);
  });

  it('honours historyLimit in messages and in runs', async () => {
    const store = new InMemorySessionStore();
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 1 } }] }, 'ok'],
    });
    const agent = new Agent({ model, store, tools: [addTool] });
    for (let i = 0; i < 3; i++) await agent.run(`q${i}`, { sessionId: 's' });
    await agent.run('last', { sessionId: 's', historyLimit: 1, historyUnit: 'runs' });
    const sent = model.requests.at(-2)!.messages;
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
    expect(messageText(sent[0]!)).toBe('q2');
    await agent.run('again', { sessionId: 's', historyLimit: 2 });
    // Two messages back would start inside the previous run: history starts at a user turn.
    expect(model.requests.at(-2)!.messages.map((m) => m.role)).toEqual(['user']);
    await agent.run('more', { sessionId: 's', historyLimit: 5 });
    expect(model.requests.at(-2)!.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
    ]);
    await agent.run('none', { sessionId: 's', historyLimit: 0 });
    expect(model.requests.at(-2)!.messages.map((m) => m.role)).toEqual(['user']);
  });

  it('does not store runs without a session id', async () => {
    const store = new InMemorySessionStore();
    await new Agent({ model: new ScriptedModel({ turns: ['x'] }), store }).run('hi');
    expect(await store.listRuns('undefined')).toEqual([]);
  });
});
