/**
 * Runs the page did not stream: a session's stored runs (the store's `RunRecord` as JSON) and
 * paused runs found on the server (after a reload or a restart), as {@link RunView}s.
 */
import type { Usage } from '@agno/core';
import type { PausedRunInfo, StoredRun, WireToolCall } from '@agno/server/client';
import { newRun, type RunView } from './run-view.js';

interface StoredMessage {
  role: string;
  content?: unknown;
  reasoning?: string;
  toolCalls?: Array<{ id: string; name: string; args: unknown }>;
}

/** The text of a message's content (a string, or text parts). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: { type?: string; text?: string }) =>
      p?.type === 'text' ? (p.text ?? '') : `[${p?.type ?? 'part'}]`,
    )
    .join('');
}

/** A stored run of an agent's session as the page shows it. */
export function storedRunView(record: StoredRun): RunView {
  const r = record as StoredRun & {
    agentName?: string;
    status?: 'completed' | 'error';
    messages?: StoredMessage[];
    text?: string;
    toolCalls?: WireToolCall[];
    usage?: Usage;
    timings?: { totalMs?: number; modelCallsMs?: number[] };
    createdAt?: number;
    errorCode?: string;
  };
  const messages = r.messages ?? [];
  const input = messages.find((m) => m.role === 'user');
  const view = newRun(
    { kind: 'agent', name: r.agentName ?? '' },
    input === undefined ? undefined : contentText(input.content),
    r.sessionId,
  );
  view.origin = 'stored';
  view.runId = r.runId;
  view.status = r.status === 'error' ? 'error' : 'completed';
  view.createdAt = r.createdAt ?? view.createdAt;
  const calls = new Map((r.toolCalls ?? []).map((c) => [c.id, c]));
  for (const m of messages) {
    if (m.role !== 'assistant') continue;
    const text = contentText(m.content);
    if (text !== '' || m.reasoning)
      view.items.push({ type: 'text', source: undefined, text, reasoning: m.reasoning ?? '' });
    for (const call of m.toolCalls ?? []) {
      const done = calls.get(call.id);
      view.items.push({
        type: 'tool',
        source: undefined,
        id: call.id,
        name: call.name,
        args: call.args,
        status: done === undefined ? 'running' : done.isError ? 'error' : 'done',
        ...(done === undefined
          ? {}
          : {
              result: done.result,
              durationMs: done.durationMs,
              ...(done.errorCode === undefined ? {} : { errorCode: done.errorCode }),
            }),
      });
    }
  }
  if (view.items.length === 0 && r.text)
    view.items.push({ type: 'text', source: undefined, text: r.text, reasoning: '' });
  view.modelCalls = (r.timings?.modelCallsMs ?? []).map((ms, round) => ({
    source: undefined,
    round,
    durationMs: ms,
  }));
  if (r.usage !== undefined) view.usage = r.usage;
  if (r.timings?.totalMs !== undefined) view.totalMs = r.timings.totalMs;
  if (r.errorCode !== undefined) view.error = { code: r.errorCode, message: 'the run failed' };
  view.result = record;
  return view;
}

/** A paused run found on the server, waiting for decisions. */
export function pausedRunView(paused: PausedRunInfo): RunView {
  const view = newRun({ kind: 'agent', name: paused.agent }, undefined, paused.sessionId);
  view.origin = 'stored';
  view.runId = paused.runId;
  view.status = 'paused';
  view.pending = paused.pending;
  view.createdAt = paused.createdAt ?? view.createdAt;
  view.result = paused;
  return view;
}
