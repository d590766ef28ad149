/**
 * A local HTTP server that speaks the OpenAI wire format, for tests and benchmarks: Chat
 * Completions (`POST /v1/chat/completions`) and the Responses API (`POST /v1/responses`), as
 * JSON bodies or server-sent events, as OpenAI documents them, and embeddings
 * (`POST /v1/embeddings`). Point any OpenAI client at
 * `server.baseURL`. Replies are scripted; every request is recorded so a test can check what
 * the server received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  chatCompletion,
  chatEvents,
  chatRequestProblem,
  chatStreamUsage,
  type FakeChatQuirks,
} from './chat-wire.js';
import { FakeEmbeddings } from './embeddings-wire.js';
import { type FakeModerator, sendModeration, wordListModerator } from './moderations-wire.js';
import type {
  FakeErrorBody,
  FakeOpenAIServerOptions,
  FakeReply,
  FakeStep,
  ReceivedRequest,
} from './replies.js';
import { usageOf } from './replies.js';
import { askedFor, ReasoningLedger } from './responses-reasoning-wire.js';
import { responseEvents, responseObject, sse } from './responses-wire.js';

export type {
  FakeErrorBody,
  FakeOpenAIServerOptions,
  FakeReasoning,
  FakeReply,
  FakeStep,
  FakeToolCall,
  FakeUsage,
  ReceivedRequest,
} from './replies.js';

const NO_REPLY: FakeReply = {
  status: 500,
  error: { message: 'the fake server has no scripted reply for this request', type: 'server_error' },
};

/** The local OpenAI wire-format server. */
export class FakeOpenAIServer {
  /** Every request received, in order (when recording). */
  readonly requests: ReceivedRequest[] = [];
  /** The reply for every request once the queue is empty. */
  respond: FakeStep | undefined;
  /** Scores the texts of `POST /v1/moderations` (default: a small word list). */
  moderate: FakeModerator;
  /** How Chat Completions departs from OpenAI's (an OpenAI-compatible server's quirks); default none. */
  chatQuirks: FakeChatQuirks;
  /** `POST /v1/embeddings`: its vectors and scripted replies. */
  readonly embeddings = new FakeEmbeddings();
  private readonly queue: FakeStep[];
  private readonly record: boolean;
  private readonly server: Server;
  private readonly reasoning = new ReasoningLedger();
  private counter = 0;
  private port = 0;

  private constructor(options: FakeOpenAIServerOptions) {
    this.queue = options.replies ? [...options.replies] : [];
    this.respond = options.respond;
    this.moderate = options.moderate ?? wordListModerator;
    this.chatQuirks = options.chat ?? {};
    this.record = options.record !== false;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }));
        } else res.destroy();
      });
    });
  }

  /** Starts a server on 127.0.0.1. */
  static async start(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
    const fake = new FakeOpenAIServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The base URL to give a client: `http://127.0.0.1:<port>/v1`. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Queues replies, served in order. */
  reply(...steps: FakeStep[]): this {
    for (const step of steps) this.queue.push(step);
    return this;
  }

  /** The last request received. */
  get lastRequest(): ReceivedRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  /** Forgets recorded requests and queued replies. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.embeddings.reset();
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const api = path.endsWith('/chat/completions')
      ? 'chat'
      : path.endsWith('/responses')
        ? 'responses'
        : 'other';
    let body: any;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendError(res, 400, {
          message: 'We could not parse the JSON body of your request.',
          type: 'invalid_request_error',
        });
      }
    }
    const request: ReceivedRequest = {
      method: req.method ?? 'GET',
      path,
      query: q < 0 ? '' : url.slice(q + 1),
      headers: req.headers,
      body,
      api,
      stream: body?.stream === true,
      receivedAt,
    };
    if (this.record) this.requests.push(request);
    if (api === 'other' && path.endsWith('/moderations') && req.method === 'POST') {
      return sendModeration(res, body, ++this.counter, this.moderate);
    }
    if (api === 'other' && path.endsWith('/embeddings') && req.method === 'POST') {
      return this.embeddings.handle(res, request, ++this.counter);
    }
    if (api === 'other' || req.method !== 'POST') {
      return sendError(res, 404, {
        message: `Invalid URL (${req.method} ${path})`,
        type: 'invalid_request_error',
        code: null,
      });
    }
    const problem =
      api === 'responses'
        ? this.reasoning.check(body)
        : api === 'chat'
          ? chatRequestProblem(body, this.chatQuirks)
          : undefined;
    if (problem !== undefined) return sendError(res, problem.status, problem.error);
    let step = this.queue.shift() ?? this.respond ?? NO_REPLY;
    if (typeof step === 'function') step = await step(request);
    const reply = api === 'responses' ? askedFor(step, body) : step;
    if (reply.delayMs !== undefined && reply.delayMs > 0) await sleep(reply.delayMs);
    if (res.destroyed) return;
    if (reply.status !== undefined && reply.status >= 400) {
      const error = typeof reply.error === 'string' ? { message: reply.error } : reply.error;
      return sendError(res, reply.status, error ?? { message: `error ${reply.status}` }, reply.headers);
    }
    const n = ++this.counter;
    if (api === 'responses') this.reasoning.issue(reply, n);
    const model = typeof body?.model === 'string' ? body.model : 'fake-model';
    const usage = usageOf(reply, raw.length);
    if (!request.stream) {
      const json =
        api === 'chat'
          ? chatCompletion(reply, n, model, usage, this.chatQuirks)
          : responseObject(reply, n, model, usage, 'completed');
      const text = JSON.stringify(json);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
        'x-request-id': `req_${n}`,
        ...reply.headers,
      });
      if (reply.cutBodyAfterBytes === undefined) res.end(text);
      else {
        // A body cut mid-way: part of it, then the connection goes.
        await write(res, Buffer.from(text).subarray(0, reply.cutBodyAfterBytes).toString('utf8'));
        res.socket?.destroy();
      }
      return;
    }
    const events =
      api === 'chat'
        ? chatEvents(
            reply,
            n,
            model,
            chatStreamUsage(body, this.chatQuirks) ? usage : undefined,
            this.chatQuirks,
          )
        : responseEvents(reply, n, model, usage);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': `req_${n}`,
      ...reply.headers,
    });
    await writeEvents(res, events, reply, api);
  }
}

function sendError(
  res: ServerResponse,
  status: number,
  error: FakeErrorBody,
  headers?: Record<string, string>,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(
    JSON.stringify({
      error: {
        message: error.message,
        type: error.type ?? 'invalid_request_error',
        param: error.param ?? null,
        code: error.code ?? null,
      },
    }),
  );
}

async function writeEvents(
  res: ServerResponse,
  events: string[],
  reply: FakeReply,
  api: 'chat' | 'responses' | 'other',
): Promise<void> {
  let limit = events.length;
  if (reply.cutAfter !== undefined) limit = Math.min(limit, reply.cutAfter);
  if (reply.endAfter !== undefined) limit = Math.min(limit, reply.endAfter);
  if (reply.hangAfter !== undefined) limit = Math.min(limit, reply.hangAfter);
  const streamError = reply.streamError;
  if (streamError !== undefined) limit = Math.min(limit, streamError.after);
  if (reply.malformedAfter !== undefined) limit = Math.min(limit, reply.malformedAfter);
  const delay = reply.eventDelayMs ?? 0;
  if (delay > 0) {
    for (let i = 0; i < limit; i++) {
      if (res.destroyed) return;
      res.write(events[i]);
      await sleep(delay);
    }
  } else if (limit > 0) {
    await write(res, limit === events.length ? events.join('') : events.slice(0, limit).join(''));
  }
  if (res.destroyed) return;
  if (reply.malformedAfter !== undefined) {
    res.end('data: {"id":"broken","delta": secret user text}\n\n');
  } else if (streamError !== undefined) {
    const error = {
      message: streamError.message,
      type: streamError.type ?? 'server_error',
      param: streamError.param ?? null,
      code: streamError.code ?? null,
    };
    res.end(
      api === 'chat'
        ? `data: ${JSON.stringify({ error })}\n\n`
        : sse('error', {
            type: 'error',
            code: error.code,
            message: error.message,
            param: error.param,
            sequence_number: limit,
          }),
    );
  } else if (reply.cutAfter !== undefined) {
    res.socket?.destroy();
  } else if (reply.hangAfter !== undefined) {
    // Leave the connection open: the client aborts, or close() drops it.
  } else res.end();
}

function write(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => res.write(data, () => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
