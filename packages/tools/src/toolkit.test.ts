import { Agent, isAgnoError, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCalls, toolContext } from './fixtures/agent.js';
import { DefinedTool, Toolkit, ToolRegistry, tool } from './index.js';

const ctx = toolContext();

const echo = (name: string, options: { timeoutMs?: number } = {}) =>
  tool({
    name,
    description: `tool ${name}`,
    parameters: z.object({ v: z.string() }),
    execute: ({ v }) => `${name}:${v}`,
    ...options,
  });

describe('Toolkit', () => {
  it('fills unset options from the shared ones, keeps the tools own, and applies overrides', async () => {
    const kit = new Toolkit({
      name: 'kit',
      timeoutMs: 1000,
      maxResultChars: 500,
      tools: [echo('a'), echo('b', { timeoutMs: 20 }), echo('c')],
      overrides: { c: { timeoutMs: 5, requiresConfirmation: true } },
    });
    const [a, b, c] = await kit.tools();
    expect([a!.timeoutMs, b!.timeoutMs, c!.timeoutMs]).toEqual([1000, 20, 5]);
    expect([a!.maxResultChars, b!.maxResultChars, c!.maxResultChars]).toEqual([500, 500, 500]);
    expect([a!.requiresConfirmation, c!.requiresConfirmation]).toEqual([undefined, true]);
    expect(a).toBeInstanceOf(DefinedTool);
    expect(await a!.execute({ v: 'x' }, ctx)).toBe('a:x');
  });

  it('applies shared options to tools it did not make (plain core Tools)', async () => {
    let calls = 0;
    const plain: Tool = {
      name: 'plain',
      description: 'A hand-made tool',
      parameters: { type: 'object', properties: {} },
      execute: () => {
        calls++;
        return 'result';
      },
    };
    const kit = new Toolkit({
      name: 'k',
      tools: [plain],
      timeoutMs: 30,
      cache: true,
      requiresConfirmation: false,
    });
    const [wrapped] = await kit.tools();
    expect(wrapped).not.toBe(plain);
    expect(wrapped!.timeoutMs).toBe(30);
    expect(await wrapped!.execute({}, ctx)).toBe('result');
    expect(await wrapped!.execute({}, ctx)).toBe('result');
    expect(calls).toBe(1);
    expect(kit.cache!.stats).toMatchObject({ hits: 1, misses: 1 });
    expect(plain.timeoutMs).toBeUndefined();
  });

  it('shares one cache between its tools', async () => {
    const kit = new Toolkit({ name: 'k', cache: { ttlMs: 1000 }, tools: [echo('a'), echo('b')] });
    const [a, b] = await kit.tools();
    await a!.execute({ v: '1' }, ctx);
    await b!.execute({ v: '1' }, ctx);
    await a!.execute({ v: '1' }, ctx);
    expect(kit.cache!.stats).toMatchObject({ hits: 1, misses: 2, size: 2 });
    expect((a as DefinedTool).cache).toBe(kit.cache);
  });

  it('a shared requiresConfirmation pauses the run', async () => {
    const kit = new Toolkit({ name: 'k', requiresConfirmation: true, tools: [echo('a')] });
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ id: 'x', name: 'a', args: { v: '1' } }] }, 'done'],
    });
    const agent = new Agent({ model, tools: [kit] });
    const paused = await agent.run('go');
    expect(paused.status).toBe('paused');
    const done = await agent.continueRun(paused.paused!, { x: { approved: true } });
    expect(done.toolCalls[0]!.result).toBe('a:1');
  });

  it('filters with include and exclude, and names unknown tools', async () => {
    const tools = [echo('read'), echo('write'), echo('delete')];
    expect(
      (await new Toolkit({ name: 'k', tools, include: ['read', 'write'] }).tools()).map((t) => t.name),
    ).toEqual(['read', 'write']);
    expect(
      (await new Toolkit({ name: 'k', tools, exclude: (n) => n.startsWith('d') }).tools()).map((t) => t.name),
    ).toEqual(['read', 'write']);
    const error = await new Toolkit({ name: 'k', tools, exclude: ['drop'] }).tools().catch((e: unknown) => e);
    expect(isAgnoError(error, 'config_error')).toBe(true);
    expect((error as Error).message).toBe(
      'toolkit "k": exclude names unknown tools: drop (its tools: read, write, delete)',
    );
  });

  it('runs its factory only when an agent first needs the tools, once, and retries a failed build', async () => {
    let built = 0;
    let fail = true;
    const kit = new Toolkit({
      name: 'lazy',
      instructions: 'Lazy tools.',
      tools: async () => {
        built++;
        if (fail) throw new Error('not yet');
        return [echo('a')];
      },
    });
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'a', args: { v: '1' } }] }, 'done'] });
    const agent = new Agent({ model, tools: [kit] });
    expect(built).toBe(0);
    await expect(agent.run('go')).rejects.toThrow('not yet');
    fail = false;
    const result = await agent.run('go');
    await agent.run('again');
    expect(built).toBe(2);
    expect(result.toolCalls[0]!.result).toBe('a:1');
    expect(model.requests[0]!.messages[0]).toEqual({ role: 'system', content: 'Lazy tools.' });
  });

  it('flattens nested toolkits and closes them with itself', async () => {
    const closed: string[] = [];
    const inner = new Toolkit({
      name: 'inner',
      tools: [echo('b')],
      onClose: () => void closed.push('inner'),
    });
    const outer = new Toolkit({
      name: 'outer',
      tools: () => [echo('a'), inner],
      timeoutMs: 99,
      onClose: () => void closed.push('outer'),
    });
    const { result } = await runCalls([outer], [{ name: 'b', args: { v: '2' } }]);
    expect(result.toolCalls[0]!.result).toBe('b:2');
    expect(closed).toEqual(['inner', 'outer']);
    expect((await outer.tools()).map((t) => [t.name, t.timeoutMs])).toEqual([
      ['a', 99],
      ['b', 99],
    ]);
  });
});

describe('ToolRegistry', () => {
  it('builds nothing on register or toolkit(); the factory runs on the first run of the agent using it', async () => {
    const built: string[] = [];
    const registry = new ToolRegistry()
      .register('math', () => {
        built.push('math');
        return [
          tool({
            name: 'double',
            description: 'd',
            parameters: z.object({ n: z.number() }),
            execute: ({ n }) => n * 2,
          }),
        ];
      })
      .register('unused', () => {
        built.push('unused');
        return [];
      });
    const kit = registry.toolkit('math');
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'double', args: { n: 21 } }] }, 'done'],
    });
    const agent = new Agent({ model, tools: [kit] });
    expect(built).toEqual([]);
    const result = await agent.run('go');
    expect(result.toolCalls[0]!.result).toBe('42');
    expect(built).toEqual(['math']);
    expect(registry.names()).toEqual(['math', 'unused']);
  });

  it('gives each toolkit its own instance, with the options registered', async () => {
    let n = 0;
    const registry = new ToolRegistry().register('k', () => [echo(`t${++n}`)], { timeoutMs: 7 });
    const [one, two] = registry.toolkits('k', 'k');
    const a = await one!.tools();
    const b = await two!.tools();
    expect(a[0]!.name).toBe('t1');
    expect(b[0]!.name).toBe('t2');
    expect(a[0]!.timeoutMs).toBe(7);
  });

  it('refuses duplicate and unknown names', () => {
    const registry = new ToolRegistry().register('a', () => []);
    expect(() => registry.register('a', () => [])).toThrow(/already registered/);
    expect(() => registry.toolkit('b')).toThrow('no toolkit named "b" is registered (known: a)');
  });
});
