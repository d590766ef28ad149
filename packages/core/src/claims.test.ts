import { describe, expect, it } from 'vitest';
import { ScriptedModel, sleep } from './fixtures/index.js';
import { Agent, ConflictError, InMemorySessionStore, type RunResult, type Tool } from './index.js';

/** A gated tool that counts its executions (the e-mail that must go out once). */
function gatedMail() {
  const sent: string[] = [];
  const tool: Tool = {
    name: 'send_mail',
    description: 'sends an e-mail',
    parameters: { type: 'object', properties: { to: { type: 'string' } } },
    requiresConfirmation: true,
    execute: async (args) => {
      await sleep(5);
      sent.push((args as { to: string }).to);
      return 'sent';
    },
  };
  return { tool, sent };
}

const script = () =>
  new ScriptedModel({ turns: [{ toolCalls: [{ name: 'send_mail', args: { to: 'ann' } }] }, 'done'] });

function approveAll(result: RunResult) {
  return Object.fromEntries(result.pending!.map((p) => [p.toolCall.id, { approved: true as const }]));
}

describe('one approval executes a tool once', () => {
  it('two concurrent continueRun calls by id: one executes, the other gets a ConflictError', async () => {
    const { tool, sent } = gatedMail();
    const store = new InMemorySessionStore();
    const agent = new Agent({ model: script(), tools: [tool], store });
    const paused = await agent.run('mail ann', { sessionId: 's' });
    const decisions = approveAll(paused);
    const outcomes = await Promise.allSettled([
      agent.continueRun(paused.runId, decisions),
      agent.continueRun(paused.runId, decisions),
    ]);
    expect(sent).toEqual(['ann']);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect(rejected.reason.code).toBe('conflict');
  });

  it('two agent instances over one store, continuing by object and by stream: one executes', async () => {
    const { tool, sent } = gatedMail();
    const store = new InMemorySessionStore();
    const a = new Agent({ model: script(), tools: [tool], store });
    const b = new Agent({ model: script(), tools: [tool], store });
    const paused = await a.run('mail ann', { sessionId: 's' });
    const decisions = approveAll(paused);
    const stream = b.continueStream(paused.paused!, decisions);
    const outcomes = await Promise.allSettled([
      a.continueRun(paused.paused!, decisions),
      (async () => {
        for await (const _ of stream);
        return stream.result;
      })(),
    ]);
    expect(sent).toEqual(['ann']);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    // Continuing the same paused object again, later, is refused the same way.
    await expect(a.continueRun(paused.paused!, decisions)).rejects.toBeInstanceOf(ConflictError);
    expect(sent).toEqual(['ann']);
  });

  it('without a store, the same paused object cannot be continued twice', async () => {
    const { tool, sent } = gatedMail();
    const agent = new Agent({ model: script(), tools: [tool] });
    const paused = await agent.run('mail ann');
    const decisions = approveAll(paused);
    const copy = JSON.parse(JSON.stringify(paused.paused));
    const outcomes = await Promise.allSettled([
      agent.continueRun(paused.paused!, decisions),
      agent.continueRun(copy, decisions),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    await expect(agent.continueRun(paused.paused!, decisions)).rejects.toBeInstanceOf(ConflictError);
    expect(sent).toEqual(['ann']);
  });

  it('checks decisions before claiming: a bad request consumes nothing', async () => {
    const { tool, sent } = gatedMail();
    const store = new InMemorySessionStore();
    const agent = new Agent({ model: script(), tools: [tool], store });
    const paused = await agent.run('mail ann', { sessionId: 's' });
    await expect(agent.continueRun(paused.runId, {})).rejects.toMatchObject({ code: 'validation_error' });
    const result = await agent.continueRun(paused.runId, approveAll(paused));
    expect(result.text).toBe('done');
    expect(sent).toEqual(['ann']);
  });

  it('a run that pauses again can be continued again, and lists what awaits a decision', async () => {
    const { tool, sent } = gatedMail();
    const model = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'send_mail', args: { to: 'ann' } }] },
        { toolCalls: [{ name: 'send_mail', args: { to: 'bob' } }] },
        'both sent',
      ],
    });
    const store = new InMemorySessionStore();
    const agent = new Agent({ model, tools: [tool], store });
    const first = await agent.run('mail both', { sessionId: 's', userId: 'u' });
    expect((await store.listPausedRuns({ userId: 'u' })).map((p) => p.runId)).toEqual([first.runId]);
    expect(await store.listPausedRuns({ sessionId: 'other' })).toEqual([]);
    const second = await agent.continueRun(first.runId, approveAll(first));
    expect(second.status).toBe('paused');
    expect((await store.listPausedRuns({ sessionId: 's' })).map((p) => p.round)).toEqual([
      second.paused!.round,
    ]);
    // The first pause's state is spent: it cannot approve the second pause's call.
    await expect(agent.continueRun(first.paused!, approveAll(first))).rejects.toBeInstanceOf(ConflictError);
    const done = await agent.continueRun(second.runId, approveAll(second));
    expect(done.text).toBe('both sent');
    expect(sent).toEqual(['ann', 'bob']);
    expect(await store.listPausedRuns({ userId: 'u' })).toEqual([]);
  });
});
