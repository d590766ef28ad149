/**
 * Tool-call records and `tool-call-completed` events that carry the tool's raw return value off
 * their own properties: in-process readers get `raw`, while JSON, `structuredClone`, spreads and
 * stores leave it out (a Date, a class instance or a cycle breaks no serialisation). As cheap to
 * build as an object literal (a prototype getter over a private field, no property definition).
 */
import type { ToolCallCompletedEvent } from './events.js';
import type { ContentPart, ToolCall } from './messages.js';
import type { ToolCallRecord } from './run-types.js';

/** A successful call's record, with the value the tool returned as `raw`. */
export class RawToolCallRecord implements ToolCallRecord {
  declare id: string;
  declare name: string;
  declare args: unknown;
  declare result: string;
  declare isError: boolean;
  declare errorCode?: string;
  declare durationMs: number;
  declare attachments?: ContentPart[];
  #raw: unknown;

  constructor(call: ToolCall, result: string, isError: boolean, durationMs: number, raw: unknown) {
    this.id = call.id;
    this.name = call.name;
    this.args = call.args;
    this.result = result;
    this.isError = isError;
    this.durationMs = durationMs;
    this.#raw = raw;
  }

  /** What the tool returned, before it became `result`. */
  get raw(): unknown {
    return this.#raw;
  }

  set raw(value: unknown) {
    this.#raw = value;
  }
}

/** A `tool-call-completed` event whose `raw` is the record's. */
export class RawToolCallCompletedEvent implements ToolCallCompletedEvent {
  declare type: 'tool-call-completed';
  declare runId: string;
  declare toolCall: ToolCall;
  declare result: string;
  declare isError: boolean;
  declare errorCode?: string;
  declare durationMs: number;
  #raw: unknown;

  constructor(runId: string, call: ToolCall, record: ToolCallRecord) {
    this.type = 'tool-call-completed';
    this.runId = runId;
    this.toolCall = call;
    this.result = record.result;
    this.isError = record.isError;
    this.durationMs = record.durationMs;
    if (record.errorCode !== undefined) this.errorCode = record.errorCode;
    this.#raw = record.raw;
  }

  /** What the tool returned, before it became `result` (see `ToolCallRecord.raw`). */
  get raw(): unknown {
    return this.#raw;
  }
}
