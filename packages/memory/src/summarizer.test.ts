import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type BackgroundErrorEvent, type Message } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { InMemoryStore } from './in-memory-store.js';
import { SqliteStore } from './sqlite/index.js';
import { SessionSummarizer, SummarizedStore } from './summarizer.js';
import { testRun } from './testing/fixtures.js';
import { describeMemoryStoreConformance } from './testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-summarizer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const contents = (messages: readonly Message[]) => messages.map((m) => `${m.role}:${m.content as string}`);

describe('SessionSummarizer', () => {
  it('replaces the older part of a long session with a summary in what the agent sends; the full history stays', async () => {
    const store = new InMemoryStore();
    const summaryModel = new ScriptedModel({ replies: ['The user counted from 1 to 3.'] });
    const summarizer = new SessionSummarizer({ store, model: summaryModel, threshold: 6, keepLast: 2 });
    const model = new ScriptedModel({
      respond: (req) => `ok ${(req.messages.at(-1)!.content as string).slice(-1)}`,
    });
    const agent = new Agent({ model, store: summarizer.store, instructions: 'Count.' });
    summarizer.attach(agent);
    for (let i = 1; i <= 3; i++) await agent.run(`say ${i}`, { sessionId: 's' });
    await summarizer.idle();
    expect(summaryModel.calls).toBe(0);
    await agent.run('say 4', { sessionId: 's' });
    await summarizer.idle();
    expect(summaryModel.calls).toBe(1);
    const asked = summaryModel.lastRequest!.messages[1]!.content as string;
    expect(asked).toContain('user: say 1');
    expect(asked).toContain('assistant: ok 3');
    expect(asked).not.toContain('say 4');
    expect((await store.getSession('s'))?.summary).toMatchObject({
      text: 'The user counted from 1 to 3.',
      coveredMessages: 6,
    });

    await agent.run('say 5', { sessionId: 's' });
    expect(contents(model.lastRequest!.messages)).toEqual([
      'system:Count.',
      'system:Summary of the earlier part of this conversation (6 messages):\nThe user counted from 1 to 3.',
      'user:say 4',
      'assistant:ok 4',
      'user:say 5',
    ]);
    expect(await store.loadHistory('s')).toHaveLength(10);
    await agent.close();
  });

  it('merges the summary so far into the next one', async () => {
    const store = new InMemoryStore();
    const summaryModel = new ScriptedModel({ replies: ['first part', 'first and second part'] });
    const summarizer = new SessionSummarizer({ store, model: summaryModel, threshold: 3, keepLast: 2 });
    for (let i = 0; i < 3; i++) await store.appendRun(testRun({ sessionId: 's', input: `q${i}` }));
    expect(await summarizer.maybeSummarize('s')).toMatchObject({ text: 'first part', coveredMessages: 4 });
    expect(await summarizer.maybeSummarize('s')).toBeUndefined();
    for (let i = 3; i < 5; i++) await store.appendRun(testRun({ sessionId: 's', input: `q${i}` }));
    expect(await summarizer.maybeSummarize('s')).toMatchObject({
      text: 'first and second part',
      coveredMessages: 8,
    });
    const asked = summaryModel.lastRequest!.messages[1]!.content as string;
    expect(asked).toMatch(/^Summary so far:\nfirst part\n\nConversation since:\nuser: q2/);
    expect(asked).not.toContain('q1');
    const history = await summarizer.store.loadHistory('s', { limit: 20 });
    expect(contents(history).slice(1)).toEqual(contents((await store.loadHistory('s')).slice(8)));
    expect(history[0]!.content).toContain('first and second part');
  });

  it('cuts at the start of a user turn, so a tool call and its result stay together', async () => {
    const store = new InMemoryStore();
    const summaryModel = new ScriptedModel({ respond: 'summary' });
    const summarizer = new SessionSummarizer({ store, model: summaryModel, threshold: 1, keepLast: 2 });
    await store.appendRun(testRun({ sessionId: 's', input: 'first' }));
    await store.appendRun(testRun({ sessionId: 's', input: 'second', withTool: true }));
    // [user, assistant] + [user, assistant+call, tool, assistant]: keeping 2 would split the tool round.
    const summary = await summarizer.summarize('s');
    expect(summary?.coveredMessages).toBe(2);
    const history = await summarizer.store.loadHistory('s');
    expect(history.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(summaryModel.lastRequest!.messages[1]!.content).not.toContain('second');
    // keepLast 0 covers everything.
    const all = new SessionSummarizer({ store, model: summaryModel, keepLast: 0 });
    expect((await all.summarize('s'))?.coveredMessages).toBe(6);
    expect((await all.store.loadHistory('s')).map((m) => m.role)).toEqual(['system']);
  });

  it('leaves history alone under the threshold and for an unknown session', async () => {
    const store = new InMemoryStore();
    const summaryModel = new ScriptedModel({ respond: 'never' });
    const summarizer = new SessionSummarizer({ store, model: summaryModel });
    await store.appendRun(testRun({ sessionId: 's' }));
    expect(await summarizer.maybeSummarize('s')).toBeUndefined();
    expect(await summarizer.maybeSummarize('unknown')).toBeUndefined();
    expect(await summarizer.store.loadHistory('s')).toEqual(await store.loadHistory('s'));
    expect(summaryModel.calls).toBe(0);
  });

  it('summarises off the streaming path: the stream ends first, close() waits, failures become events', async () => {
    const path = join(dir, 'background.db');
    const store = SqliteStore.open(path);
    const gate = deferred();
    let calls = 0;
    const summaryModel = new ScriptedModel({
      respond: async () => {
        calls++;
        if (calls === 1) throw new Error('summary model failed');
        await gate.promise;
        return 'a slow summary';
      },
    });
    const summarizer = new SessionSummarizer({ store, model: summaryModel, threshold: 2, keepLast: 2 });
    const agent = new Agent({ model: new ScriptedModel({ respond: 'answer' }), store: summarizer.store });
    summarizer.attach(agent);
    const errors: BackgroundErrorEvent[] = [];
    agent.events.on('background-error', (e) => errors.push(e));
    await agent.run('one', { sessionId: 's' });
    await agent.run('two', { sessionId: 's' });
    await summarizer.idle();
    expect(errors.map((e) => [e.task, e.error.message])).toEqual([
      ['session-summary', 'summary model failed'],
    ]);

    const stream = agent.stream('three', { sessionId: 's' });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    await stream.result;
    expect(types.at(-1)).toBe('run-completed');
    expect((await store.getSession('s'))?.summary).toBeUndefined();
    let closed = false;
    const closing = agent.close().then(() => {
      closed = true;
    });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    gate.resolve();
    await closing;
    const reopened = SqliteStore.open(path);
    expect((await reopened.getSession('s'))?.summary).toMatchObject({
      text: 'a slow summary',
      coveredMessages: 4,
    });
    expect(await reopened.loadHistory('s')).toHaveLength(6);
    await reopened.close();
  });
});

describe.each([
  ['InMemoryStore', () => new InMemoryStore()],
  ['SqliteStore', () => SqliteStore.open(':memory:')],
] as const)('summaries over %s leave failed runs out of the count', (_name, open) => {
  it('replaces exactly the covered messages, however many messages failed runs hold', async () => {
    const store = open();
    const runs = [
      testRun({ sessionId: 's' }),
      testRun({ sessionId: 's' }),
      testRun({ sessionId: 's', status: 'error', padding: 8 }),
      testRun({ sessionId: 's' }),
    ];
    for (const r of runs) await store.appendRun(r);
    expect(await store.getSession('s')).toMatchObject({ messageCount: 16, historyMessageCount: 6 });
    await store.saveSummary('s', { text: 'two questions', coveredMessages: 4, updatedAt: 1 });
    const history = await new SummarizedStore(store).loadHistory('s');
    // The summary, then only what it does not cover: the last completed run.
    expect(contents(history.slice(1))).toEqual(contents(runs[3]!.messages));
    expect(history[0]!.content).toContain('two questions');
    await store.close();
  });

  it('does not summarise a session whose history is under the threshold because a failed run was long', async () => {
    const store = open();
    for (const r of [
      testRun({ sessionId: 's' }),
      testRun({ sessionId: 's', status: 'error', padding: 20 }),
      testRun({ sessionId: 's' }),
    ])
      await store.appendRun(r);
    const model = new ScriptedModel({ replies: ['a summary'] });
    const summarizer = new SessionSummarizer({ store, model, threshold: 6, keepLast: 2 });
    expect(await summarizer.maybeSummarize('s')).toBeUndefined();
    expect(model.calls).toBe(0);
    await store.close();
  });
});

describeMemoryStoreConformance(
  'SummarizedStore over InMemoryStore',
  (options) => new SummarizedStore(new InMemoryStore(options)),
);
