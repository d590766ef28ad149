import { Agent, ModelError, type ModelRequest, type ModelStreamEvent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { cacheStatusOf } from './cache-options.js';
import { cachedModel } from './cached-model.js';

const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const out: ModelStreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('cachedModel: generate', () => {
  it('answers an identical request from the cache and counts hits, misses and savings', async () => {
    const inner = new ScriptedModel({
      respond: (req) => `echo ${JSON.stringify(req.messages.at(-1)?.content)}`,
    });
    const model = cachedModel(inner);
    const first = await model.generate(ask('hello'));
    const second = await model.generate(ask('hello'));
    expect(inner.calls).toBe(1);
    expect(second).toEqual({ ...first, raw: undefined, cached: true });
    const stats = model.stats();
    expect(stats).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, entries: 1, skipped: 0 });
    expect(stats.savedTokens).toBe(first.usage!.totalTokens);
    expect(stats.savedMs).toBeGreaterThanOrEqual(0);
    expect(model.provider).toBe('mock');
    expect(model.modelId).toBe('scripted');
  });

  it('keys on the canonical request: key order and the signal do not matter, content does', async () => {
    const inner = new ScriptedModel({ respond: 'ok' });
    const model = cachedModel(inner);
    await model.generate(ask('a', { providerOptions: { x: { n: 1 }, y: { b: 2, a: 1 } } }));
    await model.generate(
      ask('a', { providerOptions: { y: { a: 1, b: 2 }, x: { n: 1 } }, signal: new AbortController().signal }),
    );
    expect(inner.calls).toBe(1);
    const tool = { name: 't', description: 'd', parameters: { type: 'object' } };
    const variants: ModelRequest[] = [
      ask('b'),
      ask('a', { tools: [tool] }),
      ask('a', { tools: [tool], toolChoice: 'required' }),
      ask('a', { maxTokens: 10 }),
      ask('a', { stop: ['x'] }),
      ask('a', { responseFormat: { type: 'json_schema', name: 's', schema: { type: 'object' } } }),
      {
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'a' },
        ],
      },
    ];
    for (const v of variants) await model.generate(v);
    expect(inner.calls).toBe(1 + variants.length);
  });

  it('passes requests with temperature > 0 through unless told otherwise', async () => {
    const inner = new ScriptedModel({ respond: 'ok' });
    const model = cachedModel(inner);
    const hot = ask('x', { temperature: 0.7 });
    await model.generate(hot);
    await model.generate(ask('x', { temperature: 0.7 }));
    expect(inner.calls).toBe(2);
    expect(model.stats()).toMatchObject({ skipped: 2, hits: 0, misses: 0, entries: 0 });
    expect(cacheStatusOf(hot)).toBe('skip');
    const zero = ask('x', { temperature: 0 });
    await model.generate(zero);
    expect(cacheStatusOf(zero)).toBe('miss');

    const all = cachedModel(inner, { maxTemperature: Number.POSITIVE_INFINITY });
    await all.generate(ask('y', { temperature: 1 }));
    await all.generate(ask('y', { temperature: 1 }));
    expect(all.stats().hits).toBe(1);

    const custom = cachedModel(inner, { shouldCache: (r) => r.messages.length > 1 });
    await custom.generate(ask('z'));
    expect(custom.stats().skipped).toBe(1);
  });

  it('never caches errors or replies that finish with "error"', async () => {
    const inner = new ScriptedModel({
      replies: [
        { error: new ModelError('boom', { code: 'overloaded' }) },
        { text: 'bad', finishReason: 'error' },
        'good',
      ],
    });
    const model = cachedModel(inner);
    await expect(model.generate(ask('q'))).rejects.toMatchObject({ code: 'overloaded' });
    expect((await model.generate(ask('q'))).text).toBe('bad');
    expect((await model.generate(ask('q'))).text).toBe('good');
    expect((await model.generate(ask('q'))).text).toBe('good');
    expect(inner.calls).toBe(3);
    expect(model.stats()).toMatchObject({ misses: 3, hits: 1, entries: 1 });
  });

  it('expires entries after their TTL', async () => {
    let now = 1_000_000;
    const inner = new ScriptedModel({ respond: 'ok' });
    const model = cachedModel(inner, { ttlMs: 1000, clock: () => now });
    await model.generate(ask('q'));
    now += 999;
    await model.generate(ask('q'));
    expect(inner.calls).toBe(1);
    now += 2; // past the TTL (lru-cache keeps an entry through its last millisecond)
    await model.generate(ask('q'));
    expect(inner.calls).toBe(2);
    expect(model.stats().expirations).toBe(1);
  });

  it('evicts the least recently used entry when full (lru)', async () => {
    const inner = new ScriptedModel({ respond: 'ok' });
    const model = cachedModel(inner, { maxEntries: 2 });
    await model.generate(ask('a'));
    await model.generate(ask('b'));
    await model.generate(ask('a')); // a is now the most recent
    await model.generate(ask('c')); // evicts b
    expect(model.stats()).toMatchObject({ entries: 2, evictions: 1 });
    const a = ask('a');
    const b = ask('b');
    await model.generate(a);
    await model.generate(b);
    expect(cacheStatusOf(a)).toBe('hit');
    expect(cacheStatusOf(b)).toBe('miss');
  });

  it('evicts the cheapest entry when full (value: hits × cost ÷ age)', async () => {
    const inner = new ScriptedModel({
      respond: (req) => ({ text: 'ok', delayMs: req.messages[0]!.content === 'expensive' ? 60 : 0 }),
    });
    const model = cachedModel(inner, { maxEntries: 2, eviction: 'value' });
    await model.generate(ask('expensive'));
    await model.generate(ask('cheap'));
    await model.generate(ask('new')); // LRU would drop "expensive"; value drops "cheap"
    const expensive = ask('expensive');
    const cheap = ask('cheap');
    await model.generate(expensive);
    await model.generate(cheap);
    expect(cacheStatusOf(expensive)).toBe('hit');
    expect(cacheStatusOf(cheap)).toBe('miss');
  });

  it('hands out copies: a caller changing its reply does not change the cache', async () => {
    const inner = new ScriptedModel({
      respond: { text: 'ok', toolCalls: [{ name: 't', args: { n: 1 }, id: 'c1' }] },
    });
    const model = cachedModel(inner);
    await model.generate(ask('q'));
    const hit = await model.generate(ask('q'));
    hit.toolCalls!.push({ id: 'x', name: 'y', args: {} });
    hit.toolCalls![0]!.name = 'changed';
    hit.text = 'changed';
    const again = await model.generate(ask('q'));
    expect(again.text).toBe('ok');
    expect(again.toolCalls).toEqual([{ id: 'c1', name: 't', args: { n: 1 } }]);
  });

  it('rejects bad options with a ConfigError', () => {
    const inner = new ScriptedModel({ respond: 'ok' });
    expect(() => cachedModel(inner, { ttlMs: 0 })).toThrow(expect.objectContaining({ code: 'config_error' }));
    expect(() => cachedModel(inner, { maxEntries: -1 })).toThrow(
      expect.objectContaining({ code: 'config_error' }),
    );
    expect(() => cachedModel(inner, { maxEntries: 0 })).toThrow(/needs a backend/);
    expect(() => cachedModel(inner, { eviction: 'fifo' as never })).toThrow(/eviction/);
  });

  it('forgets one request on invalidate and everything on clear', async () => {
    const inner = new ScriptedModel({ respond: 'ok' });
    const model = cachedModel(inner);
    await model.generate(ask('a'));
    await model.generate(ask('b'));
    await model.invalidate(ask('a'));
    await model.generate(ask('a'));
    await model.generate(ask('b'));
    expect(inner.calls).toBe(3);
    model.clear();
    expect(model.stats().entries).toBe(0);
  });
});

describe('cachedModel: concurrent identical misses', () => {
  it('share one model call', async () => {
    const inner = new ScriptedModel({ respond: { text: 'shared', delayMs: 20 } });
    const model = cachedModel(inner);
    const [a, b, c] = await Promise.all([
      model.generate(ask('q')),
      model.generate(ask('q')),
      model.generate(ask('q')),
    ]);
    expect(inner.calls).toBe(1);
    expect([a.text, b.text, c.text]).toEqual(['shared', 'shared', 'shared']);
    expect(model.stats()).toMatchObject({ misses: 1, hits: 2, coalesced: 2 });
  });

  it('all get the error of a shared call that fails, and nothing is cached', async () => {
    const inner = new ScriptedModel({
      replies: [{ error: new ModelError('upstream 500', { code: 'model_error' }), delayMs: 10 }, 'recovered'],
    });
    const model = cachedModel(inner);
    const settled = await Promise.allSettled([model.generate(ask('q')), model.generate(ask('q'))]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(inner.calls).toBe(1);
    expect(model.stats().entries).toBe(0);
    expect((await model.generate(ask('q'))).text).toBe('recovered');
  });

  it('do not share when coalesce is off', async () => {
    const inner = new ScriptedModel({ respond: { text: 'x', delayMs: 10 } });
    const model = cachedModel(inner, { coalesce: false });
    await Promise.all([model.generate(ask('q')), model.generate(ask('q'))]);
    expect(inner.calls).toBe(2);
  });

  it('a follower whose leader aborts makes its own call', async () => {
    const inner = new ScriptedModel({ respond: { text: 'late', delayMs: 30 } });
    const model = cachedModel(inner);
    const leader = new AbortController();
    const first = model.generate(ask('q', { signal: leader.signal }));
    const second = model.generate(ask('q'));
    leader.abort();
    await expect(first).rejects.toMatchObject({ code: 'aborted' });
    expect((await second).text).toBe('late');
    expect(inner.calls).toBe(2);
  });

  it('a follower that aborts leaves without disturbing the leader', async () => {
    const inner = new ScriptedModel({ respond: { text: 'done', delayMs: 30 } });
    const model = cachedModel(inner);
    const follower = new AbortController();
    const first = model.generate(ask('q'));
    const second = model.generate(ask('q', { signal: follower.signal }));
    follower.abort();
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    expect((await first).text).toBe('done');
    expect(inner.calls).toBe(1);
  });
});

describe('cachedModel: streaming', () => {
  it('records a completed stream and replays the same events', async () => {
    const inner = new ScriptedModel({ respond: { text: 'streamed reply text', chunkSize: 4 }, chunkSize: 4 });
    const model = cachedModel(inner);
    const first = await collect(model.stream(ask('s')));
    const request = ask('s');
    const second = await collect(model.stream(request));
    expect(inner.calls).toBe(1);
    // The replay is the recorded stream, its finish marked as served from the cache.
    expect(second.slice(0, -1)).toEqual(first.slice(0, -1));
    expect(second.at(-1)).toEqual({ ...first.at(-1), cached: true });
    expect(second.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(1);
    expect(cacheStatusOf(request)).toBe('hit');
  });

  it('never caches a broken stream', async () => {
    const inner = new ScriptedModel({
      replies: [{ text: 'abcdefghijklmnop', chunkSize: 2, breakAfterChunks: 2 }, 'whole'],
    });
    const model = cachedModel(inner);
    await expect(collect(model.stream(ask('s')))).rejects.toMatchObject({ code: 'stream_interrupted' });
    expect(model.stats().entries).toBe(0);
    const events = await collect(model.stream(ask('s')));
    expect(events.at(-1)).toMatchObject({ type: 'finish' });
    expect(inner.calls).toBe(2);
  });

  it('never caches a stream the reader abandoned', async () => {
    const inner = new ScriptedModel({ respond: { text: 'abcdefgh', chunkSize: 1 } });
    const model = cachedModel(inner);
    for await (const _ of model.stream(ask('s'))) break;
    expect(model.stats().entries).toBe(0);
    await collect(model.stream(ask('s')));
    expect(model.stats().entries).toBe(1);
  });

  it('serves a stream from a generate entry and a generate from a stream entry', async () => {
    const inner = new ScriptedModel({
      respond: { text: 'both ways', toolCalls: [{ name: 'lookup', args: { q: 1 }, id: 'c9' }] },
    });
    const model = cachedModel(inner);
    const whole = await model.generate(ask('g'));
    const replay = await collect(model.stream(ask('g')));
    expect(
      replay
        .filter((e) => e.type === 'text-delta')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('both ways');
    expect(replay.find((e) => e.type === 'tool-call-end')).toEqual({
      type: 'tool-call-end',
      toolCall: whole.toolCalls![0],
    });
    expect(replay.at(-1)).toEqual({ type: 'finish', finishReason: 'tool_calls', cached: true });

    await collect(model.stream(ask('s')));
    const assembled = await model.generate(ask('s'));
    expect(assembled).toMatchObject({ text: 'both ways', finishReason: 'tool_calls' });
    expect(assembled.toolCalls).toEqual([{ id: 'c9', name: 'lookup', args: { q: 1 } }]);
    expect(inner.calls).toBe(2);
  });

  it('works under a streaming agent run', async () => {
    const inner = new ScriptedModel({ respond: 'The answer is 42.' });
    const agent = new Agent({ model: cachedModel(inner), instructions: 'be brief' });
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      let text = '';
      for await (const chunk of agent.stream('q', { textOnly: true })) text += chunk;
      texts.push(text);
    }
    expect(texts).toEqual(['The answer is 42.', 'The answer is 42.']);
    expect(inner.calls).toBe(1);
  });
});

describe('cachedModel in an agent', () => {
  it('serves the second identical run from the cache, tool rounds included', async () => {
    const inner = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'add', args: { a: 2, b: 3 }, id: 'call_add' }] }, 'The sum is 5.'],
    });
    const model = cachedModel(inner);
    let toolRuns = 0;
    const agent = new Agent({
      model,
      tools: [
        {
          name: 'add',
          description: 'adds',
          parameters: { type: 'object' },
          execute: (args: { a: number; b: number }) => {
            toolRuns++;
            return args.a + args.b;
          },
        },
      ],
    });
    const first = await agent.run('what is 2+3?');
    const second = await agent.run('what is 2+3?');
    expect(first.text).toBe('The sum is 5.');
    expect(second.text).toBe('The sum is 5.');
    expect(inner.calls).toBe(2);
    expect(toolRuns).toBe(2); // tools still run: only model calls are cached
    expect(model.stats()).toMatchObject({ hits: 2, misses: 2 });
  });
});
