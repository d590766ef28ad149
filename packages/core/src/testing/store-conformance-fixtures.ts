/**
 * Test data for store tests: unique ids, run records as an agent stores them (tool calls
 * included), paused runs, and small helpers the store conformance suite shares.
 */
import type { Message, PausedRun, RunRecord } from '../index.js';

/** Declares one test on a freshly opened store (closed after the test). */
export type StoreTest<S> = (title: string, body: (store: S) => Promise<void>) => void;

let counter = 0;

/** A unique id with a readable prefix (unique across processes sharing one database too). */
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
    const args = { q: input, n: 2, nested: { ok: true } };
    messages.push({ role: 'assistant', content: '', toolCalls: [{ id: callId, name: 'lookup', args }] });
    messages.push({ role: 'tool', toolCallId: callId, toolName: 'lookup', content: `result for ${runId}` });
    toolCalls.push({
      id: callId,
      name: 'lookup',
      args,
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

/** A paused run waiting for the confirmation of one tool call. */
export function testPausedRun(
  runId: string,
  sessionId: string | undefined,
  userId: string | undefined,
  createdAt: number,
): PausedRun {
  return {
    runId,
    sessionId,
    userId,
    agentName: 'tester',
    messages: [
      { role: 'user', content: `delete the files of ${runId}` },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'rm', args: { path: runId } }] },
    ],
    runStart: 0,
    pending: [{ toolCall: { id: 'c1', name: 'rm', args: { path: runId } }, toolName: 'rm' }],
    done: [],
    round: 1,
    usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
    toolCalls: [],
    callCounts: {},
    createdAt,
  };
}

/** An id that breaks naive SQL: stores must treat it as data. */
export const HOSTILE_ID = "x'); DROP TABLE runs;--";

/** Settles `p` and returns the error it rejected with (throws when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** The same value after a JSON round trip (what any store gives back). */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
