/**
 * The chat endpoint `useChat` talks to: a POST with the transport's body in, a UI message stream
 * out. A new user message starts a run in the chat's session; an assistant message with answered
 * approvals continues the paused run and streams the rest into the same assistant message.
 */
import { ValidationError } from '@agno/core';
import { errorJSON } from '../http-errors.js';
import { encodeUIStream, UI_STREAM_HEADERS } from './encode.js';
import { parseChatRequest } from './request.js';
import { stopIterator } from './stop-iterator.js';
import type { AgnoEvent, ChatRun, ChatRuns } from './types.js';
import { uiChunks } from './ui-chunks.js';

/** What {@link handleChat} serves with. */
export interface ChatHandlerOptions<T> {
  /** The agent (or team, or workflow) that answers. */
  agent: T;
  /** How runs of `agent` start and continue (`agentRuns()`, or the server's registry). */
  runs: ChatRuns<T>;
  /** The authenticated caller; runs are theirs and only theirs are continued. */
  userId?: string;
  /**
   * Stops the run (a server's shutdown signal, say); default the request's signal, aborted when
   * the browser goes away. Either way, a response body the browser stops reading stops the run.
   */
  signal?: AbortSignal;
  /** Extra metadata for the assistant message's `start` chunk. */
  metadata?: Record<string, unknown>;
}

/**
 * Answers one `useChat` request. Errors before the stream begins (a bad body, a refused
 * approval, an unknown run) answer with a JSON error (`{ error: { code, message } }`) and its
 * status: 400, 404, 409...; errors during the run arrive in the stream as an `error` chunk.
 */
export async function handleChat<T>(request: Request, options: ChatHandlerOptions<T>): Promise<Response> {
  try {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new ValidationError('the request body is not valid JSON', ['body: not JSON']);
    }
    const chat = parseChatRequest(body);
    const runOptions = {
      sessionId: chat.chatId,
      userId: options.userId,
      signal: options.signal ?? request.signal,
    };
    const run =
      chat.approval === undefined
        ? options.runs.start(options.agent, chat.input!, runOptions)
        : await options.runs.continue(options.agent, chat.approval, runOptions);
    const events = await opened(run);
    const chunks = uiChunks(events, {
      messageId: chat.approval === undefined ? undefined : chat.messageId,
      metadata: { sessionId: chat.chatId, ...options.metadata },
      decisions: chat.approval?.decisions,
    });
    return new Response(encodeUIStream(chunks), { headers: UI_STREAM_HEADERS });
  } catch (error) {
    return errorJSON(error);
  }
}

/**
 * Waits for the run's first event, so that a run refused before it began (an approval already
 * given, a run of another user) answers with an HTTP error instead of an empty stream. Returns
 * the events, the first one included.
 */
async function opened(run: ChatRun): Promise<AsyncIterable<AgnoEvent> & { result?: Promise<unknown> }> {
  const it = run[Symbol.asyncIterator]();
  let first: IteratorResult<AgnoEvent>;
  try {
    first = await it.next();
  } catch (error) {
    stopIterator(it);
    throw error;
  }
  if (first.done === true && run.result !== undefined) await run.result;
  return { [Symbol.asyncIterator]: () => new Prepended(first, it), result: run.result };
}

/** An iterator that yields `first` and then the rest of `it`; stopping it stops `it`. */
class Prepended implements AsyncIterator<AgnoEvent> {
  constructor(
    private first: IteratorResult<AgnoEvent> | undefined,
    private readonly it: AsyncIterator<AgnoEvent>,
  ) {}

  next(): Promise<IteratorResult<AgnoEvent>> {
    const first = this.first;
    if (first === undefined) return this.it.next();
    this.first = undefined;
    return Promise.resolve(first);
  }

  return(): Promise<IteratorResult<AgnoEvent>> {
    this.first = undefined;
    stopIterator(this.it);
    return Promise.resolve({ value: undefined, done: true });
  }
}
