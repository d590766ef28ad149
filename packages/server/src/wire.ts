/**
 * The JSON the server sends for runs and events: results without their full message lists (a
 * client reads the session's runs for those), errors as `{ name, code, message }` (never a stack,
 * a cause or a secret), member events of teams and workflows kept nested and tagged.
 */
import type { AgentEvent, PendingToolCall, RunResult, ToolCallRecord, Usage } from '@agno/core';
import { wireError } from './http-errors.js';

/** A tool call as the wire shows it. */
export interface WireToolCall {
  id: string;
  name: string;
  args: unknown;
  result: string;
  isError: boolean;
  errorCode?: string;
  durationMs: number;
}

/** An agent run's result as the wire shows it. */
export interface WireRunResult {
  runId: string;
  sessionId: string | undefined;
  status: 'completed' | 'paused' | 'error';
  text: string;
  output: unknown;
  toolCalls: WireToolCall[];
  usage: Usage;
  timings: RunResult['timings'];
  /** The calls waiting for a decision, when paused. */
  pending?: Array<{ toolCallId: string; toolName: string; args: unknown }>;
}

/** `result` as the wire shows it. */
export function wireRunResult(result: RunResult<unknown>): WireRunResult {
  const out: WireRunResult = {
    runId: result.runId,
    sessionId: result.sessionId,
    status: result.status,
    text: result.text,
    output: result.output,
    toolCalls: result.toolCalls.map(wireToolCall),
    usage: result.usage,
    timings: result.timings,
  };
  if (result.pending !== undefined) out.pending = result.pending.map(wirePending);
  return out;
}

function wireToolCall(call: ToolCallRecord): WireToolCall {
  const out: WireToolCall = {
    id: call.id,
    name: call.name,
    args: call.args,
    result: call.result,
    isError: call.isError,
    durationMs: call.durationMs,
  };
  if (call.errorCode !== undefined) out.errorCode = call.errorCode;
  return out;
}

/** A pending call as the wire shows it. */
export function wirePending(p: PendingToolCall): { toolCallId: string; toolName: string; args: unknown } {
  return { toolCallId: p.toolCall.id, toolName: p.toolName, args: p.toolCall.args };
}

function isRunResult(value: unknown): value is RunResult<unknown> {
  return typeof value === 'object' && value !== null && 'messages' in value && 'toolCalls' in value;
}

/** The JSON of a result of any kind (agent run results trimmed, others as they are). */
export function wireResult(result: unknown): unknown {
  return isRunResult(result) ? wireRunResult(result) : result;
}

/** The wire form of one event (agent, team or workflow); most events go as they are. */
export function wireEvent(event: { type: string }): object {
  switch (event.type) {
    case 'text-delta':
    case 'tool-call-started':
    case 'tool-call-completed':
    case 'model-call-completed':
      return event;
    case 'model-call-started': {
      // The request holds the system prompt and the whole conversation: not for the wire.
      const e = event as Extract<AgentEvent, { type: 'model-call-started' }>;
      return { type: e.type, runId: e.runId, round: e.round };
    }
    case 'run-completed': {
      const e = event as Extract<AgentEvent, { type: 'run-completed' }>;
      return { type: e.type, runId: e.runId, result: wireRunResult(e.result) };
    }
    case 'run-paused': {
      const e = event as Extract<AgentEvent, { type: 'run-paused' }>;
      return {
        type: e.type,
        runId: e.runId,
        pending: e.pending.map(wirePending),
        result: wireRunResult(e.result),
      };
    }
    case 'run-error': {
      const e = event as Extract<AgentEvent, { type: 'run-error' }>;
      return { type: e.type, runId: e.runId, error: wireError(e.error), partial: wireRunResult(e.partial) };
    }
    case 'agent-event': {
      const e = event as { type: string; event: { type: string } };
      return { ...e, event: wireEvent(e.event) };
    }
    default:
      return wireOther(event as Record<string, unknown>);
  }
}

function wireOther(event: Record<string, unknown>): object {
  if (!('error' in event) && !('partial' in event) && !('result' in event)) return event;
  const out: Record<string, unknown> = { ...event };
  if ('error' in event) out.error = wireError(event.error);
  if ('partial' in event && event.partial !== undefined) out.partial = wireResult(event.partial);
  if ('result' in event) out.result = wireResult(event.result);
  return out;
}

/** A JSON replacer that writes errors as `{ name, code, message }`. */
export function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? wireError(value) : value;
}

const PLAIN = new Set(['text-delta', 'tool-call-started', 'tool-call-completed', 'tool-progress']);

/** The JSON text of one event, as sent and logged. */
export function serialiseEvent(event: { type: string }): string {
  if (PLAIN.has(event.type)) return JSON.stringify(event);
  return JSON.stringify(wireEvent(event), errorReplacer);
}

/** The JSON text of a value that may hold errors (workflow results, step outputs). */
export function serialise(value: unknown): string {
  return JSON.stringify(value, errorReplacer) ?? 'null';
}
