/**
 * The user-memory part of `@agno/memory`'s conformance suite: memories added, listed, updated,
 * deleted and searched by text and by meaning.
 */
import { rejection, testRun, uniqueId } from '@agno/core/testing';
import { expect, it } from 'vitest';
import type { Embedder, MemoryStore } from '../types.js';
import { HOSTILE_ID, wordGroupEmbedder } from './fixtures.js';

/** Declares the user-memory tests on stores opened by `open` (or `openWith`, given an embedder). */
export function describeUserMemoryConformance(
  open: () => Promise<MemoryStore>,
  openWith: (options: { embedder?: Embedder }) => Promise<MemoryStore>,
): void {
  it('adds, lists (newest first, paged), updates and deletes user memories, per user', async () => {
    const store = await open();
    const user = `${HOSTILE_ID}${uniqueId('u')}`;
    const other = uniqueId('u');
    const a = await store.addMemory({ userId: user, memory: 'Lives in Lisbon', topics: ['home'] });
    const b = await store.addMemory({ userId: user, memory: 'Prefers tea to coffee' });
    const c = await store.addMemory({ userId: user, memory: 'Has a dog named Rex', topics: ['pets'] });
    await store.addMemory({ userId: other, memory: 'Lives in Oslo' });
    expect(a).toMatchObject({ userId: user, memory: 'Lives in Lisbon', topics: ['home'] });
    expect(b.topics).toEqual([]);
    expect((await store.listMemories(user)).map((m) => m.memoryId)).toEqual([
      c.memoryId,
      b.memoryId,
      a.memoryId,
    ]);
    expect((await store.listMemories(user, { limit: 1, offset: 1 })).map((m) => m.memoryId)).toEqual([
      b.memoryId,
    ]);
    expect(await store.getMemory(a.memoryId)).toEqual(a);
    const updated = await store.updateMemory(b.memoryId, {
      memory: 'Prefers coffee now',
      topics: ['drinks'],
    });
    expect(updated).toMatchObject({
      memoryId: b.memoryId,
      memory: 'Prefers coffee now',
      topics: ['drinks'],
    });
    expect(updated.createdAt).toBe(b.createdAt);
    expect(updated.updatedAt).toBeGreaterThanOrEqual(b.updatedAt);
    expect((await store.updateMemory(a.memoryId, { topics: ['city'] })).memory).toBe('Lives in Lisbon');
    await store.deleteMemory(c.memoryId);
    await store.deleteMemory(c.memoryId);
    expect(await store.getMemory(c.memoryId)).toBeUndefined();
    expect((await store.listMemories(user)).map((m) => m.memoryId)).toEqual([b.memoryId, a.memoryId]);
    const missing = await rejection(store.updateMemory(c.memoryId, { memory: 'x' }));
    expect(missing.code).toBe('not_found');
    const dup = await rejection(store.addMemory({ userId: user, memory: 'x', memoryId: a.memoryId }));
    expect(dup.reason).toBe('conflict');
    const nul = await rejection(store.addMemory({ userId: user, memory: 'a\u0000b' }));
    expect(nul.code).toBe('validation_error');
  });

  it('searches memories by text: words matched at word starts, most matches first, one user only', async () => {
    const store = await open();
    const user = uniqueId('u');
    const hiking = await store.addMemory({
      userId: user,
      memory: 'Enjoys hiking in the Alps',
      topics: ['hobbies'],
    });
    const both = await store.addMemory({ userId: user, memory: 'Went hiking in Norway last summer' });
    await store.addMemory({ userId: user, memory: 'Works as a nurse' });
    await store.addMemory({ userId: uniqueId('u'), memory: 'Hiking guide in Norway' });
    const hits = await store.searchMemories(user, 'What about HIKING in Norway?');
    expect(hits.map((h) => h.memoryId)).toEqual([both.memoryId, hiking.memoryId]);
    expect(hits.map((h) => h.score)).toEqual([2, 1]);
    expect((await store.searchMemories(user, 'hobbies')).map((h) => h.memoryId)).toEqual([hiking.memoryId]);
    expect((await store.searchMemories(user, 'hik', { limit: 1 })).map((h) => h.memoryId)).toEqual([
      both.memoryId,
    ]);
    expect(await store.searchMemories(user, 'astronomy')).toEqual([]);
    await store.updateMemory(hiking.memoryId, { memory: 'Enjoys climbing' });
    expect((await store.searchMemories(user, 'climbing')).map((h) => h.memoryId)).toEqual([hiking.memoryId]);
    const bad = await rejection(store.searchMemories(user, 'x', { mode: 'vector' }));
    expect(bad.code).toBe('validation_error');
  });

  it('searches memories by meaning when the store has an embedder', async () => {
    const embedder = wordGroupEmbedder([
      ['coffee', 'espresso', 'latte', 'beverage'],
      ['dog', 'puppy', 'pet'],
      ['lisbon', 'portugal', 'city'],
    ]);
    const store = await openWith({ embedder });
    const user = uniqueId('u');
    const coffee = await store.addMemory({ userId: user, memory: 'Drinks an espresso every morning' });
    const dog = await store.addMemory({ userId: user, memory: 'Has a puppy' });
    const city = await store.addMemory({ userId: user, memory: 'Lives in Lisbon' });
    const hits = await store.searchMemories(user, 'which beverage, latte or coffee?');
    expect(hits[0]!.memoryId).toBe(coffee.memoryId);
    expect(hits[0]!.score).toBeGreaterThan(0.9);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect((await store.searchMemories(user, 'pet', { limit: 1 }))[0]!.memoryId).toBe(dog.memoryId);
    await store.updateMemory(city.memoryId, { memory: 'Moved to Portugal, owns a dog' });
    const pets = await store.searchMemories(user, 'dog', { limit: 2 });
    expect(pets.map((h) => h.memoryId).sort()).toEqual([dog.memoryId, city.memoryId].sort());
    const text = await store.searchMemories(user, 'espresso', { mode: 'text' });
    expect(text.map((h) => h.memoryId)).toEqual([coffee.memoryId]);
  });

  it('lists the ids of users who own sessions or memories, and keeps creation times given on import', async () => {
    const store = await open();
    const tag = uniqueId('');
    const [a, b, c] = [`a${tag}`, `b${tag}`, `c${tag}`];
    await store.createSession({ userId: c, createdAt: 1_000 });
    await store.appendRun(testRun({ sessionId: uniqueId('s'), userId: a }));
    await store.addMemory({ userId: b, memory: 'x', createdAt: 2_000 });
    await store.addMemory({ userId: a, memory: 'y' });
    const ids = (await store.listUserIds()).filter((id) => id.endsWith(tag));
    expect(ids).toEqual([a, b, c]);
    expect((await store.listSessions({ userId: c }))[0]!.createdAt).toBe(1_000);
    expect((await store.listMemories(b))[0]!.createdAt).toBe(2_000);
    const all = await store.listUserIds();
    expect(await store.listUserIds({ limit: 1, offset: all.indexOf(b) })).toEqual([b]);
  });
}
