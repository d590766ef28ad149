/**
 * A local HTTP server that speaks the Anthropic Messages API wire format: `POST /v1/messages`
 * with JSON replies or SSE streams (`event: message_start` ... `event: message_stop`, `ping`s,
 * `input_json_delta` fragments, usage with cache tokens), error bodies
 * (`{ type: 'error', error: { type, message } }`) with `retry-after`, `error` events mid-stream
 * and cut connections. It checks requests the way the API does (roles alternate, every
 * `tool_use` answered by a `tool_result` in the next user turn, `max_tokens` present...) and
 * records them. Point the official client at it with `baseURL: server.url`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeAnthropicServerOptions, FakeReply, ReceivedRequest } from './fake-replies.js';
import { messageEvents, sse } from './sse-events.js';
import { ThinkingLedger } from './thinking-ledger.js';
import { validate } from './validate-request.js';

export type {
  FakeAnthropicServerOptions,
  FakeBlock,
  FakeReply,
  FakeUsage,
  ReceivedRequest,
} from './fake-replies.js';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** The local Messages API server. Start it with {@link FakeAnthropicServer.start}. */
export class FakeAnthropicServer {
  /** Requests received, in order (when recording). */
  readonly requests: ReceivedRequest[] = [];
  /** How many requests arrived (recorded or not). */
  count = 0;
  /** How many TCP connections were opened. */
  connections = 0;
  /** How many responses the client closed before they were complete. */
  clientAborts = 0;
  private readonly queue: FakeReply[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly rendered = new WeakMap<FakeReply, string>();
  private readonly waiters: (() => void)[] = [];
  private readonly thinking = new ThinkingLedger();
  private ids = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeAnthropicServerOptions,
  ) {}

  /** Starts a server on a free local port. */
  static async start(options: FakeAnthropicServerOptions = {}): Promise<FakeAnthropicServer> {
    const server = createServer();
    const fake = new FakeAnthropicServer(server, options);
    server.on('connection', (socket) => {
      fake.connections++;
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((error) => {
        if (!res.headersSent) fake.sendError(res, 500, { type: 'api_error', message: String(error) });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL to give the client (`http://127.0.0.1:PORT`). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues replies; each request takes the next one (then `respond`, if given). */
  reply(...replies: FakeReply[]): this {
    for (const r of replies) this.queue.push(r);
    return this;
  }

  /** Resolves once `n` requests in all have arrived. */
  waitForRequests(n: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.count >= n) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /** Forgets recorded requests and queued replies. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.count = 0;
  }

  /** Stops the server, cutting open connections. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('close', () => {
      if (!res.writableFinished) this.clientAborts++;
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0]!;
    let body: any;
    try {
      body = chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      this.sendError(res, 400, {
        type: 'invalid_request_error',
        message: 'the request body is not valid JSON',
      });
      return;
    }
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      at: performance.now(),
    };
    const index = this.count++;
    if (this.options.record !== false) this.requests.push(received);
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();

    if (req.method !== 'POST' || path !== '/v1/messages') {
      this.sendError(res, 404, { type: 'not_found_error', message: `Not found: ${req.method} ${path}` });
      return;
    }
    const key = this.options.apiKey;
    if (
      key !== undefined &&
      req.headers.authorization !== `Bearer ${key}` &&
      req.headers['x-api-key'] !== key
    ) {
      this.sendError(res, 401, { type: 'authentication_error', message: 'invalid x-api-key' });
      return;
    }
    if (this.options.validate !== false) {
      const problem =
        validate(body, String(req.headers['anthropic-version'] ?? '')) ?? this.thinking.check(body);
      if (problem !== undefined) {
        this.sendError(res, 400, { type: 'invalid_request_error', message: problem });
        return;
      }
    }
    let reply = this.queue.shift();
    if (reply === undefined && this.options.respond !== undefined)
      reply = await this.options.respond(received, index);
    if (reply === undefined) {
      this.sendError(res, 500, { type: 'api_error', message: 'fake server: no reply was scripted' });
      return;
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) {
      await this.sleep(reply.delayMs);
      if (res.destroyed) return;
    }
    if (reply.status !== undefined && reply.status >= 300) {
      const error = reply.error ?? {
        type: ERROR_TYPES[reply.status] ?? 'api_error',
        message: `status ${reply.status}`,
      };
      this.sendError(res, reply.status, error, reply.headers);
      return;
    }
    if (body.stream === true) await this.stream(res, body, reply);
    else {
      const json = JSON.stringify(this.message(body, reply, false));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(json)),
        'request-id': `req_${index}`,
        ...reply.headers,
      });
      if (reply.cutBodyAfterBytes === undefined) res.end(json);
      else {
        // A body cut mid-way: part of it, then the connection goes.
        res.write(Buffer.from(json).subarray(0, reply.cutBodyAfterBytes));
        await this.sleep(20);
        res.socket?.destroy();
      }
    }
  }

  private sendError(
    res: ServerResponse,
    status: number,
    error: { type: string; message: string },
    headers?: Record<string, string>,
  ): void {
    const body = JSON.stringify({ type: 'error', error, request_id: `req_err_${this.count}` });
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_err_${this.count}`,
      ...headers,
    });
    res.end(body);
  }

  /** The complete message a reply describes (content with ids filled in). */
  private message(body: any, reply: FakeReply, streaming: boolean) {
    const content: any[] = [];
    if (reply.text !== undefined) content.push({ type: 'text', text: reply.text, citations: null });
    for (const block of reply.content ?? []) {
      if (block.type === 'text') content.push({ type: 'text', text: block.text, citations: null });
      else if (block.type === 'thinking' || block.type === 'redacted_thinking') content.push({ ...block });
      else {
        const out: any = {
          type: 'tool_use',
          id: block.id ?? this.toolId(),
          name: block.name,
          input: block.input ?? {},
        };
        if (streaming && block.rawInput !== undefined) out.rawInput = block.rawInput;
        content.push(out);
      }
    }
    this.thinking.issue(content);
    let outputChars = 0;
    let thinkingChars = -1;
    for (const b of content) {
      if (b.type === 'thinking') thinkingChars = Math.max(thinkingChars, 0) + b.thinking.length;
      else
        outputChars +=
          b.type === 'text' ? b.text.length : b.type === 'tool_use' ? JSON.stringify(b.input).length : 0;
    }
    const u = reply.usage ?? {};
    // Thinking tokens are part of the output tokens; the details break them out.
    const thinking = thinkingChars < 0 ? undefined : (u.thinking_tokens ?? Math.ceil(thinkingChars / 4));
    const usage: Record<string, unknown> = {
      input_tokens: u.input_tokens ?? Math.ceil(JSON.stringify(body.messages ?? []).length / 4),
      output_tokens: u.output_tokens ?? Math.ceil(outputChars / 4) + 1 + (thinking ?? 0),
      cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    };
    if (thinking !== undefined) usage.output_tokens_details = { thinking_tokens: thinking };
    const hasTool = content.some((b) => b.type === 'tool_use');
    return {
      id: `msg_${String(++this.ids).padStart(6, '0')}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: reply.stopReason ?? (hasTool ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage,
    };
  }

  private toolId(): string {
    return `toolu_${String(++this.ids).padStart(6, '0')}`;
  }

  /** The SSE events of a reply, as the API sends them. */
  private events(body: any, reply: FakeReply): string[] {
    return messageEvents(this.message(body, reply, true), reply);
  }

  private async stream(res: ServerResponse, body: any, reply: FakeReply): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': `req_${this.count}`,
      ...reply.headers,
    });
    const plain =
      reply.eventDelayMs === undefined &&
      reply.sliceBytes === undefined &&
      reply.cutAfterEvents === undefined &&
      reply.endAfterEvents === undefined &&
      reply.malformedAfterEvents === undefined &&
      reply.errorEvent === undefined;
    if (plain) {
      // Fast path (benchmarks): the same reply object renders once.
      let text = this.rendered.get(reply);
      if (text === undefined || reply.content?.some((b) => b.type === 'tool_use' && b.id === undefined)) {
        text = this.events(body, reply).join('');
        this.rendered.set(reply, text);
      }
      res.end(text);
      return;
    }
    let events = this.events(body, reply);
    let cut = false;
    if (reply.cutAfterEvents !== undefined) {
      events = events.slice(0, reply.cutAfterEvents);
      cut = true;
    } else if (reply.endAfterEvents !== undefined) {
      events = events.slice(0, reply.endAfterEvents);
    } else if (reply.malformedAfterEvents !== undefined) {
      events = events.slice(0, reply.malformedAfterEvents);
      events.push(
        'event: content_block_delta\ndata: {"type":"content_block_delta","delta": secret user text}\n\n',
      );
    } else if (reply.errorEvent !== undefined) {
      const { afterEvents, type, message } = reply.errorEvent;
      events = events.slice(0, afterEvents);
      events.push(sse('error', { type: 'error', error: { type, message } }));
    }
    const payload = reply.eventDelayMs === undefined ? [events.join('')] : events;
    for (const item of payload) {
      if (res.destroyed) return;
      if (reply.sliceBytes !== undefined) {
        const bytes = Buffer.from(item, 'utf8');
        for (let i = 0; i < bytes.length; i += reply.sliceBytes) {
          res.write(bytes.subarray(i, i + reply.sliceBytes));
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } else res.write(item);
      if (reply.eventDelayMs !== undefined) await this.sleep(reply.eventDelayMs);
    }
    if (cut) {
      // Let the written events reach the client, then drop the connection mid-stream.
      await this.sleep(20);
      res.socket?.destroy();
      return;
    }
    res.end();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}
