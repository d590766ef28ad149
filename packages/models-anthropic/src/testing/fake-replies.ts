/**
 * The scripted replies of {@link FakeAnthropicServer} and what it records.
 */
/** A content block of a scripted reply. */
export type FakeBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | {
      type: 'tool_use';
      /** Default: a fresh `toolu_...` id. */
      id?: string;
      name: string;
      input?: unknown;
      /** Streams this text as the tool's `partial_json` instead of `input` (may be malformed JSON). */
      rawInput?: string;
    };

/** Usage a reply reports (the API's field names). */
export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  /** `output_tokens_details.thinking_tokens` (part of `output_tokens`). Default: estimated from the thinking text. */
  thinking_tokens?: number;
}

/** One scripted reply: a message (JSON or SSE, as the request asks) or an HTTP error. */
export interface FakeReply {
  /** Shorthand for one text block. */
  text?: string;
  /** The reply's content blocks (after `text`, when both are given). */
  content?: FakeBlock[];
  /** Default: `tool_use` when there are tool_use blocks, else `end_turn`. */
  stopReason?: string;
  usage?: FakeUsage;
  /** Answer with this HTTP status and an error body instead of a message. */
  status?: number;
  /** The error of an error reply. Default: the type the API uses for `status`. */
  error?: { type: string; message: string };
  /** Extra response headers (`retry-after`, `x-should-retry`...). */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Streaming: characters per `text_delta` and per `input_json_delta` (default 8). */
  chunkSize?: number;
  /** Streaming: `ping` events to send after `message_start` (default 1, as the API does). */
  pings?: number;
  /** Streaming: write each event apart, waiting this many ms between them (default: one write). */
  eventDelayMs?: number;
  /** Streaming: write the body in slices of this many bytes (events split across TCP writes). */
  sliceBytes?: number;
  /** Streaming: destroy the connection after this many events. */
  cutAfterEvents?: number;
  /** Streaming: end the response cleanly, without `message_stop`, after this many events. */
  endAfterEvents?: number;
  /** Streaming: after this many events, send one whose data is not JSON (a broken chunk), then end. */
  malformedAfterEvents?: number;
  /** Not streaming: send the headers and this many bytes of the body, then cut the connection. */
  cutBodyAfterBytes?: number;
  /** Streaming: send an `error` event after this many events, then end the stream. */
  errorEvent?: { afterEvents: number; type: string; message: string };
}

/** A request the server received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: any;
  /** When it arrived (`performance.now()`). */
  at: number;
}

/** Options of {@link FakeAnthropicServer.start}. */
export interface FakeAnthropicServerOptions {
  /** Only this key is accepted (as `Authorization: Bearer` or `x-api-key`); others get a 401. */
  apiKey?: string;
  /** Computes the reply when the queue is empty. */
  respond?: (request: ReceivedRequest, index: number) => FakeReply | Promise<FakeReply>;
  /** Keep received requests in `requests`. Default true (turn off in benchmarks). */
  record?: boolean;
  /** Check requests as the API does and answer 400 when they break its rules. Default true. */
  validate?: boolean;
}
