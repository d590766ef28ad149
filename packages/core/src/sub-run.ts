/**
 * Sub-agent runs (`agent.asTool`) that pause: their pending calls surface in the parent's pause
 * with ids qualified by the parent's call (`outer/inner`), and their paused state travels inside
 * the parent's `PausedRun` (`nested`) until the parent is continued.
 */
import type { RunBase } from './run-base.js';
import type { NestedPause, PendingToolCall, ToolCallRecord, ToolDecision } from './run-types.js';

/**
 * Moves the calls whose sub-agent paused out of `records` (they have no outcome yet) and adds
 * their sub-agents' pending calls to `pending`.
 */
export function nestedPending(
  run: RunBase<unknown>,
  records: ToolCallRecord[],
  pending: PendingToolCall[] | undefined,
): PendingToolCall[] | undefined {
  const nested = run.extras?.nested;
  if (nested === undefined || nested.size === 0) return pending;
  for (let i = records.length - 1; i >= 0; i--) if (nested.has(records[i]!.id)) records.splice(i, 1);
  const out = pending ?? [];
  for (const [callId, sub] of nested) {
    for (const p of sub.paused.pending) {
      out.push({
        toolCall: { ...p.toolCall, id: `${callId}/${p.toolCall.id}` },
        toolName: p.toolName,
        agent: p.agent === undefined ? sub.agent : `${sub.agent}/${p.agent}`,
      });
    }
  }
  return out;
}

/** The sub-agent pauses of this turn, for the parent's `PausedRun` (the run forgets them). */
export function takeNested(run: RunBase<unknown>): Record<string, NestedPause> | undefined {
  const extras = run.extras;
  const nested = extras?.nested;
  if (nested === undefined || nested.size === 0) return undefined;
  extras!.nested = undefined;
  return Object.fromEntries(nested);
}

/** The decisions for a paused sub-agent run, taken from the parent's (keyed by qualified ids). */
export function subDecisions(
  callId: string,
  sub: NestedPause,
  decisions: Record<string, ToolDecision>,
): Record<string, ToolDecision> {
  const out: Record<string, ToolDecision> = {};
  for (const p of sub.paused.pending) {
    const d = decisions[`${callId}/${p.toolCall.id}`];
    if (d !== undefined) out[p.toolCall.id] = d;
  }
  return out;
}

/** The paused sub-agent run that call `callId` continues now, with its decisions (taken once). */
export function takeResume(
  run: RunBase<unknown>,
  callId: string,
): { paused: NestedPause['paused']; decisions: Record<string, ToolDecision> } | undefined {
  const resuming = run.extras?.resuming;
  const found = resuming?.get(callId);
  if (found !== undefined) resuming!.delete(callId);
  return found;
}
