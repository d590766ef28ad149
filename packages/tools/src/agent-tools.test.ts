/**
 * Tools through a real core Agent and the ScriptedModel: bad input from the model, failing
 * tools, timeouts, unserialisable results, concurrency and confirmation. Each failure must
 * reach the model as a clear tool error while the run goes on.
 */
import { Agent, AgnoError, InMemorySessionStore } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCalls } from './fixtures/agent.js';
import { tool } from './index.js';

function adder() {
  const calls: unknown[] = [];
  const t = tool({
    name: 'add',
    description: 'Adds two numbers',
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: (args) => {
      calls.push(args);
      return args.a + args.b;
    },
  });
  return { t, calls };
}

describe('bad input from the model', () => {
  it('wrong types: the validation message goes to the model, execute is not called, the run goes on', async () => {
    const { t, calls } = adder();
    const { result, seen } = await runCalls([t], [{ name: 'add', args: { a: 'one', b: 2 } }]);
    expect(result.text).toBe('done');
    expect(seen[0]).toMatchObject({
      isError: true,
      content: 'invalid arguments for "add": a: Invalid input: expected number, received string',
    });
    expect(result.toolCalls[0]!.errorCode).toBe('validation_error');
    expect(calls).toEqual([]);
  });

  it('missing fields are named', async () => {
    const { t } = adder();
    const { seen } = await runCalls([t], [{ name: 'add', args: { a: 1 } }]);
    expect(seen[0]!.content).toBe(
      'invalid arguments for "add": b: Invalid input: expected number, received undefined',
    );
  });

  it('unknown fields are stripped by z.object (execute never sees them) and refused by z.strictObject', async () => {
    const { t, calls } = adder();
    const strict = tool({
      name: 'strict_add',
      description: 'Adds, refusing unknown fields',
      parameters: z.strictObject({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const { seen } = await runCalls(
      [t, strict],
      [
        { name: 'add', args: { a: 1, b: 2, c: 3 } },
        { name: 'strict_add', args: { a: 1, b: 2, c: 3 } },
      ],
    );
    expect(seen[0]).toMatchObject({ content: '3' });
    expect(calls).toEqual([{ a: 1, b: 2 }]);
    expect(seen[1]).toMatchObject({
      isError: true,
      content: 'invalid arguments for "strict_add": Unrecognized key: "c"',
    });
  });

  it('arguments that are not JSON get a validation error', async () => {
    const { t, calls } = adder();
    const { seen } = await runCalls([t], [{ name: 'add', rawArgs: '{"a": 1, "b": ' }]);
    expect(seen[0]).toMatchObject({ isError: true });
    expect(seen[0]!.content).toMatch(/not valid JSON/);
    expect(calls).toEqual([]);
  });

  it('an unknown tool name lists the tools there are', async () => {
    const { t } = adder();
    const { result, seen } = await runCalls([t], [{ name: 'multiply', args: { a: 1, b: 2 } }]);
    expect(seen[0]).toMatchObject({
      isError: true,
      content: 'unknown tool "multiply"; available tools: add',
    });
    expect(result.toolCalls[0]!.errorCode).toBe('not_found');
  });
});

describe('failing tools', () => {
  it('a thrown error reaches the model as its message, never its stack; a typed error keeps its code', async () => {
    const boom = tool({
      name: 'boom',
      description: 'Fails',
      execute: () => {
        throw new Error('the database is down');
      },
    });
    const typed = tool({
      name: 'typed',
      description: 'Fails with a code',
      execute: () => {
        throw new AgnoError('rate_limited', 'slow down');
      },
    });
    const { result, seen } = await runCalls([boom, typed], [{ name: 'boom' }, { name: 'typed' }]);
    expect(result.text).toBe('done');
    expect(seen[0]).toMatchObject({ isError: true, content: 'the database is down' });
    expect(seen[0]!.content).not.toMatch(/at .*\.ts/);
    expect(result.toolCalls.map((r) => r.errorCode)).toEqual(['tool_error', 'rate_limited']);
  });

  it('a tool that ignores its signal is abandoned at its timeout; its signal aborts', async () => {
    let signal: AbortSignal | undefined;
    const stuck = tool({
      name: 'stuck',
      description: 'Never returns',
      timeoutMs: 50,
      execute: (_args, context) => {
        signal = context.signal;
        return new Promise(() => {});
      },
    });
    const { result, seen } = await runCalls([stuck], [{ name: 'stuck' }]);
    expect(result.text).toBe('done');
    expect(seen[0]).toMatchObject({ isError: true, content: 'tool "stuck" timed out after 50 ms' });
    expect(result.toolCalls[0]!.errorCode).toBe('timeout');
    expect(signal?.aborted).toBe(true);
  });

  it('circular and BigInt results are tool errors; strings pass and objects become JSON', async () => {
    const circular = tool({
      name: 'circular',
      description: 'd',
      execute: () => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      },
    });
    const big = tool({ name: 'big', description: 'd', execute: () => ({ n: 10n }) });
    const text = tool({ name: 'text', description: 'd', execute: () => 'plain' });
    const obj = tool({ name: 'obj', description: 'd', execute: () => ({ a: [1, 'x'] }) });
    const { result, seen } = await runCalls(
      [circular, big, text, obj],
      [{ name: 'circular' }, { name: 'big' }, { name: 'text' }, { name: 'obj' }],
    );
    expect(result.text).toBe('done');
    expect(seen[0]!.isError).toBe(true);
    expect(seen[0]!.content).toMatch(/^the result of "circular" is not JSON-serialisable: /);
    expect(seen[1]!.isError).toBe(true);
    expect(seen[1]!.content).toMatch(/^the result of "big" is not JSON-serialisable: .*BigInt/);
    expect(seen[2]).toMatchObject({ content: 'plain' });
    expect(seen[3]).toMatchObject({ content: '{"a":[1,"x"]}' });
  });

  it('long results are cut at maxResultChars with a marker the model sees', async () => {
    const long = tool({ name: 'long', description: 'd', maxResultChars: 10, execute: () => 'x'.repeat(100) });
    const { seen } = await runCalls([long], [{ name: 'long' }]);
    expect(seen[0]!.content.startsWith('xxxxxxxxxx\n')).toBe(true);
    expect(seen[0]!.content).toMatch(/truncated/);
  });
});

describe('running tools', () => {
  it('maxParallelToolCalls bounds how many calls of a turn overlap', async () => {
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const slow = tool({
      name: 'slow',
      description: 'd',
      parameters: z.object({ id: z.string() }),
      execute: async ({ id }) => {
        running++;
        most = Math.max(most, running);
        order.push(`start ${id}`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`end ${id}`);
        running--;
        return id;
      },
    });
    const calls = ['a', 'b', 'c', 'd'].map((id) => ({ name: 'slow', args: { id } }));
    const { seen } = await runCalls([slow], calls, { run: { maxParallelToolCalls: 2 } });
    expect(most).toBe(2);
    expect(order.slice(0, 2)).toEqual(['start a', 'start b']);
    expect(seen.map((m) => m.content)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('the run signal reaches the tool', async () => {
    const controller = new AbortController();
    let aborted = false;
    const waits = tool({
      name: 'waits',
      description: 'd',
      execute: (_a, context) =>
        new Promise((resolve) => {
          context.signal.addEventListener('abort', () => {
            aborted = true;
            resolve('stopped');
          });
          controller.abort();
        }),
    });
    const error = await runCalls([waits], [{ name: 'waits' }], { run: { signal: controller.signal } }).catch(
      (e: unknown) => e,
    );
    expect(aborted).toBe(true);
    expect((error as AgnoError).code).toBe('aborted');
  });
});

describe('confirmation', () => {
  function deleter() {
    const deleted: string[] = [];
    const t = tool({
      name: 'delete_file',
      description: 'Deletes a file',
      requiresConfirmation: true,
      parameters: z.object({ path: z.string() }),
      execute: ({ path }) => {
        deleted.push(path);
        return `deleted ${path}`;
      },
    });
    return { t, deleted };
  }
  const script = () =>
    new ScriptedModel({
      turns: [
        {
          toolCalls: [
            { id: 'c1', name: 'delete_file', args: { path: 'a.txt' } },
            { id: 'c2', name: 'delete_file', args: { path: 'b.txt' } },
          ],
        },
        (req) => {
          const tools = req.messages.filter((m) => m.role === 'tool');
          return tools.map((m) => m.content).join(' | ');
        },
      ],
    });

  it('pauses with the pending calls, then runs the approved ones and tells the model why others were rejected', async () => {
    const { t, deleted } = deleter();
    const agent = new Agent({ model: script(), tools: [t] });
    const paused = await agent.run('clean up');
    expect(paused.status).toBe('paused');
    expect(paused.pending!.map((p) => [p.toolCall.id, p.toolName])).toEqual([
      ['c1', 'delete_file'],
      ['c2', 'delete_file'],
    ]);
    expect(deleted).toEqual([]);
    const done = await agent.continueRun(paused.paused!, {
      c1: { approved: true },
      c2: { approved: false, reason: 'keep b' },
    });
    expect(done.status).toBe('completed');
    expect(deleted).toEqual(['a.txt']);
    expect(done.text).toBe('deleted a.txt | the user rejected this call: keep b');
  });

  it('continues after a restart from the store, with a new agent', async () => {
    const store = new InMemorySessionStore();
    const first = deleter();
    const before = new Agent({ model: script(), tools: [first.t], store });
    const paused = await before.run('clean up', { sessionId: 's1' });
    expect(paused.status).toBe('paused');
    // the process dies here (no close: InMemorySessionStore.close() forgets everything, a crash closes nothing);
    // a new process: new tools, new agent, the same store
    const second = deleter();
    const after = new Agent({ model: script(), tools: [second.t], store });
    const done = await after.continueRun(paused.runId, { c1: { approved: true }, c2: { approved: true } });
    expect(done.status).toBe('completed');
    expect(second.deleted).toEqual(['a.txt', 'b.txt']);
    expect(first.deleted).toEqual([]);
    expect(done.text).toBe('deleted a.txt | deleted b.txt');
    expect(await store.loadPausedRun(paused.runId)).toBeUndefined();
  });
});
