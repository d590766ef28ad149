/**
 * The scripted replies of {@link FakeGoogleServer} and what it records.
 */

/** A part of a scripted reply, in the API's JSON form. */
export type FakePart =
  | {
      text: string;
      /** A thought summary (`thought: true`) rather than answer text. */
      thought?: boolean;
      thoughtSignature?: string;
    }
  | {
      functionCall: {
        name: string;
        args?: Record<string, unknown>;
        /** The API's call id (newer models send one; most replies have none). */
        id?: string;
      };
      thoughtSignature?: string;
    };

/** Usage a reply reports (the API's `usageMetadata` counts). Missing counts are estimated. */
export interface FakeUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  toolUsePromptTokenCount?: number;
}

/** A Google error body's `error`. */
export interface FakeError {
  code?: number;
  message: string;
  /** Default: the canonical name of the HTTP status (`RESOURCE_EXHAUSTED` for 429...). */
  status?: string;
  /** Typed details (`google.rpc.RetryInfo`, `ErrorInfo`...), each with its `@type`. */
  details?: Array<Record<string, unknown>>;
}

/** One scripted reply: a response (JSON or SSE, as the request asks) or an HTTP error. */
export interface FakeReply {
  /** Shorthand for one text part. */
  text?: string;
  /** The reply's parts (after `text`, when both are given). */
  parts?: FakePart[];
  /** Default `STOP`. */
  finishReason?: string;
  usage?: FakeUsage;
  /** Block the prompt: no candidates, `promptFeedback.blockReason` set to this. */
  blockReason?: string;
  /** The `responseId`. Default: a fresh one per response. */
  responseId?: string;
  /** Answer with this HTTP status and an error body instead. */
  status?: number;
  /** The error of an error reply. Default: a message naming the status. */
  error?: FakeError;
  /** Extra response headers (`retry-after`...). */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Streaming: characters of text per chunk (default 8). */
  chunkSize?: number;
  /** Streaming: write each chunk apart, waiting this many ms between them (default: one write). */
  eventDelayMs?: number;
  /** Streaming: write the body in slices of this many bytes (chunks split across TCP writes). */
  sliceBytes?: number;
  /** Streaming: destroy the connection after this many chunks. */
  cutAfterChunks?: number;
  /** Streaming: end the response cleanly after this many chunks (no finish reason). */
  endAfterChunks?: number;
  /** Streaming: after this many chunks, send one whose data is not JSON, then end. */
  malformedAfterChunks?: number;
  /** Streaming: after this many chunks, send an error payload, then end. */
  errorChunk?: { afterChunks: number; code: number; message: string; status?: string };
  /** Not streaming: send the headers and this many bytes of the body, then cut the connection. */
  cutBodyAfterBytes?: number;
}

/** A request the server received. */
export interface ReceivedRequest {
  method: string;
  /** The path without the query string, e.g. `/v1beta/models/gemini-2.5-flash:generateContent`. */
  path: string;
  /** The query parameters (`alt=sse` on streams). */
  query: Record<string, string>;
  /** The model id of the path. */
  model: string;
  /** True for `:streamGenerateContent`. */
  stream: boolean;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: any;
  /** When it arrived (`performance.now()`). */
  at: number;
}

/** Options of {@link FakeGoogleServer.start}. */
export interface FakeGoogleServerOptions {
  /** Only this key is accepted (`x-goog-api-key` or `?key=`): others get the API's 400 `API_KEY_INVALID`. */
  apiKey?: string;
  /** Computes the reply when the queue is empty. */
  respond?: (request: ReceivedRequest, index: number) => FakeReply | Promise<FakeReply>;
  /** Keep received requests in `requests`. Default true (turn off in benchmarks). */
  record?: boolean;
  /** Check requests as the API does and answer 400 when they break its rules. Default true. */
  validate?: boolean;
}
