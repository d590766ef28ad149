import { canonicalJSON, toolResult } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCalls, toolContext } from './fixtures/agent.js';
import { ToolResultCache, tool } from './index.js';
import { cacheKey } from './result-cache.js';

const ctx = toolContext();

function counter(cache: ToolResultCache | boolean | { ttlMs?: number; maxEntries?: number } = true) {
  let calls = 0;
  const t = tool({
    name: 'lookup',
    description: 'd',
    parameters: z.object({ a: z.number(), b: z.number().optional() }),
    cache,
    execute: ({ a, b }) => {
      calls++;
      return { a, b, call: calls };
    },
  });
  return { t, calls: () => calls };
}

describe('cacheKey', () => {
  it.each([
    [{ a: 1, b: 'x' }],
    [{ b: 'x', a: 1, c: null, d: undefined, e: true, f: -0, g: Number.NaN }],
    [{ 'z"q': 'quote"d', é: 'ü' }],
    [{ nested: { b: 1, a: [2, { d: 1, c: 0 }] }, a: 1 }],
    [[3, { b: 1, a: 2 }]],
    ['text'],
    [{ big: 10n }],
    [Object.assign(Object.create(null), { b: 1, a: 2 })],
  ])('equals core canonicalJSON (case %#)', (value) => {
    expect(cacheKey(value)).toBe(canonicalJSON(value));
  });
});

describe('ToolResultCache', () => {
  it('answers identical arguments from the cache whatever their key order, and counts hits and misses', async () => {
    const { t, calls } = counter();
    expect(await t.execute({ a: 1, b: 2 }, ctx)).toBe('{"a":1,"b":2,"call":1}');
    expect(t.execute({ b: 2, a: 1 }, ctx)).toBe('{"a":1,"b":2,"call":1}'); // a hit answers synchronously
    expect(await t.execute({ a: 2 }, ctx)).toBe('{"a":2,"call":2}');
    expect(calls()).toBe(2);
    expect(t.cache!.stats).toEqual({ hits: 1, misses: 2, size: 2, evictions: 0, expirations: 0 });
  });

  it('keeps results for ttlMs', async () => {
    let now = 1000;
    const cache = new ToolResultCache({ ttlMs: 100, now: () => now });
    const { t, calls } = counter(cache);
    await t.execute({ a: 1 }, ctx);
    now += 100; // still valid at exactly ttlMs (lru-cache's rule: expired once older than ttl)
    await t.execute({ a: 1 }, ctx);
    expect(calls()).toBe(1);
    now += 1;
    await t.execute({ a: 1 }, ctx);
    expect(calls()).toBe(2);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2, expirations: 1 });
  });

  it('with a clock that starts at 0, still expires entries; ttlMs 0 keeps nothing', async () => {
    let now = 0;
    const cache = new ToolResultCache({ ttlMs: 10, now: () => now });
    const { t, calls } = counter(cache);
    await t.execute({ a: 1 }, ctx);
    now = 11;
    await t.execute({ a: 1 }, ctx);
    expect(calls()).toBe(2);
    const none = counter({ ttlMs: 0 });
    await none.t.execute({ a: 1 }, ctx);
    await none.t.execute({ a: 1 }, ctx);
    expect(none.calls()).toBe(2);
    expect(none.t.cache!.stats).toMatchObject({ hits: 0, misses: 2, size: 0 });
  });

  it('drops the least recently used entry when full', async () => {
    const cache = new ToolResultCache({ maxEntries: 2 });
    const { t, calls } = counter(cache);
    await t.execute({ a: 1 }, ctx);
    await t.execute({ a: 2 }, ctx);
    await t.execute({ a: 1 }, ctx); // 1 is now the most recent
    await t.execute({ a: 3 }, ctx); // evicts 2
    expect(cache.stats).toMatchObject({ size: 2, evictions: 1 });
    await t.execute({ a: 1 }, ctx);
    expect(calls()).toBe(3);
    await t.execute({ a: 2 }, ctx);
    expect(calls()).toBe(4);
  });

  it('keeps the newest entry when every older one was read (the oldest goes)', async () => {
    const cache = new ToolResultCache({ maxEntries: 2 });
    const { t, calls } = counter(cache);
    await t.execute({ a: 1 }, ctx);
    await t.execute({ a: 2 }, ctx);
    await t.execute({ a: 1 }, ctx);
    await t.execute({ a: 2 }, ctx);
    await t.execute({ a: 3 }, ctx); // evicts 1, the least recently read
    expect(calls()).toBe(3);
    await t.execute({ a: 3 }, ctx);
    await t.execute({ a: 2 }, ctx);
    expect(calls()).toBe(3);
    await t.execute({ a: 1 }, ctx);
    expect(calls()).toBe(4);
  });

  it('never keeps errors: thrown, error results, or values that are not JSON', async () => {
    let n = 0;
    const cache = new ToolResultCache();
    const flaky = tool({
      name: 'flaky',
      description: 'd',
      parameters: z.object({ mode: z.enum(['throw', 'error', 'bigint']) }),
      cache,
      execute: async ({ mode }) => {
        n++;
        if (mode === 'throw') throw new Error('down');
        if (mode === 'error') return toolResult('not found', { isError: true });
        return { big: 1n };
      },
    });
    for (const mode of ['throw', 'error', 'bigint'] as const) {
      await Promise.resolve(flaky.execute({ mode }, ctx)).catch(() => {});
      await Promise.resolve(flaky.execute({ mode }, ctx)).catch(() => {});
    }
    expect(n).toBe(6);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 6, size: 0 });
    await expect(flaky.execute({ mode: 'bigint' }, ctx)).rejects.toThrow(
      /the result of "flaky" is not JSON-serialisable/,
    );
  });

  it('keeps what the model read, so later changes to a returned object do not leak into hits', async () => {
    const shared = { n: 1 };
    const t = tool({ name: 'obj', description: 'd', cache: true, execute: () => shared });
    expect(await t.execute({}, ctx)).toBe('{"n":1}');
    shared.n = 2;
    expect(await t.execute({}, ctx)).toBe('{"n":1}');
  });

  it('one cache serves several tools without mixing their results', async () => {
    const cache = new ToolResultCache();
    const a = tool({ name: 'a', description: 'd', cache, execute: () => 'from a' });
    const b = tool({ name: 'b', description: 'd', cache, execute: () => 'from b' });
    expect(await a.execute({}, ctx)).toBe('from a');
    expect(await b.execute({}, ctx)).toBe('from b');
    expect(a.execute({}, ctx)).toBe('from a');
    cache.invalidate('a');
    expect(cache.size).toBe(1);
  });

  it('keeps attachments of rich results', async () => {
    const img = tool({
      name: 'img',
      description: 'd',
      cache: true,
      execute: () =>
        toolResult({ w: 1 }, { attachments: [{ type: 'image', data: 'AA==', mediaType: 'image/png' }] }),
    });
    await img.execute({}, ctx);
    expect(img.execute({}, ctx)).toEqual({
      type: 'tool-result',
      value: '{"w":1}',
      attachments: [{ type: 'image', data: 'AA==', mediaType: 'image/png' }],
      isError: undefined,
    });
  });

  it('works through an agent: the second identical call in another run does not execute', async () => {
    const { t, calls } = counter({ ttlMs: 60_000 });
    const first = await runCalls([t], [{ name: 'lookup', args: { a: 1 } }]);
    const second = await runCalls([t], [{ name: 'lookup', args: { a: 1, b: null } }]);
    expect(calls()).toBe(1);
    expect(second.seen[0]!.content).toBe(first.seen[0]!.content);
    expect(t.cache!.stats).toMatchObject({ hits: 1, misses: 1 });
  });
});
