import { InMemorySessionStore } from '@agno/core';
import { describe, expect, it } from 'vitest';
import { InMemoryStore } from './in-memory-store.js';
import { describeMemoryStoreConformance, describeSessionStoreConformance, testRun } from './testing/index.js';

describeSessionStoreConformance("core's InMemorySessionStore", () => new InMemorySessionStore());
describeMemoryStoreConformance('InMemoryStore', (options) => new InMemoryStore(options));
describeSessionStoreConformance(
  'InMemoryStore without a run index',
  () => new InMemoryStore({ indexRuns: false }),
);

describe('InMemoryStore without a run index', () => {
  it('finds runs newest first and leaves duplicate run ids unchecked, as documented', async () => {
    const store = new InMemoryStore({ indexRuns: false });
    const runs = [testRun({ sessionId: 'a' }), testRun({ sessionId: 'b' }), testRun({ sessionId: 'a' })];
    for (const r of runs) await store.appendRun(r);
    for (const r of runs) expect(await store.getRun(r.runId)).toBe(r);
    expect(await store.getRun('missing')).toBeUndefined();
    await store.appendRun(runs[0]!);
    expect((await store.getSession('a'))?.runCount).toBe(3);
    await store.deleteSession('a');
    expect(await store.getRun(runs[0]!.runId)).toBeUndefined();
    expect(await store.getRun(runs[1]!.runId)).toBe(runs[1]);
  });
});
