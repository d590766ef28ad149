/**
 * What the response cache keeps for a request, and the conversions between a whole reply
 * and the events of a stream, so that one entry serves `generate` and `stream` alike.
 */
import type { ModelResponse, ModelStreamEvent, ModelUsage, ToolCall } from '@agno/core';

/**
 * One cached reply: the reply of a `generate` call, or the events of a completed stream.
 * Plain JSON, so that a shared backend can serialise it.
 */
export interface CacheEntry {
  /** The reply of a `generate` call (its `raw` field is not kept). */
  response?: ModelResponse;
  /** The events of a stream that reached its `finish` event, in order. */
  events?: ModelStreamEvent[];
  /** How long the original call took, in milliseconds. */
  costMs: number;
  /** Total tokens the original call reported (0 when it reported none). */
  tokens: number;
  /** When the entry was stored, in epoch milliseconds. */
  createdAt: number;
}

/** Freezes `value` and everything it holds, so that a cached entry cannot be changed by a reader. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** A frozen copy of `response` without its `raw` provider payload. */
export function storedResponse(response: ModelResponse): ModelResponse {
  const out: ModelResponse = {
    text: response.text,
    toolCalls: structuredClone(response.toolCalls ?? []),
    finishReason: response.finishReason,
  };
  if (response.usage !== undefined) out.usage = { ...response.usage };
  // Kept: the next turn needs it (reasoning items, thinking blocks sent back to the provider).
  if (response.providerData !== undefined) out.providerData = structuredClone(response.providerData);
  return deepFreeze(out);
}

/** A frozen copy of recorded stream events. */
export function storedEvents(events: ModelStreamEvent[]): ModelStreamEvent[] {
  return deepFreeze(structuredClone(events));
}

function copyCall(call: ToolCall): ToolCall {
  return { ...call };
}

/**
 * The reply an entry holds, as a fresh object a caller may change (tool-call arguments stay
 * frozen and shared).
 */
export function responseOf(entry: CacheEntry): ModelResponse {
  const r = entry.response;
  if (r !== undefined) {
    const out: ModelResponse = {
      text: r.text,
      toolCalls: r.toolCalls === undefined || r.toolCalls.length === 0 ? [] : r.toolCalls.map(copyCall),
      finishReason: r.finishReason,
      cached: true,
    };
    if (r.usage !== undefined) out.usage = { ...r.usage };
    if (r.providerData !== undefined) out.providerData = structuredClone(r.providerData);
    return out;
  }
  const assembled = assemble(entry.events ?? []);
  assembled.cached = true;
  return assembled;
}

/** Builds a whole reply from the events of a completed stream. */
export function assemble(events: readonly ModelStreamEvent[]): ModelResponse {
  let text = '';
  const toolCalls: ToolCall[] = [];
  let usage: ModelUsage | undefined;
  let finishReason: ModelResponse['finishReason'] = 'other';
  let providerData: Record<string, unknown> | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'text-delta':
        text += event.text;
        break;
      case 'tool-call-end':
        toolCalls.push(copyCall(event.toolCall));
        break;
      case 'usage':
        usage = { ...event.usage };
        break;
      case 'finish':
        finishReason = event.finishReason;
        if (event.usage !== undefined) usage = { ...event.usage };
        if (event.providerData !== undefined) providerData = structuredClone(event.providerData);
        break;
    }
  }
  const out: ModelResponse = { text, toolCalls, finishReason };
  if (usage !== undefined) out.usage = usage;
  if (providerData !== undefined) out.providerData = providerData;
  return out;
}

/** The events an entry replays: the recorded ones, or ones made from a whole reply. */
export function eventsOf(entry: CacheEntry): readonly ModelStreamEvent[] {
  if (entry.events !== undefined) return entry.events;
  const r = entry.response!;
  const out: ModelStreamEvent[] = [];
  if (r.text.length > 0) out.push({ type: 'text-delta', text: r.text });
  for (const call of r.toolCalls ?? []) {
    out.push({ type: 'tool-call-start', id: call.id, name: call.name });
    out.push({
      type: 'tool-call-delta',
      id: call.id,
      argsText: call.invalidArgs ?? JSON.stringify(call.args ?? {}),
    });
    out.push({ type: 'tool-call-end', toolCall: call });
  }
  if (r.usage !== undefined) out.push({ type: 'usage', usage: r.usage });
  out.push(
    r.providerData === undefined
      ? { type: 'finish', finishReason: r.finishReason }
      : { type: 'finish', finishReason: r.finishReason, providerData: r.providerData },
  );
  return out;
}

/** A reader-safe copy of one replayed event (tool calls are copied, the rest is immutable). */
export function replayEvent(event: ModelStreamEvent): ModelStreamEvent {
  switch (event.type) {
    case 'tool-call-end':
      return { type: 'tool-call-end', toolCall: copyCall(event.toolCall) };
    case 'usage':
      return { type: 'usage', usage: { ...event.usage } };
    case 'finish': {
      const finish: ModelStreamEvent = { type: 'finish', finishReason: event.finishReason, cached: true };
      if (event.usage !== undefined) finish.usage = { ...event.usage };
      if (event.providerData !== undefined) finish.providerData = structuredClone(event.providerData);
      return finish;
    }
    default:
      return event;
  }
}

/** Total tokens of a reply's usage (input + output when the model left the total out). */
export function totalTokens(usage: ModelUsage | undefined): number {
  if (usage === undefined) return 0;
  return usage.totalTokens ?? usage.inputTokens + usage.outputTokens;
}
