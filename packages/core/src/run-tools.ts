/**
 * One turn's tool calls: unique call ids, loop detection, confirmation gates, bounded
 * parallelism, hooks and events around each call, and the results added to the conversation
 * in the order the model asked for them.
 */
import { canonicalJSON } from './canonical.js';
import { mapConcurrent } from './concurrency.js';
import { hookFailure, LoopDetectedError } from './errors.js';
import type { Message, ToolCall } from './messages.js';
import type { RunBase } from './run-base.js';
import type { PausedRun, PendingToolCall, ToolCallRecord, ToolDecision } from './run-types.js';
import { nestedPending, subDecisions } from './sub-run.js';
import { RawToolCallCompletedEvent } from './tool-record.js';
import { runToolCall } from './tool-runner.js';

/** Defaults used when neither the run nor the agent sets an option. */
export const RUN_DEFAULTS = {
  maxToolRounds: 10,
  maxRepeatedToolCalls: 3,
  historyLimit: 20,
} as const;

/**
 * The calls of one model turn with ids that are non-empty and distinct, so that each result
 * reaches the model matched to its own call (OpenAI-compatible servers send `id: ""`, some
 * repeat ids). Calls that need a new id are copied; the model's objects are left as they are.
 */
export function uniqueCallIds(calls: ToolCall[], round: number): ToolCall[] {
  if (calls.length === 1) {
    const call = calls[0]!;
    return call.id ? calls : [{ ...call, id: `call_${round}_0` }];
  }
  const seen = new Set<string>();
  let out: ToolCall[] | undefined;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    let id = call.id;
    if (!id || seen.has(id)) {
      const base = id || 'call';
      let n = i;
      do id = `${base}_${round}_${n++}`;
      while (seen.has(id) || calls.some((c) => c.id === id));
      out ??= calls.slice(0, i);
      out.push({ ...call, id });
    } else if (out !== undefined) out.push(call);
    seen.add(id);
  }
  return out ?? calls;
}

/** Stops the run with `loop_detected` when one call (same tool, same arguments) repeats too often. */
export function detectLoop(run: RunBase<unknown>, calls: ToolCall[]): void {
  const limit = run.opt('maxRepeatedToolCalls') ?? RUN_DEFAULTS.maxRepeatedToolCalls;
  if (limit <= 0) return;
  const counts = (run.callCounts ??= new Map());
  for (const call of calls) {
    const key = `${call.name}\u0000${canonicalJSON(call.args)}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n >= limit) {
      if (run.observed) {
        run.emit({ type: 'loop-detected', runId: run.runId, toolName: call.name, repeats: n });
      }
      throw new LoopDetectedError(call.name, n);
    }
  }
}

/** What a turn of tool calls left to decide: the calls that wait for confirmation, and those that ran. */
export interface ToolTurnPause {
  pending: PendingToolCall[];
  done: ToolCallRecord[];
}

/** Runs one turn's tool calls (in parallel, bounded); returns the pause when some need confirmation. */
export async function runTools(run: RunBase<unknown>, calls: ToolCall[]): Promise<ToolTurnPause | undefined> {
  const tools = run.compiled.tools;
  let pending: PendingToolCall[] | undefined;
  let runnable: ToolCall[] = calls;
  if (run.compiled.needsConfirmation) {
    runnable = [];
    for (const call of calls) {
      if (tools.get(call.name)?.requiresConfirmation === true) {
        (pending ??= []).push({ toolCall: call, toolName: call.name });
      } else runnable.push(call);
    }
  }
  const records = await runCalls(run, runnable);
  // Calls whose sub-agent paused wait for decisions too (see `agent.asTool`).
  if (run.extras?.nested !== undefined) pending = nestedPending(run, records, pending);
  if (pending !== undefined) return { pending, done: records };
  if (records.length === 1) commitRecord(run, records[0]!);
  else {
    const byId = new Map<string, ToolCallRecord>();
    for (const r of records) byId.set(r.id, r);
    commitToolResults(run, calls, byId);
  }
  return undefined;
}

/** Runs calls, at most `maxParallelToolCalls` at once; records come back in call order. */
export async function runCalls(run: RunBase<unknown>, calls: ToolCall[]): Promise<ToolCallRecord[]> {
  if (calls.length === 0) return [];
  if (calls.length === 1) return [await callTool(run, calls[0]!)];
  const limit = run.opt('maxParallelToolCalls') ?? Number.POSITIVE_INFINITY;
  return mapConcurrent(calls, limit, (call) => callTool(run, call));
}

/** Runs one call with events, hooks and timing; a run that stopped meanwhile drops the late result. */
export async function callTool(run: RunBase<unknown>, call: ToolCall): Promise<ToolCallRecord> {
  run.checkAbort();
  if (run.observed) {
    const p = run.emit({ type: 'tool-call-started', runId: run.runId, toolCall: call });
    if (p !== undefined) await p;
  }
  // An array, not a Set: a Set would hash every call object (a hidden allocation per call).
  const busy = (run.busyTools ??= []);
  busy.push(call);
  let record: ToolCallRecord;
  try {
    record = await runToolCall(run, call, run.compiled.tools.get(call.name), run.compiled.toolNames);
  } finally {
    const i = busy.indexOf(call);
    if (i >= 0) busy.splice(i, 1);
  }
  run.checkAbort();
  // A call whose sub-agent paused has no outcome yet: it completes when the run is continued.
  if (run.extras?.nested?.has(call.id) === true) return record;
  run.toolCallsMs.push(record.durationMs);
  const hooks = run.hooks;
  if (hooks?.afterToolCall !== undefined) {
    try {
      const done = hooks.afterToolCall({
        runId: run.runId,
        sessionId: run.sessionId,
        agentName: run.agent.name,
        toolCall: call,
        record,
      });
      if (done instanceof Promise) await done;
    } catch (error) {
      throw hookFailure('afterToolCall', error);
    }
  }
  if (run.observed) {
    const p = run.emit(new RawToolCallCompletedEvent(run.runId, call, record));
    if (p !== undefined) await p;
  }
  return record;
}

/**
 * The calls of a paused turn, run with their decisions: approved ones, rejected ones as error
 * results the model reads, and paused sub-agents continued with the decisions for their calls.
 */
export function decidedCalls(
  run: RunBase<unknown>,
  paused: PausedRun,
  calls: ToolCall[],
  decisions: Record<string, ToolDecision>,
): Promise<ToolCallRecord>[] {
  const work: Promise<ToolCallRecord>[] = [];
  for (const p of paused.pending) {
    if (p.agent !== undefined) continue; // a sub-agent's call: decided when its run continues
    const decision = decisions[p.toolCall.id];
    if (decision?.approved === true) work.push(callTool(run, p.toolCall));
    else {
      const reason = decision?.approved === false && decision.reason ? `: ${decision.reason}` : '';
      work.push(
        Promise.resolve({
          id: p.toolCall.id,
          name: p.toolCall.name,
          args: p.toolCall.args,
          result: `the user rejected this call${reason}`,
          isError: true,
          errorCode: 'rejected',
          durationMs: 0,
        }),
      );
    }
  }
  for (const [callId, sub] of Object.entries(paused.nested ?? {})) {
    const call = calls.find((c) => c.id === callId);
    if (call === undefined) continue;
    const extras = (run.extras ??= {});
    (extras.resuming ??= new Map()).set(callId, {
      paused: sub.paused,
      decisions: subDecisions(callId, sub, decisions),
    });
    work.push(callTool(run, call));
  }
  return work;
}

/** Adds one call's outcome to the run and its result to the conversation. */
function commitRecord(run: RunBase<unknown>, record: ToolCallRecord): void {
  run.toolCalls.push(record);
  const msg: Message = {
    role: 'tool',
    toolCallId: record.id,
    toolName: record.name,
    content: record.result,
  };
  if (record.isError) msg.isError = true;
  if (record.attachments !== undefined) msg.attachments = record.attachments;
  run.messages.push(msg);
}

/** Appends results in the order the model asked for the calls (ids matched). */
export function commitToolResults(
  run: RunBase<unknown>,
  calls: ToolCall[],
  byId: Map<string, ToolCallRecord>,
): void {
  for (const call of calls) {
    const record = byId.get(call.id);
    if (record !== undefined) commitRecord(run, record);
  }
}
