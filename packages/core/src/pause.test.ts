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
