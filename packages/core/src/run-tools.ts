/**
 * One turn's tool calls: unique call ids, loop detection, confirmation gates, bounded
 * parallelism, hooks and events around each call, and the results added to the conversation
 * in the order the model asked for them.
 */
import { append } from './append.js';
import { mapConcurrent } from './concurrency.js';
import { hookFailure } from './errors.js';
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

/** What a turn of tool calls left to decide: the calls that wait for confirmation, and those that ran. */
export interface ToolTurnPause {
  pending: PendingToolCall[];
  done: ToolCallRecord[];
}

/**
 * Runs one turn's tool calls (in parallel, bounded); returns the pause when some need
 * confirmation. Returns without a promise when the turn's one call did not have to be waited for.
 */
export function runTools(
  run: RunBase<unknown>,
  calls: ToolCall[],
): ToolTurnPause | undefined | Promise<ToolTurnPause | undefined> {
  if (calls.length !== 1 || run.compiled.needsConfirmation) return runTurn(run, calls);
  const outcome = callTool(run, calls[0]!);
  if (outcome instanceof Promise) return outcome.then((record) => oneDone(run, calls, record));
  return oneDone(run, calls, outcome);
}

async function runTurn(run: RunBase<unknown>, calls: ToolCall[]): Promise<ToolTurnPause | undefined> {
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
  return turnDone(run, calls, await runCalls(run, runnable), pending);
}

/** {@link turnDone} for a turn of one call. */
function oneDone(
  run: RunBase<unknown>,
  calls: ToolCall[],
  record: ToolCallRecord,
): ToolTurnPause | undefined {
  if (run.extras?.nested !== undefined) return turnDone(run, calls, [record], undefined);
  commitRecord(run, record);
  return undefined;
}

/** Adds the turn's results to the conversation, or returns the pause when calls wait for decisions. */
function turnDone(
  run: RunBase<unknown>,
  calls: ToolCall[],
  records: ToolCallRecord[],
  pending: PendingToolCall[] | undefined,
): ToolTurnPause | undefined {
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
  return mapConcurrent(calls, limit, async (call) => callTool(run, call));
}

/**
 * Runs one call with events, hooks and timing; a run that stopped meanwhile drops the late
 * result. Without listeners or an after-hook, a call that did not have to be waited for returns
 * its record without a promise.
 */
export function callTool(run: RunBase<unknown>, call: ToolCall): ToolCallRecord | Promise<ToolCallRecord> {
  run.checkAbort();
  if (run.observed || run.hooks?.afterToolCall !== undefined) return callToolAround(run, call);
  const outcome = runToolCall(run, call, run.compiled.tools.get(call.name), run.compiled.toolNames);
  return outcome instanceof Promise ? awaitTool(run, call, outcome) : toolDone(run, call, outcome);
}

/** The call with its events and after-hook around it. */
async function callToolAround(run: RunBase<unknown>, call: ToolCall): Promise<ToolCallRecord> {
  if (run.observed) {
    const p = run.emit({ type: 'tool-call-started', runId: run.runId, toolCall: call });
    if (p !== undefined) await p;
  }
  let record = runToolCall(run, call, run.compiled.tools.get(call.name), run.compiled.toolNames);
  record = record instanceof Promise ? await awaitTool(run, call, record) : toolDone(run, call, record);
  // A call whose sub-agent paused has no outcome yet: it completes when the run is continued.
  if (run.extras?.nested?.has(call.id) === true) return record;
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

/** Waits for a call in flight (listed as busy meanwhile, to be reported if the run stops). */
async function awaitTool(
  run: RunBase<unknown>,
  call: ToolCall,
  outcome: Promise<ToolCallRecord>,
): Promise<ToolCallRecord> {
  // An array, not a Set: a Set would hash every call object (a hidden allocation per call).
  const busy = (run.busyTools ??= []);
  busy.push(call);
  let record: ToolCallRecord;
  try {
    record = await outcome;
  } finally {
    const i = busy.indexOf(call);
    if (i >= 0) busy.splice(i, 1);
  }
  return toolDone(run, call, record);
}

/** Counts a finished call's time (not a paused sub-agent's: it has no outcome yet). */
function toolDone(run: RunBase<unknown>, call: ToolCall, record: ToolCallRecord): ToolCallRecord {
  run.checkAbort();
  if (run.extras?.nested?.has(call.id) !== true) run.toolCallsMs = append(run.toolCallsMs, record.durationMs);
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
): (ToolCallRecord | Promise<ToolCallRecord>)[] {
  const work: (ToolCallRecord | Promise<ToolCallRecord>)[] = [];
  for (const p of paused.pending) {
    if (p.agent !== undefined) continue; // a sub-agent's call: decided when its run continues
    const decision = decisions[p.toolCall.id];
    if (decision?.approved === true) work.push(callTool(run, p.toolCall));
    else {
      const reason = decision?.approved === false && decision.reason ? `: ${decision.reason}` : '';
      work.push({
        id: p.toolCall.id,
        name: p.toolCall.name,
        args: p.toolCall.args,
        result: `the user rejected this call${reason}`,
        isError: true,
        errorCode: 'rejected',
        durationMs: 0,
      });
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
  run.toolCalls = append(run.toolCalls, record);
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
