/**
 * Checks and encodings shared by the stores: ids, texts, JSON that refuses what JSON cannot hold.
 */
import { assertJSONState, type PausedRun, type PausedRunQuery, type RunRecord } from '@agno/core';
import { MemoryStoreError } from './errors.js';
import type { NewUserMemory, SessionSummary } from './types.js';

/** Refuses anything but a non-empty string without NUL characters (databases cannot keep NUL in text). */
export function checkId(kind: string, id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new MemoryStoreError('invalid', `${kind} must be a non-empty string`);
  }
  if (id.includes('\u0000')) throw new MemoryStoreError('invalid', `${kind} must not contain NUL characters`);
  return id;
}

/** Refuses anything but a string without NUL characters. */
export function checkText(kind: string, text: unknown): string {
  if (typeof text !== 'string') throw new MemoryStoreError('invalid', `${kind} must be a string`);
  if (text.includes('\u0000'))
    throw new MemoryStoreError('invalid', `${kind} must not contain NUL characters`);
  return text;
}

/** Checks a topics list: an array of strings. */
export function checkTopics(topics: unknown): string[] {
  if (topics === undefined) return [];
  if (!Array.isArray(topics) || !topics.every((t) => typeof t === 'string')) {
    throw new MemoryStoreError('invalid', 'topics must be an array of strings');
  }
  return topics.map((t) => checkText('a topic', t));
}

function strictReplacer(_key: string, value: unknown): unknown {
  const t = typeof value;
  if (t === 'bigint' || t === 'function' || t === 'symbol') {
    throw new TypeError(`a ${t} is not JSON-serialisable`);
  }
  if (t === 'object' && value !== null) {
    // These serialise to {} and would lose their contents without a word.
    if (
      value instanceof Map ||
      value instanceof Set ||
      value instanceof WeakMap ||
      value instanceof WeakSet
    ) {
      throw new TypeError(
        `a ${value.constructor.name} is not JSON-serialisable (convert it to an object or array)`,
      );
    }
    if (typeof (value as { then?: unknown }).then === 'function') {
      throw new TypeError('a Promise is not JSON-serialisable (did the update function return a Promise?)');
    }
  }
  return value;
}

/** JSON of a document; BigInts, functions, symbols and cycles are refused (a StoreError with reason `invalid`). */
export function documentJSON(doc: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(doc, strictReplacer);
  } catch (error) {
    throw new MemoryStoreError('invalid', `document is not JSON-serialisable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (json === undefined) throw new MemoryStoreError('invalid', 'document is not JSON-serialisable');
  return json;
}

/**
 * JSON of a session state: a plain object whose values survive JSON. BigInts, functions, symbols,
 * cycles, Maps, Sets and Promises are refused with reason `invalid` (they would be lost or fail later).
 */
export function stateJSON(state: unknown): string {
  try {
    assertJSONState(state);
  } catch (error) {
    throw new MemoryStoreError('invalid', (error as Error).message, { cause: error });
  }
  try {
    return JSON.stringify(state, strictReplacer);
  } catch (error) {
    throw new MemoryStoreError(
      'invalid',
      `session state is not JSON-serialisable: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** JSON of a part of a run (fast path: no replacer; cycles and BigInts still throw). */
export function runJSON(value: unknown, what: string): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new MemoryStoreError('invalid', `${what} is not JSON-serialisable: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Checks the fields of a run that a store indexes. */
export function checkRun(run: RunRecord): void {
  if (typeof run !== 'object' || run === null)
    throw new MemoryStoreError('invalid', 'a run must be an object');
  checkId('runId', run.runId);
  checkId('sessionId', run.sessionId);
  if (run.userId !== undefined && run.userId !== null) checkId('userId', run.userId);
  if (!Array.isArray(run.messages)) throw new MemoryStoreError('invalid', 'run.messages must be an array');
}

/** Checked paging: `limit` -1 for all. */
export interface PageSpec {
  limit: number;
  offset: number;
}

/** Checks paging values: non-negative integers. */
export function pageOf(page: { limit?: number; offset?: number } | undefined): PageSpec {
  const limit = page?.limit ?? -1;
  const offset = page?.offset ?? 0;
  if (
    (limit !== -1 && !(Number.isInteger(limit) && limit >= 0)) ||
    !(Number.isInteger(offset) && offset >= 0)
  ) {
    throw new MemoryStoreError('invalid', 'limit and offset must be non-negative integers');
  }
  return { limit, offset };
}

/** A creation time given by the caller, or now. */
export function createdAtOf(value: unknown): number {
  if (value === undefined) return Date.now();
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MemoryStoreError('invalid', 'createdAt must be a number (epoch milliseconds)');
  }
  return value;
}

/** A fresh random id. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** Checks a summary's fields. */
export function checkSummary(summary: SessionSummary): void {
  checkText('summary text', summary?.text);
  if (!Number.isInteger(summary.coveredMessages) || summary.coveredMessages < 0) {
    throw new MemoryStoreError('invalid', 'summary.coveredMessages must be a non-negative integer');
  }
  if (typeof summary.updatedAt !== 'number' || !Number.isFinite(summary.updatedAt)) {
    throw new MemoryStoreError('invalid', 'summary.updatedAt must be a number');
  }
}

/** Checks the ids of a paused run before it is stored. */
export function checkPausedRun(paused: PausedRun): void {
  if (typeof paused !== 'object' || paused === null)
    throw new MemoryStoreError('invalid', 'a paused run must be an object');
  checkId('runId', paused.runId);
  if (paused.sessionId != null) checkId('sessionId', paused.sessionId);
  if (paused.userId != null) checkId('userId', paused.userId);
}

/** A checked paused-run query: whose runs (a session's or a user's) and how many (-1 for all). */
export interface PausedRunFilter {
  by: 'session' | 'user';
  id: string;
  limit: number;
}

/** Checks a {@link PausedRunQuery}: exactly one of `sessionId` and `userId`, and a non-negative limit. */
export function pausedRunFilter(query: PausedRunQuery): PausedRunFilter {
  const { limit } = pageOf({ limit: query?.limit });
  const hasSession = query?.sessionId !== undefined;
  if (hasSession === (query?.userId !== undefined)) {
    throw new MemoryStoreError('invalid', 'listPausedRuns takes either a sessionId or a userId');
  }
  return hasSession
    ? { by: 'session', id: checkId('sessionId', query.sessionId), limit }
    : { by: 'user', id: checkId('userId', query.userId), limit };
}

/** A run ready to insert: the record and its JSON parts. */
export interface EncodedRun {
  run: RunRecord;
  bodies: string[];
  toolCalls: string;
  usage: string;
  timings: string;
}

/** Checks a run and encodes its messages and parts (a StoreError with reason `invalid` for what JSON cannot hold). */
export function encodeRun(run: RunRecord): EncodedRun {
  checkRun(run);
  const messages = run.messages;
  const bodies: string[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) bodies[i] = runJSON(messages[i], 'a message');
  return {
    run,
    bodies,
    toolCalls: runJSON(run.toolCalls ?? [], 'run.toolCalls'),
    usage: runJSON(run.usage, 'run.usage'),
    timings: runJSON(run.timings, 'run.timings'),
  };
}

/** A checked new memory: its ids, text, topics and creation time (the id generated when left out). */
export function checkNewMemory(input: NewUserMemory): {
  userId: string;
  memory: string;
  topics: string[];
  memoryId: string;
  createdAt: number;
} {
  return {
    userId: checkId('userId', input.userId),
    memory: checkText('memory', input.memory),
    topics: checkTopics(input.topics),
    memoryId: input.memoryId === undefined ? newId() : checkId('memoryId', input.memoryId),
    createdAt: createdAtOf(input.createdAt),
  };
}
