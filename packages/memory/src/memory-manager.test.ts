import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type AgentEvent, type BackgroundErrorEvent, ModelError, ValidationError } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { InMemoryStore } from './in-memory-store.js';
import { MemoryManager } from './memory-manager.js';
import { SqliteStore } from './sqlite/index.js';
import { wordGroupEmbedder } from './testing/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-memory-manager-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const changes = (add: string[], update: { id: string; memory: string }[] = [], del: string[] = []) =>
  JSON.stringify({
    add: add.map((memory) => ({ memory, topics: [] })),
    update: update.map((u) => ({ ...u, topics: [] })),
    delete: del,
  });

const ticks = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((r) => setImmediate(r));
};

describe('MemoryManager.extract', () => {
  it('stores what the model extracts, showing it the known memories and the conversation', async () => {
    const store = new InMemoryStore();
    const known = await store.addMemory({ userId: 'u1', memory: 'Lives in Lisbon' });
    const model = new ScriptedModel({ replies: [changes(['Prefers tea to coffee'])] });
    const manager = new MemoryManager({ store, model, guidance: 'Remember drinks.' });
    const result = await manager.extract('u1', [
      { role: 'user', content: 'I always drink tea, never coffee.' },
      { role: 'assistant', content: 'Noted!' },
    ]);
    expect(result.added.map((m) => m.memory)).toEqual(['Prefers tea to coffee']);
    expect((await store.listMemories('u1')).map((m) => m.memory)).toEqual([
      'Prefers tea to coffee',
      'Lives in Lisbon',
    ]);
    const request = model.lastRequest!;
    expect(request.responseFormat?.type).toBe('json_schema');
    expect(request.messages[0]!.content).toContain('Remember drinks.');
    const prompt = request.messages[1]!.content as string;
    expect(prompt).toContain(`[${known.memoryId}] Lives in Lisbon`);
    expect(prompt).toContain('user: I always drink tea, never coffee.');
    expect(prompt).toContain('assistant: Noted!');
  });

  it("updates and deletes the user's known memories, and leaves other users' ids alone", async () => {
    const store = new InMemoryStore();
    const mine = await store.addMemory({ userId: 'u1', memory: 'Lives in Lisbon' });
    const old = await store.addMemory({ userId: 'u1', memory: 'Has a cat' });
    const theirs = await store.addMemory({ userId: 'u2', memory: 'Lives in Oslo' });
    const model = new ScriptedModel({
      replies: [
        `\`\`\`json\n${changes(
          [],
          [
            { id: mine.memoryId, memory: 'Lives in Porto' },
            { id: theirs.memoryId, memory: 'hijacked' },
          ],
          [old.memoryId, theirs.memoryId],
        )}\n\`\`\``,
      ],
    });
    const manager = new MemoryManager({ store, model });
    const result = await manager.extract('u1', [
      { role: 'user', content: 'I moved to Porto; the cat is gone.' },
    ]);
    expect(result.updated.map((m) => m.memory)).toEqual(['Lives in Porto']);
    expect(result.deleted).toEqual([old.memoryId]);
    expect(result.ignored).toEqual([theirs.memoryId, theirs.memoryId]);
    expect((await store.listMemories('u1')).map((m) => m.memory)).toEqual(['Lives in Porto']);
    expect(await store.getMemory(theirs.memoryId)).toEqual(theirs);
  });

  it('rejects a reply that is not the JSON asked for, storing nothing', async () => {
    const store = new InMemoryStore();
    const manager = new MemoryManager({
      store,
      model: new ScriptedModel({
        replies: ['I think the user likes tea.', JSON.stringify({ add: [{ topics: 3 }] })],
      }),
    });
    const notJson = manager.extract('u1', [{ role: 'user', content: 'hi' }]);
    await expect(notJson).rejects.toBeInstanceOf(ValidationError);
    const wrongShape = await manager.extract('u1', [{ role: 'user', content: 'hi' }]).catch((e) => e);
    expect(wrongShape).toBeInstanceOf(ValidationError);
    expect(wrongShape.issues).toEqual(['add[0].memory is not a text']);
    expect(await store.listMemories('u1')).toEqual([]);
  });

  it('runs the extractions of one user one at a time, so the second sees what the first added', async () => {
    const store = new InMemoryStore();
    const model = new ScriptedModel({ replies: [changes(['Likes jazz']), changes([])] });
    const manager = new MemoryManager({ store, model });
    await Promise.all([
      manager.extract('u1', [{ role: 'user', content: 'I like jazz' }]),
      manager.extract('u1', [{ role: 'user', content: 'I like jazz a lot' }]),
    ]);
    expect(model.requests[1]!.messages[1]!.content).toContain('Likes jazz');
    expect(await store.listMemories('u1')).toHaveLength(1);
  });
});

describe('MemoryManager with an agent', () => {
  it("puts the user's memories into the system prompt of each run, and none for a run without a user", async () => {
    const store = new InMemoryStore();
    await store.addMemory({ userId: 'u1', memory: 'Is called Ada' });
    await store.addMemory({ userId: 'u1', memory: 'Prefers short answers' });
    await store.addMemory({ userId: 'u2', memory: 'Is called Bob' });
    const manager = new MemoryManager({ store, model: new ScriptedModel({ replies: [] }) });
    const model = new ScriptedModel({ respond: 'hello' });
    const agent = new Agent({ model, store, instructions: manager.instructions('Be kind.') });
    await agent.run('hi', { userId: 'u1' });
    const system = model.lastRequest!.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/^Be kind\.\n\n/);
    expect(system.content).toContain('- Prefers short answers\n- Is called Ada');
    expect(system.content).not.toContain('Bob');
    await agent.run('hi');
    expect(model.lastRequest!.messages[0]!.content).toBe('Be kind.');
  });

  it('selects the memories that match the query when one is given (by meaning with an embedder)', async () => {
    const store = new InMemoryStore({
      embedder: wordGroupEmbedder([
        ['coffee', 'espresso', 'drink'],
        ['dog', 'pet'],
      ]),
    });
    await store.addMemory({ userId: 'u1', memory: 'Has a dog' });
    await store.addMemory({ userId: 'u1', memory: 'Drinks espresso' });
    const manager = new MemoryManager({
      store,
      model: new ScriptedModel({ replies: [] }),
      maxInPrompt: 1,
      query: (ctx) => ctx.metadata?.topic as string | undefined,
    });
    const model = new ScriptedModel({ respond: 'ok' });
    const agent = new Agent({
      model,
      store,
      instructions: manager.instructions((ctx) => `Agent ${ctx.agentName}.`),
    });
    await agent.run('what should I drink?', { userId: 'u1', metadata: { topic: 'coffee' } });
    expect(model.lastRequest!.messages[0]!.content).toContain('- Drinks espresso');
    expect(model.lastRequest!.messages[0]!.content).not.toContain('dog');
    await agent.run('walk time', { userId: 'u1', metadata: { topic: 'pet' } });
    expect(model.lastRequest!.messages[0]!.content).toContain('- Has a dog');
  });

  it('extracts after a streamed run without delaying its end; close() waits for the slow extraction', async () => {
    const path = join(dir, `stream-${++n}.db`);
    const store = SqliteStore.open(path);
    const started = deferred();
    const gate = deferred();
    let finished = false;
    const extractor = new ScriptedModel({
      respond: async () => {
        started.resolve();
        await gate.promise;
        finished = true;
        return changes(['Prefers tea']);
      },
    });
    const manager = new MemoryManager({ store, model: extractor });
    const agent = new Agent({ model: new ScriptedModel({ respond: 'Noted, tea it is.' }), store });
    manager.attach(agent);
    const order: string[] = [];
    agent.events.on('background-error', (e) => order.push(`background-error ${e.error.message}`));

    const stream = agent.stream('I only drink tea', { sessionId: 's1', userId: 'u1' });
    for await (const event of stream) order.push((event as AgentEvent).type);
    await stream.result;
    order.push('stream ended');
    expect(order.slice(-2)).toEqual(['run-completed', 'stream ended']);
    expect(finished).toBe(false);
    await started.promise;
    expect(await store.listMemories('u1')).toEqual([]);

    let closed = false;
    const closing = agent.close().then(() => {
      closed = true;
    });
    await ticks(20);
    expect(closed).toBe(false);
    expect(finished).toBe(false);
    gate.resolve();
    await closing;
    expect(finished).toBe(true);
    expect(order).not.toContainEqual(expect.stringMatching(/^background-error/));
    const reopened = SqliteStore.open(path);
    expect((await reopened.listMemories('u1')).map((m) => m.memory)).toEqual(['Prefers tea']);
    await reopened.close();
  });

  it('reports a failed extraction as a background-error event; the run itself is unaffected', async () => {
    const store = new InMemoryStore();
    const extractor = new ScriptedModel({
      replies: [{ error: new ModelError('the memory model is down', { code: 'overloaded' }) }, 'not json'],
    });
    const manager = new MemoryManager({ store, model: extractor });
    const agent = new Agent({ model: new ScriptedModel({ respond: 'fine' }), store });
    manager.attach(agent);
    const errors: BackgroundErrorEvent[] = [];
    agent.events.on('background-error', (e) => errors.push(e));
    const first = await agent.run('hello', { sessionId: 's', userId: 'u1' });
    const second = await agent.run('hello again', { sessionId: 's', userId: 'u1' });
    expect(first.text).toBe('fine');
    await manager.idle();
    await agent.close();
    expect(errors.map((e) => [e.runId, e.task, e.error.code])).toEqual([
      [first.runId, 'memory-extraction', 'overloaded'],
      [second.runId, 'memory-extraction', 'validation_error'],
    ]);
  });

  it("learns the run's user from the stored run, else from the agent's defaults, else skips the run", async () => {
    const store = new InMemoryStore();
    const extractor = new ScriptedModel({ respond: changes(['Said hello']) });
    const manager = new MemoryManager({ store, model: extractor });
    const agent = new Agent({
      model: new ScriptedModel({ respond: 'hi' }),
      store,
      defaults: { userId: 'fallback' },
    });
    manager.attach(agent);
    await agent.run('hello', { sessionId: 's1', userId: 'stored-user' });
    await agent.run('hello');
    await manager.idle();
    expect((await store.listMemories('stored-user')).map((m) => m.memory)).toEqual(['Said hello']);
    expect((await store.listMemories('fallback')).map((m) => m.memory)).toEqual(['Said hello']);
    await agent.close();
    const anonymous = new Agent({ model: new ScriptedModel({ respond: 'hi' }) });
    const detach = manager.attach(anonymous);
    await anonymous.run('hello');
    await anonymous.close();
    detach();
    expect(extractor.calls).toBe(2);
  });
});
