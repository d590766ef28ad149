/**
 * What a run hands back when it ends: its result, and the record a store keeps of it. Built from
 * the run's state once, at the end; the result owns its arrays (the run adds nothing after).
 */
import { owned } from './append.js';
import type { Message } from './messages.js';
import type { RunBase } from './run-base.js';
import type { RunResult } from './run-types.js';
import type { RunRecord } from './store.js';

/** The result of `run` with `status`; `output` is the text unless the run parsed structured output. */
export function runResult<T>(
  run: RunBase<T>,
  status: RunResult['status'],
  text: string,
  output: T | undefined,
  reply?: Message,
): RunResult<T> {
  const result: RunResult<T> = {
    runId: run.runId,
    sessionId: run.sessionId,
    userId: run.userId,
    status,
    agentName: run.speaker.name,
    text,
    model: run.fallback?.answeredBy ?? run.compiled.modelLabel,
    output: (output === undefined ? text : output) as T,
    messages: ownMessages(run, reply),
    toolCalls: owned(run.toolCalls),
    usage: run.usage,
    timings: {
      totalMs: performance.now() - run.startedAt,
      firstTokenMs: run.firstTokenAt === undefined ? undefined : run.firstTokenAt - run.startedAt,
      modelCallsMs: owned(run.modelCallsMs),
      toolCallsMs: owned(run.toolCallsMs),
    },
    modelCalls: run.modelCalls,
  };
  if (run.reasoning !== undefined) result.reasoning = run.reasoning;
  if (run.fallback !== undefined) result.usageByModel = run.fallback.usageByModel;
  return result;
}

/** The run's own messages (from its input on), and `reply` after them when it was not pushed. */
function ownMessages<T>(run: RunBase<T>, reply: Message | undefined): Message[] {
  const from = run.runStart;
  if (from < 0) return reply === undefined ? [] : [reply];
  const all = run.messages;
  if (reply === undefined) return all.slice(from);
  if (all.length - from === 1) return [all[from]!, reply];
  const out = all.slice(from);
  out.push(reply);
  return out;
}

/** The store's record of a run that ended with `result` (`errorCode` when it failed). */
export function runRecord<T>(
  run: RunBase<T>,
  result: RunResult<T>,
  status: RunRecord['status'],
  errorCode?: string,
): RunRecord {
  const record: RunRecord = {
    runId: run.runId,
    sessionId: run.sessionId!,
    userId: run.userId,
    agentName: run.agent.name,
    status,
    messages: result.messages,
    text: result.text,
    toolCalls: result.toolCalls,
    usage: result.usage,
    timings: result.timings,
    createdAt: Date.now(),
  };
  if (errorCode !== undefined) record.errorCode = errorCode;
  return record;
}

/** The partial result attached to an error that ended a run. */
const partials = new WeakMap<object, RunResult<unknown>>();

/** Attaches the partial result of the run that `error` ended. */
export function attachPartial(error: object, partial: RunResult<unknown>): void {
  partials.set(error, partial);
}

/** The partial result of the run that `error` ended, when there is one. */
export function partialResultOf(error: unknown): RunResult<unknown> | undefined {
  return typeof error === 'object' && error !== null ? partials.get(error) : undefined;
}
