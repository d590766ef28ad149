/**
 * The history part of the store conformance suite: runs appended and loaded back, trimmed at a
 * user turn, failed runs kept out, concurrent appends kept whole.
 */
import { expect } from 'vitest';
import type { HistoryStore, Message, RunRecord } from '../index.js';
import { HOSTILE_ID, json, type StoreTest, testRun, uniqueId } from './store-conformance-fixtures.js';

/** Declares the tests of {@link HistoryStore}. */
export function describeHistoryConformance(test: StoreTest<HistoryStore>): void {
  test('has no history for an unknown session', async (store) => {
    const id = uniqueId('s');
    expect(await store.loadHistory(id)).toEqual([]);
    expect(await store.loadHistory(id, { limit: 5, unit: 'runs' })).toEqual([]);
  });

  test('returns the messages of appended runs, oldest first', async (store) => {
    const sessionId = uniqueId('s');
    const runs = [testRun({ sessionId }), testRun({ sessionId, withTool: true }), testRun({ sessionId })];
    for (const r of runs) await store.appendRun(r);
    expect(await store.loadHistory(sessionId)).toEqual(json(runs.flatMap((r) => r.messages)));
  });

  test('loads the last N messages, or the messages of the last N runs', async (store) => {
    const sessionId = uniqueId('s');
    const runs = [testRun({ sessionId }), testRun({ sessionId }), testRun({ sessionId })];
    for (const r of runs) await store.appendRun(r);
    const all = json(runs.flatMap((r) => r.messages));
    expect(await store.loadHistory(sessionId, { limit: 4 })).toEqual(all.slice(-4));
    expect(await store.loadHistory(sessionId, { limit: 4, unit: 'messages' })).toEqual(all.slice(-4));
    // The last 3 would open with an answer whose question was cut off: the history starts at the next question.
    expect(await store.loadHistory(sessionId, { limit: 3 })).toEqual(all.slice(-2));
    expect(await store.loadHistory(sessionId, { limit: 100 })).toEqual(all);
    expect(await store.loadHistory(sessionId, { limit: 0 })).toEqual([]);
    expect(await store.loadHistory(sessionId, { limit: 2, unit: 'runs' })).toEqual(
      json([...runs[1]!.messages, ...runs[2]!.messages]),
    );
    expect(await store.loadHistory(sessionId, { limit: 9, unit: 'runs' })).toEqual(all);
    expect(await store.loadHistory(sessionId, { limit: 0, unit: 'runs' })).toEqual([]);
  });

  test('starts history at a user message: never with a cut-off turn or an orphan tool result', async (store) => {
    const sessionId = uniqueId('s');
    const first = testRun({ sessionId });
    const run = testRun({ sessionId, withTool: true });
    await store.appendRun(first);
    await store.appendRun(run);
    // [user, answer] + [user, assistant+call, tool, assistant]
    expect(await store.loadHistory(sessionId, { limit: 4 })).toEqual(json(run.messages));
    expect(await store.loadHistory(sessionId, { limit: 5 })).toEqual(json(run.messages));
    expect(await store.loadHistory(sessionId, { limit: 2 })).toEqual([]);
    expect(await store.loadHistory(sessionId, { limit: 3 })).toEqual([]);
    expect(await store.loadHistory(sessionId, { limit: 6 })).toEqual(
      json([...first.messages, ...run.messages]),
    );
    expect(await store.loadHistory(sessionId, { limit: 1, unit: 'runs' })).toEqual(json(run.messages));
  });

  test('keeps the histories of sessions apart', async (store) => {
    const a = uniqueId('a');
    const b = uniqueId('b');
    const ra = testRun({ sessionId: a });
    const rb = testRun({ sessionId: b });
    await store.appendRun(ra);
    await store.appendRun(rb);
    expect(await store.loadHistory(a)).toEqual(json(ra.messages));
    expect(await store.loadHistory(b)).toEqual(json(rb.messages));
  });

  test('round-trips every message shape: parts, tool calls, errors, attachments, unicode, NUL', async (store) => {
    const sessionId = uniqueId('s');
    const messages: Message[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is in this picture? 🌍 “quotes” \\ back\\slash' },
          { type: 'image', url: 'https://example.com/cat.png', mediaType: 'image/png' },
          { type: 'file', data: 'aGVsbG8=', mediaType: 'text/plain', name: 'a.txt' },
        ],
      },
      {
        role: 'assistant',
        content: 'let me look',
        toolCalls: [
          { id: 'c1', name: 'see', args: { deep: { list: [1, 2.5, null, 'x'], flag: false } } },
          { id: 'c2', name: 'see', args: {} },
        ],
      },
      { role: 'tool', toolCallId: 'c1', toolName: 'see', content: 'a cat\u0000with NUL', isError: false },
      {
        role: 'tool',
        toolCallId: 'c2',
        toolName: 'see',
        content: 'failed: timeout',
        isError: true,
        attachments: [{ type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' }],
      },
      {
        role: 'assistant',
        content: "it's a cat — 猫 — with ' and \" and ; DROP TABLE",
        providerData: { thinking: [{ type: 'thinking', thinking: 'hmm', signature: 'sig==' }], n: 1.5 },
      },
    ];
    await store.appendRun({ ...testRun({ sessionId }), messages });
    expect(await store.loadHistory(sessionId)).toEqual(messages);
  });

  test("treats hostile ids as data: a session id like `x'); DROP TABLE runs;--` works and harms nothing", async (store) => {
    const bystander = uniqueId('s');
    await store.appendRun(testRun({ sessionId: bystander }));
    const sessionId = `${HOSTILE_ID}${uniqueId('')}`;
    const run = testRun({ sessionId, runId: `${HOSTILE_ID}${uniqueId('r')}` });
    await store.appendRun(run);
    expect(await store.loadHistory(sessionId)).toEqual(json(run.messages));
    expect(await store.loadHistory(bystander)).toHaveLength(2);
  });

  test('keeps the messages of failed runs out of the history unless includeFailed is asked', async (store) => {
    const sessionId = uniqueId('s');
    const r1 = testRun({ sessionId });
    const r2 = testRun({ sessionId, status: 'error', withTool: true });
    const r3 = testRun({ sessionId });
    const r4 = testRun({ sessionId, status: 'error' });
    for (const r of [r1, r2, r3, r4]) await store.appendRun(r);
    const kept = json([...r1.messages, ...r3.messages]);
    expect(await store.loadHistory(sessionId)).toEqual(kept);
    expect(await store.loadHistory(sessionId, { limit: 4 })).toEqual(kept);
    expect(await store.loadHistory(sessionId, { limit: 2 })).toEqual(json(r3.messages));
    expect(await store.loadHistory(sessionId, { limit: 100 })).toEqual(kept);
    // A runs limit counts only the runs that are included.
    expect(await store.loadHistory(sessionId, { limit: 1, unit: 'runs' })).toEqual(json(r3.messages));
    expect(await store.loadHistory(sessionId, { limit: 2, unit: 'runs' })).toEqual(kept);
    expect(await store.loadHistory(sessionId, { limit: 0, unit: 'runs' })).toEqual([]);
    const all = json([r1, r2, r3, r4].flatMap((r) => r.messages));
    const withFailed = { includeFailed: true } as const;
    expect(await store.loadHistory(sessionId, withFailed)).toEqual(all);
    expect(await store.loadHistory(sessionId, { ...withFailed, limit: 8 })).toEqual(all.slice(2));
    expect(await store.loadHistory(sessionId, { ...withFailed, limit: 4 })).toEqual(all.slice(6));
    expect(await store.loadHistory(sessionId, { ...withFailed, limit: 2, unit: 'runs' })).toEqual(
      all.slice(6),
    );
    expect(await store.loadHistory(sessionId, { ...withFailed, limit: 3, unit: 'runs' })).toEqual(
      all.slice(2),
    );
    expect(await store.loadHistory(sessionId, { includeFailed: false })).toEqual(kept);
    const onlyFailed = uniqueId('s');
    const failed = testRun({ sessionId: onlyFailed, status: 'error' });
    await store.appendRun(failed);
    expect(await store.loadHistory(onlyFailed)).toEqual([]);
    expect(await store.loadHistory(onlyFailed, { limit: 1, unit: 'runs' })).toEqual([]);
    expect(await store.loadHistory(onlyFailed, withFailed)).toEqual(json(failed.messages));
  });

  test('keeps all of 1,000 concurrent appends to one session, each run in order', async (store) => {
    const sessionId = uniqueId('s');
    const runs: RunRecord[] = Array.from({ length: 1000 }, (_, i) =>
      testRun({ sessionId, runId: `${sessionId}-run-${i}`, withTool: i % 3 === 0 }),
    );
    await Promise.all(runs.map((r) => store.appendRun(r)));
    const history = await store.loadHistory(sessionId);
    expect(history).toHaveLength(runs.reduce((n, r) => n + r.messages.length, 0));
    // Each run's messages must be contiguous and in their own order.
    const byFirst = new Map(runs.map((r) => [JSON.stringify(r.messages[0]), r]));
    let seen = 0;
    for (let i = 0; i < history.length; ) {
      const run = byFirst.get(JSON.stringify(history[i]));
      expect(run).toBeDefined();
      expect(history.slice(i, i + run!.messages.length)).toEqual(json(run!.messages));
      i += run!.messages.length;
      seen++;
    }
    expect(seen).toBe(1000);
  });
}
