import { Agent, InMemorySessionStore, type ModelRequest } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it, vi } from 'vitest';
import type { CacheEntry } from './cache-entry.js';
import type { CacheBackend } from './cache-options.js';
import { cachedModel } from './cached-model.js';
import { DocumentStoreCacheBackend } from './document-store-backend.js';

const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

describe('cachedModel: shared backends', () => {
  it('shares entries between two caches through a document store', async () => {
    const store = new InMemorySessionStore();
    const innerA = new ScriptedModel({ respond: 'from A' });
    const innerB = new ScriptedModel({ respond: 'from B' });
    const a = cachedModel(innerA, { backend: new DocumentStoreCacheBackend(store), ttlMs: 60_000 });
    const b = cachedModel(innerB, { backend: new DocumentStoreCacheBackend(store), ttlMs: 60_000 });
    await a.generate(ask('q'));
    await a.flushWrites();
    const fromB = await b.generate(ask('q'));
    expect(fromB.text).toBe('from A');
    expect(innerB.calls).toBe(0);
    expect(b.stats()).toMatchObject({ hits: 1, backendHits: 1, misses: 0, entries: 1 });
    const docs = await store.listDocuments('model-cache');
    expect(docs).toHaveLength(1);
    expect(JSON.stringify(docs[0]!.doc)).not.toContain('"raw"');
  });

  it('ignores backend entries older than the TTL', async () => {
    let now = 5_000_000;
    const store = new InMemorySessionStore();
    const backend = new DocumentStoreCacheBackend(store, { clock: () => now });
    const a = cachedModel(new ScriptedModel({ respond: 'old' }), { backend, ttlMs: 100, clock: () => now });
    await a.generate(ask('q'));
    await a.flushWrites();
    now += 100;
    const innerB = new ScriptedModel({ respond: 'new' });
    const b = cachedModel(innerB, { backend, ttlMs: 100, clock: () => now });
    expect((await b.generate(ask('q'))).text).toBe('new');
    expect(innerB.calls).toBe(1);
  });

  it('keeps working, uncached, when the backend fails, and counts the failures', async () => {
    const failures: string[] = [];
    const broken: CacheBackend = {
      get: async () => {
        throw new Error('connection refused');
      },
      set: () => {
        throw new Error('connection refused');
      },
      delete: async () => {
        throw new Error('connection refused');
      },
    };
    const inner = new ScriptedModel({ respond: 'still answered' });
    const model = cachedModel(inner, {
      backend: broken,
      maxEntries: 0,
      onBackendError: (_e, op) => failures.push(op),
    });
    const agent = new Agent({ model });
    expect((await agent.run('q')).text).toBe('still answered');
    expect((await agent.run('q')).text).toBe('still answered');
    await model.flushWrites();
    expect(inner.calls).toBe(2);
    expect(model.stats()).toMatchObject({ hits: 0, misses: 2, backendErrors: 4 });
    expect(failures.sort()).toEqual(['get', 'get', 'set', 'set']);
    await expect(model.invalidate(ask('q'))).rejects.toMatchObject({ code: 'store_error' });
  });

  it('treats an entry of unknown shape as a miss and counts it', async () => {
    const backend: CacheBackend = {
      get: async () => ({ nonsense: true }) as unknown as CacheEntry,
      set: async () => {},
      delete: async () => {},
    };
    const inner = new ScriptedModel({ respond: 'ok' });
    const model = cachedModel(inner, { backend });
    expect((await model.generate(ask('q'))).text).toBe('ok');
    expect(model.stats()).toMatchObject({ misses: 1, backendErrors: 1 });
  });

  it('a failing error callback does not fail the call', async () => {
    const spy = vi.fn(() => {
      throw new Error('callback broke');
    });
    const model = cachedModel(new ScriptedModel({ respond: 'ok' }), {
      backend: { get: () => Promise.reject(new Error('x')), set: async () => {}, delete: async () => {} },
      onBackendError: spy,
    });
    expect((await model.generate(ask('q'))).text).toBe('ok');
    expect(spy).toHaveBeenCalled();
  });
});
