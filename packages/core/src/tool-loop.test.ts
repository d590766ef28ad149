import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addTool, deferred, ScriptedModel, sleep } from './fixtures/index.js';
import {
  Agent,
  LoopDetectedError,
  MaxToolRoundsError,
  type Message,
  partialResultOf,
  type Tool,
  toolResult,
} from './index.js';

function toolMessages(messages: readonly Message[]) {
  return messages.filter((m): m is Extract<Message, { role: 'tool' }> => m.role === 'tool');
}

describe('the tool-call loop', () => {
  it('runs parallel tool calls of one turn concurrently and answers them in call order', async () => {
    const order: string[] = [];
    const gate = deferred();
    const slow: Tool = {
      name: 'slow',
      description: 'waits for the gate',
      parameters: { type: 'object' },
      execute: async () => {
        order.push('slow-start');
        await gate.promise;
        order.push('slow-end');
        return 'slow done';
      },
    };
    const fast: Tool = {
      name: 'fast',
      description: 'opens the gate',
      parameters: { type: 'object' },
      execute: () => {
        order.push('fast');
        gate.resolve();
        return 'fast done';
      },
    };
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'slow', id: 'c1' },
            { name: 'fast', id: 'c2' },
          ],
        },
        'done',
      ],
    });
    const result = await new Agent({ model, tools: [slow, fast] }).run('go');
    // fast ran while slow was waiting: the calls overlapped.
    expect(order).toEqual(['slow-start', 'fast', 'slow-end']);
    const results = toolMessages(model.requests[1]!.messages);
    expect(results.map((m) => [m.toolCallId, m.content])).toEqual([
      ['c1', 'slow done'],
      ['c2', 'fast done'],
    ]);
    expect(result.text).toBe('done');
  });

  it('bounds how many calls of one turn run at once', async () => {
    let running = 0;
    let peak = 0;
    const tool: Tool = {
      name: 'work',
      description: 'works',
      parameters: { type: 'object' },
      execute: async (args: { i: number }) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        return args.i;
      },
    };
    const calls = Array.from({ length: 6 }, (_, i) => ({ name: 'work', args: { i }, id: `c${i}` }));
    const model = new ScriptedModel({ turns: [{ toolCalls: calls }, 'done'] });
    const result = await new Agent({ model, tools: [tool] }).run('go', { maxParallelToolCalls: 2 });
    expect(peak).toBe(2);
    expect(toolMessages(model.requests[1]!.messages).map((m) => m.content)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(result.toolCalls).toHaveLength(6);
  });

  it('sends a thrown error back to the model as an error result (message, never the stack) and goes on', async () => {
    const boom: Tool = {
      name: 'boom',
      description: 'fails',
      parameters: { type: 'object' },
      execute: () => {
        throw new Error('disk full');
      },
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'boom' }] }, 'sorry'] });
    const result = await new Agent({ model, tools: [boom] }).run('go');
    const [msg] = toolMessages(model.requests[1]!.messages);
    expect(msg).toMatchObject({ isError: true, content: 'disk full' });
    expect(msg!.content).not.toContain('at ');
    expect(result.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'tool_error' });
    expect(result.text).toBe('sorry');
  });

  it('answers an unknown tool name with the list of available tools', async () => {
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'nope' }] }, 'ok'] });
    const result = await new Agent({ model, tools: [addTool] }).run('go');
    expect(result.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'not_found' });
    expect(result.toolCalls[0]!.result).toBe('unknown tool "nope"; available tools: add');
  });

  it('answers arguments that fail validation with the validation message', async () => {
    const schema = z.object({ city: z.string(), days: z.number().int().min(1) }).strict();
    let executed = 0;
    const weather: Tool<z.infer<typeof schema>> = {
      name: 'weather',
      description: 'forecast',
      parameters: z.toJSONSchema(schema) as Record<string, unknown>,
      schema,
      execute: ({ city, days }) => {
        executed++;
        return `${city}:${days}`;
      },
    };
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'weather', args: { city: 'Oslo', days: 'two' }, id: 'wrong-type' },
            { name: 'weather', args: { days: 2 }, id: 'missing' },
            { name: 'weather', args: { city: 'Oslo', days: 2, extra: true }, id: 'unknown-field' },
            { name: 'weather', args: { city: 'Oslo', days: 2 }, id: 'good' },
          ],
        },
        'ok',
      ],
    });
    const result = await new Agent({ model, tools: [weather] }).run('go');
    const byId = Object.fromEntries(result.toolCalls.map((r) => [r.id, r]));
    expect(byId['wrong-type']).toMatchObject({ isError: true, errorCode: 'validation_error' });
    expect(byId['wrong-type']!.result).toMatch(/days: .*number/i);
    expect(byId.missing!.result).toMatch(/city/);
    expect(byId['unknown-field']!.result).toMatch(/extra/);
    expect(byId.good).toMatchObject({ isError: false, result: 'Oslo:2' });
    expect(executed).toBe(1);
  });

  it('answers malformed argument JSON from a provider with a validation error', async () => {
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', rawArgs: '{"a": 1, "b":' }] }, 'ok'],
    });
    const result = await new Agent({ model, tools: [addTool] }).run('go');
    expect(result.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'validation_error' });
    expect(result.toolCalls[0]!.result).toContain('not valid JSON');
  });

  it('turns unserialisable results (circular, BigInt) into tool errors', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const weird: Tool = {
      name: 'weird',
      description: 'returns odd values',
      parameters: { type: 'object' },
      execute: (args: { kind: string }) => (args.kind === 'circular' ? circular : { n: 10n }),
    };
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { name: 'weird', args: { kind: 'circular' } },
            { name: 'weird', args: { kind: 'bigint' } },
          ],
        },
        'ok',
      ],
    });
    const result = await new Agent({ model, tools: [weird] }).run('go');
    expect(result.toolCalls.map((r) => r.isError)).toEqual([true, true]);
    expect(result.toolCalls[0]!.result).toMatch(/not JSON-serialisable/);
    expect(result.text).toBe('ok');
  });

  it('serialises objects as JSON, truncates long results with a visible marker, and keeps attachments', async () => {
    const tools: Tool[] = [
      { name: 'obj', description: '', parameters: { type: 'object' }, execute: () => ({ a: [1, 2] }) },
      {
        name: 'long',
        description: '',
        parameters: { type: 'object' },
        maxResultChars: 10,
        execute: () => 'x'.repeat(100),
      },
      {
        name: 'pic',
        description: '',
        parameters: { type: 'object' },
        execute: () =>
          toolResult('a cat', { attachments: [{ type: 'image', data: 'AAAA', mediaType: 'image/png' }] }),
      },
    ];
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'obj' }, { name: 'long' }, { name: 'pic' }] }, 'ok'],
    });
    await new Agent({ model, tools }).run('go');
    const [obj, long, pic] = toolMessages(model.requests[1]!.messages);
    expect(obj!.content).toBe('{"a":[1,2]}');
    expect(long!.content.startsWith('x'.repeat(10))).toBe(true);
    expect(long!.content).toContain('truncated');
    expect(long!.content.length).toBeLessThan(100);
    expect(pic).toMatchObject({ content: 'a cat', attachments: [{ type: 'image', mediaType: 'image/png' }] });
  });

  it('abandons a tool at its timeout, aborts its signal, and tells the model', async () => {
    let aborted = false;
    const hang: Tool = {
      name: 'hang',
      description: 'never returns',
      parameters: { type: 'object' },
      timeoutMs: 20,
      execute: (_args, ctx) =>
        new Promise(() => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'hang' }] }, 'gave up'] });
    const result = await new Agent({ model, tools: [hang] }).run('go');
    expect(result.toolCalls[0]).toMatchObject({ isError: true, errorCode: 'timeout' });
    expect(result.toolCalls[0]!.result).toMatch(/timed out after 20 ms/);
    expect(aborted).toBe(true);
    expect(result.text).toBe('gave up');
  });

  it('gives tools the run id, session, user, call id and agent', async () => {
    let seen: unknown;
    const probe: Tool = {
      name: 'probe',
      description: '',
      parameters: { type: 'object' },
      execute: (_a, ctx) => {
        seen = {
          runId: ctx.runId,
          sessionId: ctx.sessionId,
          userId: ctx.userId,
          id: ctx.toolCallId,
          agent: ctx.agent.name,
        };
        return 'ok';
      },
    };
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'probe', id: 'p1' }] }, 'ok'] });
    const result = await new Agent({ name: 'bot', model, tools: [probe] }).run('go', {
      sessionId: 's',
      userId: 'u',
    });
    expect(seen).toEqual({ runId: result.runId, sessionId: 's', userId: 'u', id: 'p1', agent: 'bot' });
    expect(result.userId).toBe('u');
  });
});

describe('loop detection and round limits', () => {
  it('stops a run that repeats the same call, whatever the key order of its arguments', async () => {
    const model = new ScriptedModel({
      replies: [
        { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
        { toolCalls: [{ name: 'add', args: { b: 2, a: 1 } }] },
        { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
        'never reached',
      ],
    });
    const agent = new Agent({ model, tools: [addTool] });
    const events: string[] = [];
    agent.events.on('loop-detected', (e) => events.push(`${e.toolName}x${e.repeats}`));
    const error = await agent.run('go').catch((e) => e);
    expect(error).toBeInstanceOf(LoopDetectedError);
    expect(error.code).toBe('loop_detected');
    expect(events).toEqual(['addx3']);
    expect(model.calls).toBe(3);
    expect(partialResultOf(error)!.toolCalls).toHaveLength(2);
  });

  it('lets different arguments through, and can be tuned', async () => {
    const model = new ScriptedModel({
      replies: [
        { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
        { toolCalls: [{ name: 'add', args: { a: 1, b: 3 } }] },
        { toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] },
        'done',
      ],
    });
    const result = await new Agent({ model, tools: [addTool] }).run('go', { maxRepeatedToolCalls: 3 });
    expect(result.text).toBe('done');
  });

  it('treats maxToolRounds as a hard stop the model cannot talk past', async () => {
    let executed = 0;
    const tick: Tool = {
      name: 'tick',
      description: '',
      parameters: { type: 'object' },
      execute: (args: { n: number }) => {
        executed++;
        return args.n;
      },
    };
    const model = new ScriptedModel({
      respond: (_req, info) => ({ toolCalls: [{ name: 'tick', args: { n: info.call } }] }),
    });
    const error = await new Agent({ model, tools: [tick] }).run('go', { maxToolRounds: 3 }).catch((e) => e);
    expect(error).toBeInstanceOf(MaxToolRoundsError);
    expect(error.limit).toBe(3);
    expect(executed).toBe(3);
    expect(model.calls).toBe(4);
  });
});
