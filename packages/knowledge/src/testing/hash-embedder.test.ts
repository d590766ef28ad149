import { isAgnoError } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { TestEmbedder } from './hash-embedder.js';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('TestEmbedder', () => {
  it('is deterministic, normalised, of the dimensions asked for', async () => {
    const embedder = new TestEmbedder({ dimensions: 64 });
    const [a, b] = await embedder.embed(['Charge the battery', 'Charge the battery']);
    expect(a).toHaveLength(64);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect((await new TestEmbedder().embed(['x']))[0]).toHaveLength(384);
  });

  it('puts texts that share words closer than unrelated ones', async () => {
    const embedder = new TestEmbedder();
    const [query, near, far] = await embedder.embed([
      'how long does the battery take to charge',
      'Charge the battery for four hours before first use.',
      'The warranty covers manufacturing defects for two years.',
    ]);
    expect(dot(query!, near!)).toBeGreaterThan(dot(query!, far!) + 0.2);
    // Trigrams make word forms close: "charging" is near "charge".
    const [charging, charge, warranty] = await embedder.embed(['charging', 'charge', 'warranty']);
    expect(dot(charging!, charge!)).toBeGreaterThan(dot(charging!, warranty!));
  });

  it('counts calls and texts, fails and returns wrong dimensions when told', async () => {
    const embedder = new TestEmbedder({ dimensions: 8, failAt: 2, wrongDimensionsAt: [3] });
    await embedder.embed(['a', 'b']);
    const error = await embedder.embed(['c']).catch((e: unknown) => e);
    expect(isAgnoError(error, 'embedding_error')).toBe(true);
    expect((await embedder.embed(['d']))[0]).toHaveLength(9);
    expect(embedder).toMatchObject({ calls: 3, embedded: 3 });
    embedder.reset();
    expect(embedder).toMatchObject({ calls: 0, embedded: 0 });
  });

  it('honours an aborted signal with a typed error', async () => {
    const slow = new TestEmbedder({ delayMs: 10_000 });
    const controller = new AbortController();
    const pending = slow.embed(['x'], { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isAgnoError(error, 'aborted')).toBe(true);
    expect(slow.embedded).toBe(0);
  });
});
