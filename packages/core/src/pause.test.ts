import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './fixtures/index.js';
import { Agent, InMemorySessionStore, type Tool, ValidationError } from './index.js';

function fixtures() {
  const executed: string[] = [];
  const deleteFile: Tool<{ path: string }> = {
    name: 'delete_file',
    description: 'deletes a file',
    parameters: { type: 'object', properties: { path: { type: 'string' } } },
    requiresConfirmation: true,
    execute: ({ path }) => {
      executed.push(`delete ${path}`);
      return `deleted ${path}`;
    },
  };
  const listFiles: Tool = {
    name: 'list_files',
    description: 'lists files',
    parameters: { type: 'object' },
    execute: () => {
      executed.push('list');
      return ['a.txt', 'b.txt'];
    },
  };
  const model = new ScriptedModel({
    turns: [
      {
        toolCalls: [
          { name: 'list_files', id: 'l1' },
          { name: 'delete_file', args: { path: 'a.txt' }, id: 'd1' },
          { name: 'delete_file', args: { path: 'b.txt' }, id: 'd2' },
        ],
      },
      (req) =>
        `done: ${req.messages
          .filter((m) => m.role === 'tool')
          .map((m) => m.content)
          .join(' / ')}`,
    ],
  });
  return { executed, tools: [deleteFile, listFiles], model };
}

describe('tools that need confirmation', () => {
  it('pause the run with the pending calls; continuing runs the approved ones and tells the model the rejections', async () => {
    const { executed, tools, model } = fixtures();
    const agent = new Agent({ model, tools });
    const paused = await agent.run('clean up');
    expect(paused.status).toBe('paused');
    expect(paused.pending!.map((p) => p.toolCall.id)).toEqual(['d1', 'd2']);
    expect(executed).toEqual(['list']);

    const done = await agent.continueRun(paused.paused!, {
      d1: { approved: true },
      d2: { approved: false, reason: 'keep b' },
    });
    expect(done.status).toBe('completed');
    expect(done.runId).toBe(paused.runId);
    expect(executed).toEqual(['list', 'delete a.txt']);
    expect(done.text).toBe('done: ["a.txt","b.txt"] / deleted a.txt / the user rejected this call: keep b');
    expect(done.toolCalls.map((t) => [t.id, t.isError])).toEqual([
      ['l1', false],
      ['d1', false],
      ['d2', true],
    ]);
    expect(done.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'tool',
      'tool',
      'assistant',
    ]);
  });

  it('continue after a restart: a new agent on the same store continues by run id', async () => {
    const store = new InMemorySessionStore();
    const first = fixtures();
    const paused = await new Agent({ model: first.model, tools: first.tools, store }).run('clean', {
      sessionId: 's',
    });
    expect(paused.status).toBe('paused');

    const second = fixtures();
    const restarted = new Agent({ model: second.model, tools: second.tools, store });
    const done = await restarted.continueRun(paused.runId, {
      d1: { approved: true },
      d2: { approved: true },
    });
    expect(done.text).toContain('deleted b.txt');
    expect(second.executed).toEqual(['delete a.txt', 'delete b.txt']);
    expect(await store.loadPausedRun(paused.runId)).toBeUndefined();
    // The completed run is in the session's history.
    expect((await store.listRuns('s'))[0]!.runId).toBe(paused.runId);
  });

  it('refuses to continue without a decision for every pending call, and keeps the paused run', async () => {
    const store = new InMemorySessionStore();
    const { tools, model } = fixtures();
    const agent = new Agent({ model, tools, store });
    const paused = await agent.run('clean');
    await expect(agent.continueRun(paused.runId, { d1: { approved: true } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await store.loadPausedRun(paused.runId)).toBeDefined();
    await expect(agent.continueRun('no-such-run', {})).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the paused state is plain JSON', async () => {
    const { tools, model } = fixtures();
    const paused = await new Agent({ model, tools }).run('clean');
    const revived = JSON.parse(JSON.stringify(paused.paused));
    expect(revived).toEqual(paused.paused);
  });
});

describe('continuing a paused run as a stream', () => {
  it('streams the rest of the run, and can pause again', async () => {
    const store = new InMemorySessionStore();
    const { tools } = fixtures();
    const model = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'delete_file', args: { path: 'a' }, id: 'd1' }] },
        { toolCalls: [{ name: 'delete_file', args: { path: 'b' }, id: 'd2' }] },
        { text: 'all gone', chunkSize: 4 },
      ],
    });
    const agent = new Agent({ model, tools, store });
    const first = await agent.run('clean', { sessionId: 's' });
    expect(first.pending!.map((p) => p.toolCall.id)).toEqual(['d1']);

    const events: string[] = [];
    const again = agent.continueStream(first.runId, { d1: { approved: true } });
    for await (const e of again) events.push(e.type);
    const second = await again.result;
    expect(second.status).toBe('paused');
    expect(events).toContain('run-paused');
    expect(second.pending!.map((p) => p.toolCall.id)).toEqual(['d2']);
    // Paused again: the store holds the new pause under the same run id.
    expect((await store.loadPausedRun(first.runId))!.pending[0]!.toolCall.id).toBe('d2');

    let text = '';
    for await (const chunk of agent.continueStream(
      first.runId,
      { d2: { approved: true } },
      { textOnly: true },
    ))
      text += chunk;
    expect(text).toBe('all gone');
    expect(await store.loadPausedRun(first.runId)).toBeUndefined();
    const [run] = await store.listRuns('s');
    expect(run!.toolCalls.map((t) => t.result)).toEqual(['deleted a', 'deleted b']);
  });

  it('ends the stream and rejects the result when the paused run does not exist', async () => {
    const agent = new Agent({
      model: new ScriptedModel({ turns: ['x'] }),
      store: new InMemorySessionStore(),
    });
    const stream = agent.continueStream('missing', {});
    let events = 0;
    for await (const _ of stream) events++;
    expect(events).toBe(0);
    await expect(stream.result).rejects.toMatchObject({ code: 'not_found' });
  });
});
