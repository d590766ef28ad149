import { describe, expect, it } from 'vitest';
import { deferred, ScriptedModel } from './fixtures/index.js';
import { AbortedError, Agent, InMemorySessionStore, TimeoutError, type Toolkit } from './index.js';

describe('timeouts and cancellation', () => {
  it('fails a run that passes its timeoutMs with a TimeoutError', async () => {
    const model = new ScriptedModel({ turns: [{ text: 'late', delayMs: 200 }] });
    const error = await new Agent({ model }).run('x', { timeoutMs: 20 }).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.code).toBe('timeout');
  });

  it('stops a run when its signal aborts', async () => {
    const model = new ScriptedModel({ turns: [{ text: 'late', delayMs: 200 }] });
    const controller = new AbortController();
    const running = new Agent({ model }).run('x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const error = await running.catch((e) => e);
    expect(error).toBeInstanceOf(AbortedError);
  });

  it('does not start a run whose signal is already aborted', async () => {
    const model = new ScriptedModel({ turns: ['x'] });
    const error = await new Agent({ model }).run('x', { signal: AbortSignal.abort() }).catch((e) => e);
    expect(error.code).toBe('aborted');
    expect(model.calls).toBe(0);
  });
});

describe('close', () => {
  it('waits for background work, then closes toolkits and the store', async () => {
    const log: string[] = [];
    const kit: Toolkit = {
      kind: 'toolkit',
      name: 'kit',
      tools: () => [],
      close: () => void log.push('toolkit closed'),
    };
    const store = new InMemorySessionStore();
    const closeStore = store.close.bind(store);
    store.close = async () => {
      log.push('store closed');
      await closeStore();
    };
    const agent = new Agent({ model: new ScriptedModel({ turns: ['x'] }), tools: [kit], store });
    const result = await agent.run('x');
    const gate = deferred();
    agent.runInBackground(result.runId, 'slow', async () => {
      await gate.promise;
      log.push('background done');
    });
    const closing = agent.close();
    setTimeout(() => gate.resolve(), 10);
    await closing;
    expect(log).toEqual(['background done', 'toolkit closed', 'store closed']);
  });

  it('reports background failures as events', async () => {
    const agent = new Agent({ model: new ScriptedModel({ turns: ['x'] }) });
    const seen: string[] = [];
    agent.events.on('background-error', (e) => seen.push(`${e.task}: ${e.error.message}`));
    agent.runInBackground('r1', 'memory', async () => {
      throw new Error('extraction failed');
    });
    await agent.close();
    expect(seen).toEqual(['memory: extraction failed']);
  });

  it('closes toolkits it never resolved, and works with `await using`', async () => {
    let closed = 0;
    const kit: Toolkit = { kind: 'toolkit', name: 'kit', tools: () => [], close: () => void closed++ };
    {
      await using agent = new Agent({ model: new ScriptedModel({ turns: ['x'] }), tools: [kit] });
      expect(agent.name).toBe('agent');
    }
    expect(closed).toBe(1);
  });
});

describe('signals shared by many runs', () => {
  it('leave no listener behind on the caller signal once runs end', async () => {
    const controller = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const { signal } = controller;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, fn: never, opts?: never) => {
      added.push(fn);
      add(type, fn, opts);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, fn: never) => {
      removed.push(fn);
      remove(type, fn);
    }) as typeof signal.removeEventListener;
    const agent = new Agent({ model: new ScriptedModel({ turns: [{ text: 'hi', chunkSize: 1 }] }) });
    for (let i = 0; i < 20; i++) {
      for await (const _ of agent.stream('x', { signal, textOnly: true })) {
      }
      await agent.run('x', { signal, timeoutMs: 1000 });
    }
    expect(added.length).toBe(40);
    expect(new Set(removed)).toEqual(new Set(added));
  });

  it('uses the run id the caller gives', async () => {
    const agent = new Agent({ model: new ScriptedModel({ turns: ['x'] }) });
    expect((await agent.run('x', { runId: 'my-run' })).runId).toBe('my-run');
    const stream = agent.stream('x', { runId: 'my-stream' });
    expect(stream.runId).toBe('my-stream');
    expect((await stream.result.finally(() => {})).runId).toBe('my-stream');
  });
});
