import { describe, expect, it } from 'vitest';
import { deferred, ScriptedModel, sleep } from './fixtures/index.js';
import { Agent, type AgentEvent, InMemorySessionStore, partialResultOf, type Tool } from './index.js';

describe('close() loses nothing', () => {
  it('waits for runs in flight and their store writes, then closes the store; refuses new runs', async () => {
    const store = new InMemorySessionStore();
    const log: string[] = [];
    const append = store.appendRun.bind(store);
    store.appendRun = async (run) => {
      await sleep(10);
      await append(run);
      log.push(`stored ${run.status}`);
    };
    const close = store.close.bind(store);
    store.close = async () => {
      log.push('store closed');
      await close();
    };
    const agent = new Agent({
      model: new ScriptedModel({ turns: [{ text: 'slow answer', delayMs: 30 }] }),
      store,
    });
    const running = [agent.run('a', { sessionId: 's' }), agent.run('b', { sessionId: 's' })];
    await sleep(5);
    const closing = agent.close();
    await expect(agent.run('late', { sessionId: 's' })).rejects.toMatchObject({ code: 'closed' });
    const streamed = agent.stream('late too');
    await expect(streamed.result).rejects.toMatchObject({ code: 'closed' });
    const results = await Promise.all(running);
    await closing;
    expect(results.map((r) => r.text)).toEqual(['slow answer', 'slow answer']);
    expect(log).toEqual(['stored completed', 'stored completed', 'store closed']);
  });

  it('with a deadline, stops runs still going (even a stuck tool): aborted, recorded, then closes', async () => {
    const store = new InMemorySessionStore();
    const stuck: Tool = {
      name: 'stuck',
      description: 'never returns',
      parameters: { type: 'object', properties: {} },
      execute: () => deferred().promise,
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'stuck', args: {} }] }, 'never'] });
    const agent = new Agent({ model, tools: [stuck], store });
    const events: AgentEvent[] = [];
    agent.events.on('*', (e) => events.push(e));
    const running = agent.run('go', { sessionId: 's', timeoutMs: 60_000 }).catch((e) => e);
    await sleep(10);
    const started = performance.now();
    await agent.close({ timeoutMs: 20 });
    expect(performance.now() - started).toBeLessThan(1_000);
    const error = await running;
    expect(error.code).toBe('aborted');
    expect(partialResultOf(error)?.status).toBe('error');
    expect(events.map((e) => e.type)).toContain('call-abandoned');
  });

  it('records the aborted run in the store before closing it', async () => {
    const store = new InMemorySessionStore();
    const statuses: string[] = [];
    const append = store.appendRun.bind(store);
    store.appendRun = async (run) => {
      statuses.push(`${run.status}:${run.errorCode}`);
      await append(run);
    };
    const model = new ScriptedModel({ turns: [{ text: 'late', delayMs: 10_000 }] });
    const agent = new Agent({ model, store });
    // A run with a caller's signal (the common case behind a server) ends at close's deadline.
    const running = agent.run('x', { sessionId: 's', signal: new AbortController().signal }).catch((e) => e);
    await sleep(5);
    await agent.close({ timeoutMs: 10 });
    expect((await running).code).toBe('aborted');
    expect(statuses).toEqual(['error:aborted']);
  });

  it('stops a run with no signal or deadline at its next step', async () => {
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'slow', args: {} }] }, 'never reached'],
    });
    const slow: Tool = {
      name: 'slow',
      description: 'slow',
      parameters: { type: 'object', properties: {} },
      execute: () => sleep(40).then(() => 'ok'),
    };
    const agent = new Agent({ model, tools: [slow] });
    const running = agent.run('go').catch((e) => e);
    await sleep(5);
    await agent.close({ timeoutMs: 5 });
    expect((await running).code).toBe('aborted');
    expect(model.calls).toBe(1);
  });

  it('works with await using', async () => {
    const model = new ScriptedModel({ turns: [{ text: 'done', delayMs: 20 }] });
    let pending: Promise<unknown> | undefined;
    {
      await using agent = new Agent({ model });
      pending = agent.run('x');
    }
    await expect(pending).resolves.toMatchObject({ text: 'done' });
  });
});
