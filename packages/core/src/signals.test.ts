import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './fixtures/index.js';
import { Agent, linkSignal, type Tool } from './index.js';
import { raceSignal, SignalScope, sleep } from './utils/index.js';

/** Warnings emitted while `fn` runs (MaxListenersExceededWarning among them). */
async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (w: Error) => seen.push(`${w.name}: ${w.message}`);
  process.on('warning', listener);
  try {
    await fn();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', listener);
  }
  return seen;
}

describe('linkSignal', () => {
  it('calls every link once with the reason; unlinked ones never; links after abort at once', () => {
    const controller = new AbortController();
    const heard: string[] = [];
    const unlinks = [1, 2, 3].map((i) => linkSignal(controller.signal, (r) => heard.push(`${i}:${r}`)));
    unlinks[1]!();
    controller.abort('stop');
    controller.abort('again');
    unlinks[0]!(); // after the abort: harmless
    linkSignal(controller.signal, (r) => heard.push(`late:${r}`));
    expect(heard).toEqual(['1:stop', '3:stop', 'late:stop']);
  });

  it('a thousand scopes, races and sleeps on one long-lived signal warn nothing and leave nothing', async () => {
    const shutdown = new AbortController();
    const warnings = await warningsDuring(async () => {
      const scopes = Array.from(
        { length: 1000 },
        () => new SignalScope(shutdown.signal, { timeoutMs: 60_000 }),
      );
      await Promise.all(scopes.map((s) => s.race(Promise.resolve(1))));
      await Promise.all(
        Array.from({ length: 100 }, () => raceSignal(sleep(1, shutdown.signal), shutdown.signal)),
      );
      for (const s of scopes) s.dispose();
    });
    expect(warnings).toEqual([]);
    // Nothing left linked: aborting now reaches no disposed scope.
    const late = new SignalScope(shutdown.signal);
    shutdown.abort('bye');
    expect(late.signal.reason).toBe('bye');
  });

  it('fifty parallel tool calls with deadlines under one run signal warn nothing', async () => {
    const tool: Tool = {
      name: 'wait',
      description: 'waits',
      parameters: { type: 'object' },
      timeoutMs: 5_000,
      execute: async (_args, ctx) => {
        await sleep(5, ctx.signal);
        return 'ok';
      },
    };
    const calls = Array.from({ length: 50 }, (_, i) => ({ name: 'wait', id: `w${i}`, args: { i } }));
    const agent = new Agent({
      model: new ScriptedModel({ turns: [{ toolCalls: calls }, 'done'] }),
      tools: [tool],
    });
    const controller = new AbortController();
    let text = '';
    const warnings = await warningsDuring(async () => {
      text = (await agent.run('go', { signal: controller.signal, timeoutMs: 30_000 })).text;
    });
    expect(text).toBe('done');
    expect(warnings).toEqual([]);
  });

  it('raceSignal on an aborted signal leaves no unhandled rejection behind', async () => {
    const controller = new AbortController();
    controller.abort('gone');
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      await expect(raceSignal(Promise.reject(new Error('late failure')), controller.signal)).rejects.toBe(
        'gone',
      );
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });
});
