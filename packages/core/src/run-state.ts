/**
 * The versioned form of a paused run. A `PausedRun` is the JSON of a {@link RunState}: stores keep
 * it, processes hand it to each other, and a later version of agno reads it. Every paused run that
 * comes back in (from a caller, a store, a queue) is read through {@link RunState.fromJSON}, which
 * checks its shape, migrates older versions, and refuses versions newer than this code knows.
 *
 * Versions: 0 is the format before versioning (no `schemaVersion` field); 1 adds `schemaVersion`;
 * 2 adds `nested` (paused sub-agent runs, whose pending calls an older reader would run as the
 * parent's own) and `activeAgent` (the agent holding the conversation after a handoff).
 * A later change of the shape adds a version and one migration step here.
 */
import { ValidationError } from './errors.js';
import type { PausedRun } from './run-types.js';

/** The version of the paused-run format this code writes. */
export const RUN_STATE_VERSION = 2;

/** One migration step: the state of version `n` to version `n + 1`. */
const MIGRATIONS: Record<number, (state: Record<string, unknown>) => Record<string, unknown>> = {
  0: (state) => ({ ...state, schemaVersion: 1 }),
  1: (state) => ({ ...state, schemaVersion: 2 }),
};

/** A paused run's state, versioned; `toJSON` gives the `PausedRun` to store or send. */
export class RunState {
  private constructor(private readonly state: PausedRun) {}

  /** The state of a paused run built by this code. */
  static of(paused: PausedRun): RunState {
    return RunState.fromJSON(paused);
  }

  /**
   * Reads a paused run from its JSON (a string or the parsed value): checks its shape, migrates an
   * older version, and throws a {@link ValidationError} naming the field for anything malformed or
   * for a version newer than this code. The value given is not changed.
   */
  static fromJSON(json: unknown): RunState {
    let value = json;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch (error) {
        throw new ValidationError('a paused run must be JSON', [], { cause: error });
      }
    }
    if (value instanceof RunState) return value;
    if (!isRecord(value)) throw invalid('it is not an object');
    let state: Record<string, unknown> = value;
    let version = state.schemaVersion === undefined ? 0 : state.schemaVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
      throw invalid(`schemaVersion must be a whole number; got ${String(version)}`);
    }
    if (version > RUN_STATE_VERSION) {
      throw invalid(
        `it was written by a newer agno (schemaVersion ${version}; this version reads up to ${RUN_STATE_VERSION})`,
      );
    }
    while (version < RUN_STATE_VERSION) {
      state = MIGRATIONS[version]!(state);
      version++;
    }
    check(state);
    return new RunState(state as unknown as PausedRun);
  }

  /** The run's id. */
  get runId(): string {
    return this.state.runId;
  }

  /** The paused run as plain JSON (what stores keep), with its `schemaVersion`. */
  toJSON(): PausedRun {
    return this.state;
  }

  /** The paused run as a JSON string. */
  toString(): string {
    return JSON.stringify(this.state);
  }
}

/** The fields every paused run has, with the check of each. */
const FIELDS: [string, (v: unknown) => boolean][] = [
  ['runId', (v) => typeof v === 'string' && v.length > 0],
  ['sessionId', (v) => v === undefined || v === null || typeof v === 'string'],
  ['userId', (v) => v === undefined || v === null || typeof v === 'string'],
  ['agentName', (v) => typeof v === 'string'],
  ['messages', Array.isArray],
  ['runStart', (v) => Number.isInteger(v) && (v as number) >= 0],
  ['pending', Array.isArray],
  ['done', Array.isArray],
  ['round', (v) => Number.isInteger(v) && (v as number) >= 0],
  ['usage', isRecord],
  ['toolCalls', Array.isArray],
  ['callCounts', isRecord],
  ['createdAt', (v) => typeof v === 'number'],
];

function check(state: Record<string, unknown>): void {
  for (const [name, ok] of FIELDS) {
    if (!ok(state[name])) throw invalid(`the field "${name}" is missing or malformed`);
  }
  const pending = state.pending as unknown[];
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i];
    if (
      !isRecord(p) ||
      !isRecord(p.toolCall) ||
      typeof p.toolCall.id !== 'string' ||
      typeof p.toolName !== 'string'
    ) {
      throw invalid(`pending[${i}] is not a pending tool call`);
    }
  }
  if ((state.runStart as number) > (state.messages as unknown[]).length) {
    throw invalid('runStart is past the end of messages');
  }
  if (state.activeAgent !== undefined && typeof state.activeAgent !== 'string') {
    throw invalid('activeAgent must be an agent name');
  }
  if (state.nested !== undefined) {
    if (!isRecord(state.nested)) throw invalid('nested must map tool call ids to paused sub-agent runs');
    for (const [id, sub] of Object.entries(state.nested)) {
      if (!isRecord(sub) || typeof sub.agent !== 'string' || !isRecord(sub.paused)) {
        throw invalid(`nested["${id}"] is not a paused sub-agent run`);
      }
      check(sub.paused);
    }
  }
}

function invalid(why: string): ValidationError {
  return new ValidationError(`not a paused run: ${why}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
