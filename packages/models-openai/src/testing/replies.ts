/**
 * The scripted replies of {@link FakeOpenAIServer} and what it records, with the helpers both
 * wire renderers share.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A tool call in a scripted reply. */
export interface FakeToolCall {
  /** Call id (`call_…`); generated when left out. */
  id?: string;
  name: string;
  /** The arguments, sent as their JSON: the name `ScriptedModel` and core's `ToolCall` use. */
  args?: unknown;
  /** The argument text as the wire carries it, or a value sent as its JSON (a string may be malformed on purpose). */
  arguments?: string | Record<string, unknown>;
}

/** Token counts of a scripted reply; anything left out is estimated from the text (or 0). */
export interface FakeUsage {
  /** Input tokens (core's `Usage` name, as `ScriptedModel` takes it); `input` is the short form. */
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningTokens?: number;
  input?: number;
  output?: number;
  cached?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** An OpenAI error body: `{ error: { message, type, param, code } }`. */
export interface FakeErrorBody {
  message: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

/** One scripted reply; the server renders it for whichever API and mode the request used. */
export interface FakeReply {
  text?: string;
  /** A refusal instead of (or besides) text. */
  refusal?: string;
  toolCalls?: FakeToolCall[];
  /** Default: `tool_calls` when there are calls, else `stop`. `length` makes a Responses reply `incomplete`. */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /** Token counts, or `false` to send no usage at all. */
  usage?: FakeUsage | false;
  /** Streams: characters of text (and of tool arguments) per delta. Default 4. */
  chunkSize?: number;
  /** Reply with this HTTP status and `error` body instead. */
  status?: number;
  /** The error body of an error reply, or just its message (as `ScriptedModel` takes a message). */
  error?: FakeErrorBody | string;
  /** Extra response headers (`retry-after`, `x-request-id`...). */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Streams: wait this long between events. */
  eventDelayMs?: number;
  /** Streams: destroy the connection after this many events (a cut connection). */
  cutAfter?: number;
  /** Streams: end the response cleanly after this many events, before the reply finished. */
  endAfter?: number;
  /** Streams: send this many events, then nothing more until the client goes away. */
  hangAfter?: number;
  /** Streams: after this many events, send an error event (`data: {"error":…}` or Responses' `error`). */
  streamError?: FakeErrorBody & { after: number };
  /** Streams: after this many events, send one event whose data is not JSON (a broken chunk), then end. */
  malformedAfter?: number;
  /** Non-streamed replies: send the headers and this many bytes of the body, then cut the connection. */
  cutBodyAfterBytes?: number;
  /**
   * Responses API: reasoning items before the reply's message and calls, in this order. Chat
   * Completions: their text (else summary) as the message's reasoning text (see `FakeChatQuirks`).
   */
  reasoning?: FakeReasoning | FakeReasoning[];
}

/**
 * A reasoning item of a scripted Responses reply. As the API does, the server sends its summary
 * only when the request asked for one (`reasoning.summary`), and its encrypted content only when
 * the request asked for it (`include: ['reasoning.encrypted_content']`).
 */
export interface FakeReasoning {
  /** Default `rs_<n>` (`rs_<n>_<i>` after the first item of a reply). */
  id?: string;
  /** Summary text: one part, or several. */
  summary?: string | string[];
  /** Raw reasoning text (`content: [{ type: 'reasoning_text' }]`, as open-weight models give it). */
  text?: string;
  encryptedContent?: string;
}

/** A request the server received. */
export interface ReceivedRequest {
  method: string;
  /** Path without the query string, for example `/v1/chat/completions`. */
  path: string;
  /** The query string, without `?`. */
  query: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (`undefined` when there was none). */
  body: any;
  /** Which API the path belongs to. */
  api: 'chat' | 'responses' | 'other';
  /** True when the body asked for a stream. */
  stream: boolean;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
}

/** A scripted step: a reply, or a function of the request that gives one. */
export type FakeStep = FakeReply | ((request: ReceivedRequest) => FakeReply | Promise<FakeReply>);

/** Options of {@link FakeOpenAIServer.start}. */
export interface FakeOpenAIServerOptions {
  /** Replies served in order, one per request. */
  replies?: FakeStep[];
  /** The reply for every request once `replies` are used up. */
  respond?: FakeStep;
  /** Record requests in `requests`. Default true (turn off in benchmarks). */
  record?: boolean;
  /** Port to listen on. Default: any free port. */
  port?: number;
  /** Scores the texts of `POST /v1/moderations` (default: a small word list). */
  moderate?: import('./moderations-wire.js').FakeModerator;
  /** Chat Completions as an OpenAI-compatible server departs from it (see `FakeChatQuirks`). */
  chat?: import('./chat-wire.js').FakeChatQuirks;
}

/** Token counts of one reply, every field filled. */
export interface Counts {
  input: number;
  output: number;
  cached: number;
  cacheWrite: number;
  reasoning: number;
}

/** The token counts of `reply` (estimated from sizes where not scripted), or none. */
export function usageOf(reply: FakeReply, requestChars: number): Counts | undefined {
  if (reply.usage === false) return undefined;
  const u = reply.usage ?? {};
  let outChars = (reply.text?.length ?? 0) + (reply.refusal?.length ?? 0);
  for (const call of reply.toolCalls ?? []) outChars += argsOf(call).length + call.name.length;
  return {
    input: u.inputTokens ?? u.input ?? Math.max(1, Math.ceil(requestChars / 4)),
    output: u.outputTokens ?? u.output ?? Math.max(1, Math.ceil(outChars / 4)),
    cached: u.cachedInputTokens ?? u.cached ?? 0,
    cacheWrite: u.cacheCreationInputTokens ?? u.cacheWrite ?? 0,
    reasoning: u.reasoningTokens ?? u.reasoning ?? 0,
  };
}

/** A scripted call's argument text. */
export function argsOf(call: FakeToolCall): string {
  if (call.args !== undefined) return JSON.stringify(call.args);
  if (call.arguments === undefined) return '{}';
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

/** A scripted call's id. */
export function callId(call: FakeToolCall, n: number, i: number): string {
  return call.id ?? `call_${n}_${i}`;
}

/** A reply's Chat Completions finish reason. */
export function finishOf(reply: FakeReply): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  return (
    reply.finishReason ??
    (reply.toolCalls !== undefined && reply.toolCalls.length > 0 ? 'tool_calls' : 'stop')
  );
}

/** `text` in pieces of `size` characters (the deltas of a stream). */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
