import { describe, expect, it } from 'vitest';
import { InMemorySessionStore, type SessionStore } from './index.js';
import { describeStoreConformance, testRun } from './testing/index.js';

describeStoreConformance("core's InMemorySessionStore", () => new InMemorySessionStore(), {
  capabilities: ['history', 'state', 'pausedRuns', 'documents'],
});

/** A store with history only, as a minimal plugin would write it. */
function historyOnly(): Pick<SessionStore, 'loadHistory' | 'appendRun'> {
  const inner = new InMemorySessionStore();
  return {
    loadHistory: (id, query) => inner.loadHistory(id, query),
    appendRun: (run) => inner.appendRun(run),
  };
}

// Capabilities left out: the history tests run and pass, the others are skipped for lack of methods.
describeStoreConformance('a history-only store (detected)', historyOnly);
describeStoreConformance('a history-only store (declared)', historyOnly, { capabilities: ['history'] });

describe('InMemorySessionStore', () => {
  it('lists all runs of a session, failed ones included', async () => {
    const store = new InMemorySessionStore();
    const ok = testRun({ sessionId: 's' });
    const failed = testRun({ sessionId: 's', status: 'error' });
    await store.appendRun(ok);
    await store.appendRun(failed);
    expect((await store.listRuns('s')).map((r) => r.runId)).toEqual([ok.runId, failed.runId]);
  });
});
