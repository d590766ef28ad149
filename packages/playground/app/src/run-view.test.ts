/** The run view built from a stream's events: sources, reasoning, tools, steps, the outcome. */
import { describe, expect, it } from 'vitest';
import { applyEvent, newRun } from './run-view.js';

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
const result = (extra: object = {}) => ({
  runId: 'r1',
  sessionId: 's1',
  status: 'completed',
  text: 'Done.',
  output: 'Done.',
  toolCalls: [],
  usage,
  timings: { totalMs: 42, firstTokenMs: 3, modelCallsMs: [20], toolCallsMs: [] },
  ...extra,
});

describe('applyEvent', () => {
  it('keeps reasoning with the text after it, tool calls in order, model calls with tokens', () => {
    const view = newRun({ kind: 'agent', name: 'support' }, 'hi', 's1');
    for (const e of [
      { type: 'run-started', runId: 'r1', sessionId: 's1', agentName: 'support' },
      { type: 'model-call-started', runId: 'r1', round: 0 },
      { type: 'reasoning-delta', runId: 'r1', text: 'Think ' },
      { type: 'reasoning-delta', runId: 'r1', text: 'first.' },
      { type: 'text-delta', runId: 'r1', text: 'Let me ' },
      { type: 'text-delta', runId: 'r1', text: 'check.' },
      {
        type: 'model-call-completed',
        runId: 'r1',
        round: 0,
        usage,
        finishReason: 'tool_calls',
        durationMs: 20,
        model: 'mock:x',
      },
      { type: 'tool-call-started', runId: 'r1', toolCall: { id: 'c1', name: 'lookup', args: { q: 1 } } },
      { type: 'tool-progress', runId: 'r1', toolCallId: 'c1', toolName: 'lookup', progress: 1, total: 2 },
      {
        type: 'tool-call-completed',
        runId: 'r1',
        toolCall: { id: 'c1', name: 'lookup', args: { q: 1 } },
        result: 'no',
        isError: true,
        errorCode: 'timeout',
        durationMs: 7,
      },
      { type: 'text-delta', runId: 'r1', text: 'Done.' },
      { type: 'run-completed', runId: 'r1', result: result() },
      { type: 'done', runId: 'r1', status: 'completed' },
    ])
      applyEvent(view, e);
    expect(view.items).toEqual([
      { type: 'text', source: undefined, text: 'Let me check.', reasoning: 'Think first.' },
      {
        type: 'tool',
        source: undefined,
        id: 'c1',
        name: 'lookup',
        args: { q: 1 },
        status: 'error',
        result: 'no',
        errorCode: 'timeout',
        durationMs: 7,
        progress: '1 / 2',
      },
      { type: 'text', source: undefined, text: 'Done.', reasoning: '' },
    ]);
    expect(view.modelCalls).toEqual([
      { source: undefined, round: 0, durationMs: 20, model: 'mock:x', usage },
    ]);
    expect([view.runId, view.status, view.totalMs, view.usage]).toEqual(['r1', 'completed', 42, usage]);
  });

  it('labels members, folds loop iterations into step paths, and keeps a member’s error apart from the run’s', () => {
    const view = newRun({ kind: 'workflow', name: 'publish' }, 'x');
    const member = (path: string, agent: string, event: object) => ({
      type: 'agent-event',
      runId: 'w1',
      path,
      agent,
      event,
    });
    for (const e of [
      { type: 'workflow-started', runId: 'w1', workflow: 'publish', resumed: false },
      { type: 'step-started', runId: 'w1', path: 'polish[1]/edit', name: 'edit', kind: 'agent', attempt: 1 },
      member('polish[1]/edit', 'editor', { type: 'text-delta', runId: 'a1', text: 'Draft A' }),
      member('drafts/fact', 'checker', { type: 'text-delta', runId: 'a2', text: 'Facts' }),
      member('polish[1]/edit', 'editor', { type: 'text-delta', runId: 'a1', text: ', polished' }),
      member('drafts/fact', 'checker', {
        type: 'run-error',
        runId: 'a2',
        error: { code: 'model_error', message: 'down' },
        partial: result(),
      }),
      {
        type: 'step-error',
        runId: 'w1',
        path: 'polish[1]/edit',
        name: 'edit',
        kind: 'agent',
        error: { code: 'timeout', message: 'slow' },
        attempt: 1,
        willRetry: true,
      },
      {
        type: 'step-completed',
        runId: 'w1',
        path: 'polish[2]/edit',
        name: 'edit',
        kind: 'agent',
        output: 'x',
        durationMs: 9,
      },
      { type: 'workflow-completed', runId: 'w1', result: { output: { done: true }, usage } },
    ])
      applyEvent(view, e);
    expect(
      view.items.map((i) => [i.type, i.source?.agent, i.source?.path, 'text' in i ? i.text : undefined]),
    ).toEqual([
      ['text', 'editor', 'polish[1]/edit', 'Draft A, polished'],
      ['text', 'checker', 'drafts/fact', 'Facts'],
      ['note', 'checker', 'drafts/fact', 'down'],
    ]);
    expect(view.steps['polish/edit']).toMatchObject({ status: 'completed', durationMs: 9 });
    expect([view.runId, view.status, view.error, view.output]).toEqual([
      'w1',
      'completed',
      undefined,
      { done: true },
    ]);
  });

  it('records a paused run’s pending calls, and a failed run’s error', () => {
    const paused = newRun({ kind: 'agent', name: 'a' }, 'x');
    const pending = [{ toolCallId: 'c1', toolName: 'refund', args: {} }];
    applyEvent(paused, {
      type: 'run-paused',
      runId: 'r',
      pending,
      result: result({ status: 'paused', pending }),
    });
    expect([paused.status, paused.pending]).toEqual(['paused', pending]);
    const failed = newRun({ kind: 'agent', name: 'a' }, 'x');
    applyEvent(failed, {
      type: 'run-error',
      runId: 'r',
      error: { code: 'model_error', message: 'down' },
      partial: result(),
    });
    applyEvent(failed, { type: 'done', runId: 'r', status: 'error' });
    expect([failed.status, failed.error]).toEqual(['error', { code: 'model_error', message: 'down' }]);
  });
});
