import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '@agno/core';
import { SqliteStore } from '@agno/memory/sqlite';
import { ScriptedModel } from '@agno/models-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedModel } from './cached-model.js';
import { DocumentStoreCacheBackend } from './document-store-backend.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agno-cache-'));
  dirs.push(dir);
  return join(dir, 'cache.db');
}

describe('DocumentStoreCacheBackend on SQLite', () => {
  it('shares answers between two connections to one database, as two processes would', async () => {
    const path = dbPath();
    const first = SqliteStore.open(path);
    const second = SqliteStore.open(path);
    try {
      const modelA = new ScriptedModel({
        respond: { text: 'from A', toolCalls: [{ name: 't', args: { x: 1 } }] },
      });
      const modelB = new ScriptedModel({ respond: 'from B' });
      const a = cachedModel(modelA, { backend: new DocumentStoreCacheBackend(first), ttlMs: 60_000 });
      const b = cachedModel(modelB, { backend: new DocumentStoreCacheBackend(second), ttlMs: 60_000 });
      const request = { messages: [{ role: 'user' as const, content: 'shared question' }] };
      const original = await a.generate(request);
      await a.flushWrites();
      const fromB = await b.generate({ messages: [{ role: 'user', content: 'shared question' }] });
      expect(modelB.calls).toBe(0);
      expect(fromB).toEqual({ ...original, raw: undefined, cached: true });
      expect(b.stats()).toMatchObject({ backendHits: 1, misses: 0 });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('replays a stream stored by an agent run in another connection, and expires entries', async () => {
    const path = dbPath();
    let now = 1_700_000_000_000;
    const clock = () => now;
    const storeA = SqliteStore.open(path);
    const storeB = SqliteStore.open(path);
    try {
      const innerA = new ScriptedModel({ respond: { text: 'a streamed answer', chunkSize: 3 } });
      const agentA = new Agent({
        model: cachedModel(innerA, {
          backend: new DocumentStoreCacheBackend(storeA, { clock }),
          ttlMs: 1000,
          clock,
        }),
      });
      let text = '';
      for await (const chunk of agentA.stream('hi', { textOnly: true })) text += chunk;
      expect(text).toBe('a streamed answer');
      await (agentA.model as ReturnType<typeof cachedModel>).flushWrites();

      const innerB = new ScriptedModel({ respond: 'fresh' });
      const cacheB = cachedModel(innerB, {
        backend: new DocumentStoreCacheBackend(storeB, { clock }),
        ttlMs: 1000,
        clock,
      });
      const agentB = new Agent({ model: cacheB });
      const chunks: string[] = [];
      for await (const chunk of agentB.stream('hi', { textOnly: true })) chunks.push(chunk);
      expect(chunks.join('')).toBe('a streamed answer');
      expect(chunks.length).toBeGreaterThan(1); // replayed as the recorded deltas
      expect(innerB.calls).toBe(0);

      now += 1000; // past the TTL: the entry is ignored and dropped
      const cacheC = cachedModel(innerB, {
        backend: new DocumentStoreCacheBackend(storeB, { clock }),
        ttlMs: 1000,
        clock,
      });
      expect((await new Agent({ model: cacheC }).run('hi')).text).toBe('fresh');
      expect(await storeB.listDocuments('model-cache')).toHaveLength(1); // the fresh one only
    } finally {
      await storeA.close();
      await storeB.close();
    }
  });
});
