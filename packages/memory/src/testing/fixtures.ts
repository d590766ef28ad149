/**
 * Builders of test data for store tests: runs with realistic messages (tool calls included) and a
 * small deterministic embedder.
 */
import type { Message, RunRecord } from '@agno/core';
import type { Embedder } from '../types.js';

let counter = 0;

/** A unique id with a readable prefix. */
export function uniqueId(prefix = 'id'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Options of {@link testRun}. */
export interface TestRunOptions {
  sessionId: string;
  runId?: string;
  userId?: string;
  agentName?: string;
  /** Text of the user message. */
  input?: string;
  /** Add a tool round: an assistant turn with a call, the tool result, then the answer. */
  withTool?: boolean;
  /** Extra plain messages before the answer (to make big runs). */
  padding?: number;
  createdAt?: number;
  status?: 'completed' | 'error';
}

/** A run record as the agent would store it. Message contents name the run and their position. */
export function testRun(options: TestRunOptions): RunRecord {
  const runId = options.runId ?? uniqueId('run');
  const input = options.input ?? `question of ${runId}`;
  const messages: Message[] = [{ role: 'user', content: input }];
  const toolCalls: RunRecord['toolCalls'] = [];
  if (options.withTool) {
    const callId = `call-${runId}`;
    messages.push({
      role: 'assistant',
      content: '',
      toolCalls: [{ id: callId, name: 'lookup', args: { q: input, n: 2, nested: { ok: true } } }],
    });
    messages.push({ role: 'tool', toolCallId: callId, toolName: 'lookup', content: `result for ${runId}` });
    toolCalls.push({
      id: callId,
      name: 'lookup',
      args: { q: input, n: 2, nested: { ok: true } },
      result: `result for ${runId}`,
      isError: false,
      durationMs: 1.5,
    });
  }
  for (let i = 0; i < (options.padding ?? 0); i++) {
    messages.push({
      role: i % 2 === 0 ? 'assistant' : 'user',
      content: `${runId} padding ${i} ${'x'.repeat(40)}`,
    });
  }
  messages.push({ role: 'assistant', content: `answer of ${runId}` });
  const record: RunRecord = {
    runId,
    sessionId: options.sessionId,
    userId: options.userId,
    agentName: options.agentName ?? 'tester',
    status: options.status ?? 'completed',
    messages,
    text: `answer of ${runId}`,
    toolCalls,
    usage: { inputTokens: 12, outputTokens: 7, totalTokens: 19 },
    timings: {
      totalMs: 3.25,
      firstTokenMs: 1.5,
      modelCallsMs: [1.5],
      toolCallsMs: options.withTool ? [1.5] : [],
    },
    createdAt: options.createdAt ?? Date.now(),
  };
  if (record.status === 'error') record.errorCode = 'model_error';
  return record;
}

/**
 * A deterministic embedder for tests: one dimension per group of related words (`coffee`,
 * `espresso` and `latte` land on one axis), so that search by meaning can be checked exactly.
 */
export function wordGroupEmbedder(groups: readonly (readonly string[])[]): Embedder & { calls: number } {
  const axis = new Map<string, number>();
  groups.forEach((words, i) => {
    for (const w of words) axis.set(w.toLowerCase(), i);
  });
  const embed = async (texts: string[]): Promise<number[][]> => {
    embed.calls++;
    return texts.map((text) => {
      const v = new Array<number>(groups.length + 1).fill(0);
      for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        const i = axis.get(w);
        if (i !== undefined) v[i]! += 1;
      }
      v[groups.length] = 0.01;
      return v;
    });
  };
  embed.calls = 0;
  return embed;
}
