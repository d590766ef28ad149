import { randomVectors } from '@agno/core/testing';
import { it } from 'vitest';
import { InMemoryVectorStore } from '../stores/memory-store.js';
import { SqliteVectorStore } from './index.js';

it('perf', async () => {
  const n = 100_000;
  const dims = 384;
  const vectors = randomVectors(n, dims, 3);
  const store = await SqliteVectorStore.open({ path: '/tmp/perf-k3.db', dimensions: dims });
  let t = performance.now();
  if ((await store.count()) === 0) {
    for (let b = 0; b < n; b += 5000) {
      await store.upsert(
        vectors.slice(b, b + 5000).map((vector, j) => ({
          id: `c${b + j}`,
          source: `s${(b + j) % 1000}`,
          index: j,
          text: `chunk ${b + j} about things`,
          hash: 'h',
          metadata: { n: (b + j) % 10 },
          vector,
        })),
      );
    }
  }
  console.log('ingest ms', performance.now() - t);
  const mem = new InMemoryVectorStore({ dimensions: dims, initialCapacity: n });
  t = performance.now();
  for (let b = 0; b < n; b += 5000)
    await mem.upsert(
      vectors.slice(b, b + 5000).map((vector, j) => ({
        id: `c${b + j}`,
        source: 's',
        index: j,
        text: `chunk ${b + j}`,
        hash: 'h',
        metadata: {},
        vector,
      })),
    );
  console.log('mem ingest ms', performance.now() - t);
  const q = randomVectors(20, dims, 77);
  t = performance.now();
  await store.search({ vector: q[0]!, topK: 10 });
  console.log('first search (cache load) ms', performance.now() - t);
  for (const s of [store, mem]) {
    const times: number[] = [];
    for (const v of q) {
      const t0 = performance.now();
      await s.search({ vector: v, topK: 10 });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(s.constructor.name, 'median ms', times[10], 'min', times[0]);
  }
  const times: number[] = [];
  for (const v of q) {
    const t0 = performance.now();
    await store.search({ vector: v, topK: 10, filter: { n: 3 } });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log('filtered median', times[10]);
  await store.close();
}, 300_000);
