import { inspect } from 'node:util';
import {
  Agent,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  wrapModel,
} from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import type { CacheEntry } from './cache-entry.js';
import { type CacheBackend, cacheStatusOf } from './cache-options.js';
import { cachedModel, cacheMiddleware } from './cached-model.js';
import { limitMiddleware, limitModel } from './limit-model.js';
import { Limiter } from './limiter.js';

/** One deployment of a model: same provider and id as the others, its own endpoint and answers. */
class Deployment implements Model {
  readonly provider = 'openai';
  readonly modelId = 'gpt-4o-mini';
  readonly inner: ScriptedModel;
  constructor(
    readonly endpoint: string,
    answer: string,
  ) {
    this.inner = new ScriptedModel({ respond: answer });
  }
  generate(request: ModelRequest): Promise<ModelResponse> {
    return this.inner.generate(request);
  }
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    return this.inner.stream(request);
  }
}

/** A shared backend (what Redis would be), in memory. */
function sharedBackend(): CacheBackend & { entries: Map<string, CacheEntry> } {
  const entries = new Map<string, CacheEntry>();
  return {
    entries,
    get: async (key) => (entries.has(key) ? structuredClone(entries.get(key)) : undefined),
    set: async (key, entry) => void entries.set(key, structuredClone(entry)),
    delete: async (key) => void entries.delete(key),
  };
}

describe('cache and limit as model middleware', () => {
  it('compose on an agent run: at most N model calls in flight, repeats served from the cache', async () => {
    const base = new ScriptedModel({
      respond: (req) => ({ text: `echo ${String(req.messages.at(-1)?.content)}`, delayMs: 20 }),
    });
    const limit = limitMiddleware({ limit: 2 });
    const cache = cacheMiddleware();
    const model = wrapModel(base, [limit, cache]);
    const agent = new Agent({ name: 'composed', model, instructions: 'Echo.' });

    const questions = ['a', 'b', 'c', 'd', 'e', 'f'];
    const first = await Promise.all(questions.map((q) => agent.run(q)));
    expect(first.map((r) => r.text)).toEqual(questions.map((q) => `echo ${q}`));
    expect(base.calls).toBe(6);
    expect(limit.limiter.stats()).toMatchObject({ maxActive: 2, acquired: 6 });

    const again = await Promise.all(questions.map((q) => agent.run(q)));
    expect(again.map((r) => r.text)).toEqual(first.map((r) => r.text));
    expect(base.calls).toBe(6);
    expect(cache.stats()).toMatchObject({ hits: 6, misses: 6 });
    expect(limit.limiter.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('compose on an agent stream: a streamed miss is recorded and a later stream replays it', async () => {
    const base = new ScriptedModel({ respond: 'streamed answer', chunkSize: 4 });
    const limit = limitMiddleware({ limit: 1 });
    const cache = cacheMiddleware();
    const agent = new Agent({ name: 'streamer', model: wrapModel(base, [limit, cache]) });
    const read = async () => {
      let text = '';
      for await (const event of agent.stream('tell me')) if (event.type === 'text-delta') text += event.text;
      return text;
    };
    expect(await read()).toBe('streamed answer');
    expect(await read()).toBe('streamed answer');
    expect(base.calls).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    // The stream held its slot while it ran and gave it back at its end.
    expect(limit.limiter.stats()).toMatchObject({ acquired: 2, active: 0 });
  });

  it('a cache hit in front of the limit never waits for a slot', async () => {
    const base = new ScriptedModel({ respond: { text: 'ok', delayMs: 5 } });
    const limiter = new Limiter({ concurrency: 1 });
    const cache = cacheMiddleware();
    const model = wrapModel(base, [cache, limitMiddleware({ limit: limiter })]);
    const ask: ModelRequest = { messages: [{ role: 'user', content: 'q' }] };
    await model.generate(ask);
    const held = await limiter.acquire(); // every slot taken
    const hit = await model.generate({ messages: [{ role: 'user', content: 'q' }] });
    expect(hit.text).toBe('ok');
    held.release();
    expect(limiter.stats().acquired).toBe(2);
  });

  it('limitModel and cachedModel keep their controls (limiter, stats) on the wrapped model', async () => {
    const base = new ScriptedModel({ respond: 'ok' });
    const limited = limitModel(base, 3);
    const model = cachedModel(limited);
    await model.generate({ messages: [{ role: 'user', content: 'x' }] });
    await model.generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(model.stats()).toMatchObject({ hits: 1, misses: 1 });
    expect(limited.limiter.concurrency).toBe(3);
    expect(limited.limiter.stats().acquired).toBe(1);
    expect([model.provider, model.modelId]).toEqual(['mock', 'scripted']);
    expect(String(model)).toBe('cache(mock:scripted)');
    // The wrapped model (which may hold a client and its key) stays out of logs.
    expect(inspect(model)).not.toMatch(/ScriptedModel|respond|limiter/);
  });

  it('a priority that is not a finite number fails the call with a ValidationError, others go on', async () => {
    const base = new ScriptedModel({ respond: 'ok' });
    const model = limitModel(base, 1, { priority: (r) => (r.maxTokens === 7 ? Number.NaN : 0) });
    await expect(model.generate({ messages: [], maxTokens: 7 })).rejects.toMatchObject({
      code: 'validation_error',
    });
    expect((await model.generate({ messages: [] })).text).toBe('ok');
    expect(base.calls).toBe(1);
  });
});

describe('cache key: the endpoint', () => {
  it('two deployments of the same model id over one backend never serve each other', async () => {
    const backend = sharedBackend();
    const east = new Deployment('https://east.example.com/v1', 'from east');
    const west = new Deployment('https://west.example.com/v1', 'from west');
    const eastCached = cachedModel(east, { backend });
    const westCached = cachedModel(west, { backend });
    const ask = (): ModelRequest => ({ messages: [{ role: 'user', content: 'who are you?' }] });

    expect((await eastCached.generate(ask())).text).toBe('from east');
    await eastCached.flushWrites();
    expect((await westCached.generate(ask())).text).toBe('from west');
    await westCached.flushWrites();
    expect(backend.entries.size).toBe(2);
    // Each one now hits its own entry.
    expect((await eastCached.generate(ask())).text).toBe('from east');
    expect((await westCached.generate(ask())).text).toBe('from west');
    expect([east.inner.calls, west.inner.calls]).toEqual([1, 1]);

    // One middleware in front of both keeps them apart too, for streams as well.
    const shared = cacheMiddleware({ backend });
    const a = wrapModel(east, shared);
    const b = wrapModel(west, shared);
    const textOf = async (m: Model) => {
      let text = '';
      for await (const e of m.stream(ask())) if (e.type === 'text-delta') text += e.text;
      return text;
    };
    expect(await textOf(a)).toBe('from east');
    expect(await textOf(b)).toBe('from west');
    expect(shared.stats().backendHits).toBe(2);
  });

  it('reports what it did with each request (cacheStatusOf) through the middleware', async () => {
    const cache = cacheMiddleware();
    const model = wrapModel(new ScriptedModel({ respond: 'ok' }), cache);
    const miss: ModelRequest = { messages: [{ role: 'user', content: 'q' }] };
    const hit: ModelRequest = { messages: [{ role: 'user', content: 'q' }] };
    const skip: ModelRequest = { messages: [{ role: 'user', content: 'q' }], temperature: 1 };
    await model.generate(miss);
    await model.generate(hit);
    await model.generate(skip);
    expect([cacheStatusOf(miss), cacheStatusOf(hit), cacheStatusOf(skip)]).toEqual(['miss', 'hit', 'skip']);
  });
});
