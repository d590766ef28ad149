import { describe, expect, it } from 'vitest';
import { deferred, ScriptedModel } from './fixtures/index.js';
import {
  Agent,
  type AgentEvent,
  ConfigError,
  type HistoryStore,
  InMemorySessionStore,
  type InstructionContext,
  type Tool,
  ValidationError,
} from './index.js';

/** A stand-in for a database client: a class instance with a credential inside. */
class Db {
  constructor(readonly token: string) {}
  lookup(id: string): string {
    return `order ${id}: shipped`;
  }
}

type Ctx = { db: Db; requestId: string };

describe('session state inside tools', () => {
  it('two parallel calls increment one counter atomically: no update is lost', async () => {
    const store = new InMemorySessionStore();
    const started = deferred();
    let waiting = 0;
    const increment: Tool = {
      name: 'increment',
      description: 'adds one to the counter',
      parameters: { type: 'object' },
      execute: async (_args, ctx) => {
        // Both calls read the state before either writes: a read-modify-write here would lose one.
        const before = await ctx.state!.get();
        if (++waiting === 2) started.resolve();
        await started.promise;
        const after = await ctx.state!.update((s) => ({ ...s, count: ((s.count as number) ?? 0) + 1 }));
        return { before: before.count ?? 0, after: after.count };
      },
    };
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'increment', id: 'a' },
            { name: 'increment', id: 'b' },
          ],
        },
        'done',
      ],
    });
    const agent = new Agent({ model, tools: [increment], store });
    const result = await agent.run('count twice', { sessionId: 's1' });
    expect(result.text).toBe('done');
    expect(result.toolCalls.map((c) => JSON.parse(c.result).before)).toEqual([0, 0]);
    expect(result.toolCalls.map((c) => JSON.parse(c.result).after).sort()).toEqual([1, 2]);
    expect((await store.getState('s1')).state).toEqual({ count: 2 });

    // Two more runs at once on the same session: four more increments, none lost.
    waiting = 0;
    await Promise.all([agent.run('again', { sessionId: 's1' }), agent.run('again', { sessionId: 's1' })]);
    expect((await store.getState('s1')).state).toEqual({ count: 6 });
  });

  it('instructions read the state and the run id', async () => {
    const store = new InMemorySessionStore();
    await store.updateState('s1', () => ({ plan: 'gold' }));
    const seen: InstructionContext[] = [];
    const model = new ScriptedModel({ turns: [(req) => String(req.messages[0]!.content)] });
    const agent = new Agent({
      model,
      store,
      instructions: async (ctx) => {
        seen.push(ctx);
        return `The user is on the ${(await ctx.state.get()).plan} plan.`;
      },
    });
    const result = await agent.run('hi', { sessionId: 's1' });
    expect(result.text).toBe('The user is on the gold plan.');
    expect(seen[0]!.runId).toBe(result.runId);
  });

  it('fails with typed errors when the store keeps no state or the run has no session', async () => {
    const historyOnly: HistoryStore = {
      loadHistory: async () => [],
      appendRun: async () => {},
    };
    const reader: Tool = {
      name: 'read',
      description: 'reads the state',
      parameters: { type: 'object' },
      execute: async (_args, ctx) => ctx.state!.get(),
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'read' }] }, 'ok'] });
    const noState = await new Agent({ model, tools: [reader], store: historyOnly }).run('x', {
      sessionId: 's',
    });
    expect(noState.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'config_error' });
    expect(noState.toolCalls[0]!.result).toMatch(/StateStore/);

    const noSession = await new Agent({ model, tools: [reader], store: new InMemorySessionStore() }).run('x');
    expect(noSession.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'validation_error' });
    expect(noSession.toolCalls[0]!.result).toMatch(/sessionId/);

    // The same errors, as classes, when a tool catches them.
    const caught: unknown[] = [];
    const catcher: Tool = {
      name: 'read',
      description: 'reads',
      parameters: { type: 'object' },
      execute: async (_args, ctx) => {
        await ctx.state!.update((s) => s).catch((e) => caught.push(e));
        return 'x';
      },
    };
    await new Agent({ model, tools: [catcher] }).run('x', { sessionId: 's' });
    await new Agent({ model, tools: [catcher], store: new InMemorySessionStore() }).run('x');
    expect(caught[0]).toBeInstanceOf(ConfigError);
    expect(caught[1]).toBeInstanceOf(ValidationError);
  });
});

describe('the run context value', () => {
  it('reaches tools and instructions, and is never stored, streamed or written into a paused run', async () => {
    const store = new InMemorySessionStore();
    const db = new Db('tok-SECRET-4242');
    const lookup: Tool<{ id: string }, string, Ctx> = {
      name: 'lookup',
      description: 'looks an order up',
      parameters: { type: 'object', properties: { id: { type: 'string' } } },
      execute: ({ id }, ctx) => `${ctx.context!.requestId}: ${ctx.context!.db.lookup(id)}`,
    };
    const cancel: Tool<{ id: string }, string, Ctx> = {
      name: 'cancel',
      description: 'cancels an order',
      parameters: { type: 'object', properties: { id: { type: 'string' } } },
      requiresConfirmation: true,
      execute: ({ id }, ctx) =>
        ctx.context === undefined ? 'no context' : `cancelled ${id} as ${ctx.context.requestId}`,
    };
    const model = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'lookup', args: { id: '7' } }] },
        { toolCalls: [{ name: 'cancel', args: { id: '7' } }] },
        (req) => `${String(req.messages[0]!.content)} | ${req.messages.at(-1)!.content}`,
      ],
    });
    const agent = new Agent<Ctx>({
      model,
      store,
      tools: [lookup, cancel],
      instructions: (ctx) => `Serving request ${ctx.context?.requestId}.`,
    });
    const events: AgentEvent[] = [];
    const stream = agent.stream('cancel order 7', { sessionId: 's', context: { db, requestId: 'req-1' } });
    for await (const e of stream) events.push(e);
    const paused = await stream.result;
    expect(paused.status).toBe('paused');
    expect(paused.toolCalls[0]!.result).toBe('req-1: order 7: shipped');
    const pausedJSON = JSON.stringify(paused.paused);
    expect(pausedJSON).not.toContain('SECRET');
    expect(Object.keys(paused.paused!)).not.toContain('context');
    expect(JSON.stringify(events.filter((e) => e.type !== 'run-paused'))).not.toContain('SECRET');

    // The context is passed again to continue: the continued run's tools and the answer see it.
    const done = await agent.continueRun(
      paused.paused!,
      { [paused.pending![0]!.toolCall.id]: { approved: true } },
      { context: { db, requestId: 'req-2' } },
    );
    expect(done.text).toBe('Serving request req-1. | cancelled 7 as req-2');
    const stored = JSON.stringify(await store.listRuns('s'));
    expect(stored).toContain('cancelled 7 as req-2');
    expect(stored).not.toContain('SECRET');
    expect(stored).not.toContain('"context"');
  });

  it('is left out when the continue does not pass it again', async () => {
    const cancel: Tool = {
      name: 'cancel',
      description: 'cancels',
      parameters: { type: 'object' },
      requiresConfirmation: true,
      execute: (_args, ctx) => (ctx.context === undefined ? 'no context' : 'context'),
    };
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'cancel', id: 'c' }] }, (req) => String(req.messages.at(-1)!.content)],
    });
    const agent = new Agent({ model, tools: [cancel] });
    const paused = await agent.run('go', { context: { user: 'u' } });
    const done = await agent.continueRun(paused.paused!, { c: { approved: true } });
    expect(done.text).toBe('no context');
  });
});

describe('raw tool results', () => {
  class Money {
    constructor(
      readonly amount: number,
      readonly currency: string,
    ) {}
  }

  it('keep what the tool returned beside the JSON text the model read, and never serialise it', async () => {
    const store = new InMemorySessionStore();
    const when = new Date('2026-01-02T03:04:05.000Z');
    const price: Tool = {
      name: 'price',
      description: 'a price',
      parameters: { type: 'object' },
      execute: () => new Money(5, 'EUR'),
    };
    const date: Tool = {
      name: 'date',
      description: 'a date',
      parameters: { type: 'object' },
      execute: () => when,
    };
    const approve: Tool = {
      name: 'approve',
      description: 'needs a person',
      parameters: { type: 'object' },
      requiresConfirmation: true,
      execute: () => 'approved',
    };
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'price', id: 'p' },
            { name: 'date', id: 'd' },
          ],
        },
        {
          toolCalls: [
            { name: 'price', id: 'p2' },
            { name: 'approve', id: 'a' },
          ],
        },
        'ok',
      ],
    });
    const agent = new Agent({ model, tools: [price, date, approve], store });
    const events: AgentEvent[] = [];
    const stream = agent.stream('go', { sessionId: 's' });
    for await (const e of stream) events.push(e);
    const paused = await stream.result;

    const [p, d] = paused.toolCalls;
    expect(p!.raw).toBeInstanceOf(Money);
    expect(p!.result).toBe('{"amount":5,"currency":"EUR"}');
    expect(d!.raw).toBe(when);
    expect(d!.result).toBe(JSON.stringify(when));
    const completed = events.filter((e) => e.type === 'tool-call-completed');
    expect(completed[0]!.raw).toBeInstanceOf(Money);
    expect(completed[1]!.raw).toBe(when);

    // JSON of the result, the events and the paused run carries `result` only.
    expect(JSON.stringify(paused)).not.toContain('"raw"');
    expect(JSON.stringify(events)).not.toContain('"raw"');
    expect(paused.paused!.done[0]).toEqual({ ...paused.paused!.done[0] });
    expect(structuredClone(paused.paused!).done[0]).not.toHaveProperty('raw');

    const done = await agent.continueRun(paused.runId, { a: { approved: true } });
    expect(done.toolCalls.at(-1)!.raw).toBe('approved');
    const stored = JSON.stringify(await store.listRuns('s'));
    expect(stored).toContain('EUR');
    expect(stored).not.toContain('"raw"');
  });

  it('keep a value JSON cannot represent on the record; the model reads its JSON text', async () => {
    const cyclic: Record<string, unknown> = { name: 'node' };
    cyclic.toJSON = () => ({ name: 'node' });
    cyclic.self = cyclic;
    const tool: Tool = {
      name: 'graph',
      description: 'a graph',
      parameters: { type: 'object' },
      execute: () => cyclic,
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'graph' }] }, 'ok'] });
    const result = await new Agent({ model, tools: [tool] }).run('go');
    expect(result.toolCalls[0]!.raw).toBe(cyclic);
    expect(result.toolCalls[0]!.result).toBe('{"name":"node"}');
    expect(() => JSON.stringify(result)).not.toThrow();
  });
});
