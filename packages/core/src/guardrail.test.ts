import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './fixtures/index.js';
import {
  Agent,
  type AgentEvent,
  BlockedError,
  ConfigError,
  type Guardrail,
  GuardrailBlockedError,
  InMemorySessionStore,
  partialResultOf,
  type Tool,
} from './index.js';

const SECRET = 'hunter2-launch-code';

/** A tool with a side effect: counts its calls. */
function sideEffect(): Tool<{ text: string }, string> & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'send',
    description: 'Sends a message',
    parameters: { type: 'object', properties: { text: { type: 'string' } } },
    calls,
    execute: (args) => {
      calls.push(args.text);
      return `sent ${args.text}`;
    },
  };
}

/** Blocks (or redacts) any text holding SECRET at every text stage. */
const noSecret = (action: 'block' | 'redact', mode?: 'hold' | 'pass-through'): Guardrail => {
  const check = (text: string) =>
    !text.includes(SECRET)
      ? undefined
      : action === 'block'
        ? { block: 'the text holds a launch code', details: { kind: 'launch-code' } }
        : { rewrite: text.replaceAll(SECRET, '[REDACTED]') };
  return { name: 'no-secret', mode, input: check, output: check, afterTool: check };
};

async function collect(stream: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

function textOf(events: AgentEvent[]): string {
  return events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
}

async function storedText(store: InMemorySessionStore, sessionId: string): Promise<string> {
  return JSON.stringify(await store.listRuns(sessionId));
}

describe('guardrails: input', () => {
  it('a blocked input never reaches the model or a tool, and the store keeps none of it (run)', async () => {
    const tool = sideEffect();
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'send', args: { text: 'x' } }] }, 'done'],
    });
    const store = new InMemorySessionStore();
    const agent = new Agent({ model, tools: [tool], store, guardrails: [noSecret('block')] });
    const error = await agent.run(`launch with ${SECRET}`, { sessionId: 's1' }).catch((e) => e);
    expect(error).toBeInstanceOf(GuardrailBlockedError);
    expect(error).toBeInstanceOf(BlockedError);
    expect(error.code).toBe('blocked');
    expect(error.guardrail).toBe('no-secret');
    expect(error.stage).toBe('input');
    expect(error.details).toEqual({ kind: 'launch-code', guardrail: 'no-secret', stage: 'input' });
    expect(error.message).not.toContain(SECRET);
    expect(model.requests).toHaveLength(0);
    expect(tool.calls).toHaveLength(0);
    const runs = await store.listRuns('s1');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.errorCode).toBe('blocked');
    expect(await storedText(store, 's1')).not.toContain(SECRET);
    expect(JSON.stringify(partialResultOf(error))).not.toContain(SECRET);
  });

  it('a blocked input never reaches the model or a tool (stream), and no event carries it', async () => {
    const tool = sideEffect();
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'send', args: { text: 'x' } }] }, 'done'],
    });
    const agent = new Agent({ model, tools: [tool], guardrails: [noSecret('block')] });
    const stream = agent.stream(`launch with ${SECRET}`);
    const events = await collect(stream);
    await expect(stream.result).rejects.toMatchObject({ code: 'blocked', stage: 'input' });
    expect(events.map((e) => e.type)).toEqual(['run-started', 'run-error']);
    expect(model.requests).toHaveLength(0);
    expect(tool.calls).toHaveLength(0);
    const last = events.at(-1)!;
    expect(last.type === 'run-error' && last.partial.messages).toEqual([]);
  });

  it('a rewritten input reaches the model rewritten; the caller’s message object is unchanged', async () => {
    const model = new ScriptedModel({ turns: ['ok'] });
    const agent = new Agent({ model, guardrails: [noSecret('redact')] });
    const message = { role: 'user' as const, content: [{ type: 'text' as const, text: `code ${SECRET}` }] };
    await agent.run([message]);
    expect(JSON.stringify(model.lastRequest!.messages)).toContain('code [REDACTED]');
    expect(JSON.stringify(model.lastRequest!.messages)).not.toContain(SECRET);
    expect(message.content[0]!.text).toBe(`code ${SECRET}`);
  });

  it('a check that throws fails closed: the run ends and nothing ran', async () => {
    const tool = sideEffect();
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'send', args: { text: 'x' } }] }, 'done'],
    });
    const broken: Guardrail = {
      name: 'broken',
      input: () => {
        throw new Error('classifier down');
      },
    };
    const agent = new Agent({ model, tools: [tool] });
    await expect(agent.run('hi', { guardrails: [broken] })).rejects.toMatchObject({ code: 'hook_error' });
    expect(model.requests).toHaveLength(0);
    expect(tool.calls).toHaveLength(0);
  });

  it('rejects a guardrail without a name or a stage', async () => {
    const agent = new Agent({ model: new ScriptedModel({ turns: ['ok'] }) });
    await expect(agent.run('hi', { guardrails: [{ name: 'x' }] })).rejects.toBeInstanceOf(ConfigError);
    await expect(
      agent.run('hi', { guardrails: [{ name: '', input: () => undefined }] }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('guardrails: tools', () => {
  it('a blocked tool call runs no tool of its turn, and its arguments reach neither the stream nor the store', async () => {
    const tool = sideEffect();
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'send', args: { text: 'hello' } },
            { name: 'send', args: { text: SECRET } },
          ],
        },
        'done',
      ],
    });
    const store = new InMemorySessionStore();
    const guard: Guardrail = {
      name: 'tool-policy',
      beforeTool: (call) =>
        JSON.stringify(call.args).includes(SECRET) ? { block: 'the call carries a launch code' } : undefined,
    };
    const agent = new Agent({ model, tools: [tool], store, guardrails: [guard] });
    const stream = agent.stream('go', { sessionId: 's2' });
    const events = await collect(stream);
    await expect(stream.result).rejects.toMatchObject({ code: 'blocked', stage: 'beforeTool' });
    expect(tool.calls).toEqual([]);
    expect(events.some((e) => e.type === 'tool-call-started')).toBe(false);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(await storedText(store, 's2')).not.toContain(SECRET);
  });

  it('beforeTool can rewrite the arguments; afterTool redacts the result before the model and the stream see it', async () => {
    const tool: Tool<{ text: string }, string> = {
      name: 'lookup',
      description: 'Looks up',
      parameters: { type: 'object' },
      execute: (args) => `record for ${args.text}: ${SECRET}`,
    };
    const seen: unknown[] = [];
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'lookup', args: { text: 'ada' } }] }, 'done'],
    });
    const rewrite: Guardrail = {
      name: 'normalise',
      beforeTool: (call) => {
        seen.push(call.args);
        return { args: { text: 'ADA' } };
      },
    };
    const agent = new Agent({ model, tools: [tool], guardrails: [rewrite, noSecret('redact')] });
    const events = await collect(agent.stream('who?'));
    expect(seen).toEqual([{ text: 'ada' }]);
    const toolMessage = model.lastRequest!.messages.find((m) => m.role === 'tool')!;
    expect(toolMessage.content).toBe('record for ADA: [REDACTED]');
    const completed = events.find((e) => e.type === 'tool-call-completed');
    expect(completed).toMatchObject({ result: 'record for ADA: [REDACTED]' });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('afterTool can block: the run ends before the model sees the result', async () => {
    const tool: Tool<{ text: string }, string> = {
      name: 'lookup',
      description: 'Looks up',
      parameters: { type: 'object' },
      execute: () => SECRET,
    };
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'lookup', args: { text: 'a' } }] }, 'done'],
    });
    const store = new InMemorySessionStore();
    const agent = new Agent({ model, tools: [tool], store, guardrails: [noSecret('block')] });
    await expect(agent.run('go', { sessionId: 's3' })).rejects.toMatchObject({ stage: 'afterTool' });
    expect(model.requests).toHaveLength(1);
    expect(await storedText(store, 's3')).not.toContain(SECRET);
  });
});

describe('guardrails: output', () => {
  const answer = `The first part is fine. The code is ${SECRET}. More text follows here.`;

  it('hold: a blocked answer sends no text delta, and the store and the error keep none of it', async () => {
    const model = new ScriptedModel({ chunkSize: 3, turns: [answer] });
    const store = new InMemorySessionStore();
    const agent = new Agent({ model, store, guardrails: [noSecret('block')] });
    const stream = agent.stream('tell me', { sessionId: 's4' });
    const events = await collect(stream);
    const error = await stream.result.catch((e) => e);
    expect(error).toMatchObject({ code: 'blocked', stage: 'output' });
    expect(events.filter((e) => e.type === 'text-delta')).toEqual([]);
    expect(JSON.stringify(events)).not.toContain('first part');
    expect(await storedText(store, 's4')).not.toContain('first part');
    expect(JSON.stringify(partialResultOf(error))).not.toContain(SECRET);
  });

  it('hold: a redacted answer streams redacted, and is stored redacted', async () => {
    const model = new ScriptedModel({ chunkSize: 3, turns: [answer] });
    const store = new InMemorySessionStore();
    const agent = new Agent({ model, store, guardrails: [noSecret('redact')] });
    const stream = agent.stream('tell me', { sessionId: 's5' });
    const events = await collect(stream);
    const expected = answer.replace(SECRET, '[REDACTED]');
    expect(textOf(events)).toBe(expected);
    expect((await stream.result).text).toBe(expected);
    expect(await storedText(store, 's5')).not.toContain(SECRET);
  });

  it('hold: the text of a reply that broke before its check reaches neither the stream nor the store', async () => {
    const model = new ScriptedModel({ chunkSize: 4, turns: [{ text: answer, breakAfterChunks: 5 }] });
    const store = new InMemorySessionStore();
    const agent = new Agent({ model, store, guardrails: [noSecret('block')] });
    const stream = agent.stream('tell me', { sessionId: 's6' });
    const events = await collect(stream);
    await expect(stream.result).rejects.toMatchObject({ code: 'stream_interrupted' });
    expect(textOf(events)).toBe('');
    expect(JSON.stringify(events)).not.toContain('first part');
    expect(await storedText(store, 's6')).not.toContain('first part');
  });

  it('pass-through: text flows sentence by sentence and a block stops the stream mid-way', async () => {
    const model = new ScriptedModel({ chunkSize: 4, turns: [answer] });
    const agent = new Agent({ model, guardrails: [noSecret('block', 'pass-through')] });
    const stream = agent.stream('tell me');
    const events = await collect(stream);
    await expect(stream.result).rejects.toMatchObject({ code: 'blocked', stage: 'output' });
    expect(textOf(events)).toBe('The first part is fine.');
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain('More text');
  });

  it('text-only streams hold too, and a plain run checks the whole answer', async () => {
    const model = new ScriptedModel({ chunkSize: 3, turns: [answer] });
    const agent = new Agent({ model, guardrails: [noSecret('block')] });
    const chunks: string[] = [];
    const stream = agent.stream('tell me', { textOnly: true });
    await expect(
      (async () => {
        for await (const c of stream) chunks.push(c);
      })(),
    ).rejects.toMatchObject({ code: 'blocked' });
    expect(chunks).toEqual([]);
    await expect(agent.run('tell me')).rejects.toMatchObject({ stage: 'output' });
  });
});

describe('guardrails: model calls and composition', () => {
  it('beforeModel blocks before the model is called; afterModel sees each call’s usage', async () => {
    const model = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'send', args: { text: 'a' } }], usage: { inputTokens: 10, outputTokens: 5 } },
        'done',
      ],
    });
    const used: number[] = [];
    const budget: Guardrail = {
      name: 'one-call',
      beforeModel: (ctx) => (ctx.round >= 1 ? { block: 'one model call per run' } : undefined),
      afterModel: (ctx) => void used.push(ctx.callUsage?.totalTokens ?? 0, ctx.usage.totalTokens),
    };
    const agent = new Agent({ model, tools: [sideEffect()], guardrails: [budget] });
    await expect(agent.run('go')).rejects.toMatchObject({ stage: 'beforeModel', guardrail: 'one-call' });
    expect(model.requests).toHaveLength(1);
    expect(used).toEqual([15, 15]);
  });

  it('a run’s guardrails add to the agent’s, for that run only', async () => {
    const log: string[] = [];
    const tag = (name: string): Guardrail => ({ name, input: () => void log.push(name) });
    const agent = new Agent({ model: new ScriptedModel({ turns: ['ok'] }), guardrails: [tag('agent')] });
    await agent.run('a', { guardrails: [tag('run')] });
    await agent.run('b');
    expect(log).toEqual(['agent', 'run', 'agent']);
  });
});
