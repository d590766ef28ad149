/**
 * A local HTTP server that speaks the Gemini API wire format (and Vertex AI's paths): `POST
 * /v1beta/models/{model}:generateContent` with JSON replies and
 * `:streamGenerateContent?alt=sse` with SSE chunks, error bodies (`{ error: { code, message,
 * status, details } }`) with `retry-after`, blocked prompts, error payloads mid-stream and cut
 * connections. It checks requests the way the API does (see `validate-request.ts`) and records
 * them. Point the official client at it with `baseURL: server.url` (or
 * `httpOptions.baseUrl`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeGoogleServerOptions, FakeReply, ReceivedRequest } from './fake-replies.js';
import { validate } from './validate-request.js';
import { errorJSON, responseJSON, sse, streamEvents } from './wire.js';

export type {
  FakeError,
  FakeGoogleServerOptions,
  FakePart,
  FakeReply,
  FakeUsage,
  ReceivedRequest,
} from './fake-replies.js';

/** Gemini API paths (`/v1beta/models/m:…`) and Vertex AI ones (`/v1/projects/p/locations/l/publishers/google/models/m:…`). */
const PATH =
  /^\/(v\d\w*)\/(?:projects\/[^/]+\/locations\/[^/]+\/)?(?:publishers\/google\/)?models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** The local Gemini API server. Start it with {@link FakeGoogleServer.start}. */
export class FakeGoogleServer {
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
  private ids = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeGoogleServerOptions,
  ) {}

  /** Starts a server on a free local port. */
  static async start(options: FakeGoogleServerOptions = {}): Promise<FakeGoogleServer> {
    const server = createServer();
    const fake = new FakeGoogleServer(server, options);
    server.on('connection', (socket) => {
      fake.connections++;
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((error) => {
        if (!res.headersSent) fake.sendError(res, 500, { error: { message: String(error), code: 500 } });
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

  /** The last request received (when recording). */
  get lastRequest(): ReceivedRequest | undefined {
    return this.requests[this.requests.length - 1];
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
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = PATH.exec(url.pathname);
    let body: any;
    try {
      body = chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      this.sendError(res, 400, { error: { message: 'Invalid JSON payload received.' } });
      return;
    }
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      model: match?.[2] ?? '',
      stream: match?.[3] === 'streamGenerateContent',
      headers: req.headers,
      body,
      at: performance.now(),
    };
    const index = this.count++;
    if (this.options.record !== false) this.requests.push(received);
    for (const w of this.waiters.splice(0)) w();

    if (req.method !== 'POST' || match === null) {
      this.sendError(res, 404, { error: { message: `Not found: ${req.method} ${url.pathname}` } });
      return;
    }
    const key = this.options.apiKey;
    const sent = req.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? undefined;
    if (key !== undefined && sent === undefined) {
      this.sendError(res, 403, {
        error: {
          message:
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        },
      });
      return;
    }
    if (key !== undefined && sent !== key) {
      this.sendError(res, 400, {
        error: {
          message: 'API key not valid. Please pass a valid API key.',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'API_KEY_INVALID',
              domain: 'googleapis.com',
            },
          ],
        },
      });
      return;
    }
    if (received.stream && url.searchParams.get('alt') !== 'sse') {
      this.sendError(res, 400, { error: { message: 'this server streams only with alt=sse' } });
      return;
    }
    if (this.options.validate !== false) {
      const problem = validate(body, received.model);
      if (problem !== undefined) {
        this.sendError(res, 400, { error: { message: problem } });
        return;
      }
    }
    let reply = this.queue.shift();
    if (reply === undefined && this.options.respond !== undefined)
      reply = await this.options.respond(received, index);
    if (reply === undefined) {
      this.sendError(res, 500, { error: { message: 'fake server: no reply was scripted' } });
      return;
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) {
      await this.sleep(reply.delayMs);
      if (res.destroyed) return;
    }
    if (reply.status !== undefined && reply.status >= 300) {
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
      res.end(errorJSON(reply.status, reply));
      return;
    }
    const responseId = reply.responseId ?? `resp${String(++this.ids).padStart(6, '0')}`;
    if (received.stream) await this.stream(res, body, reply, received.model, responseId);
    else {
      const json = responseJSON(body, reply, received.model, responseId);
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
      if (reply.cutBodyAfterBytes === undefined) res.end(json);
      else {
        res.write(Buffer.from(json).subarray(0, reply.cutBodyAfterBytes));
        await this.sleep(20);
        res.socket?.destroy();
      }
    }
  }

  private sendError(
    res: ServerResponse,
    status: number,
    body: { error: { message: string; code?: number; details?: unknown[] } },
  ): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(errorJSON(status, { error: { ...body.error, details: body.error.details as never } }));
  }

  private async stream(
    res: ServerResponse,
    body: any,
    reply: FakeReply,
    model: string,
    responseId: string,
  ): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', ...reply.headers });
    const plain =
      reply.eventDelayMs === undefined &&
      reply.sliceBytes === undefined &&
      reply.cutAfterChunks === undefined &&
      reply.endAfterChunks === undefined &&
      reply.malformedAfterChunks === undefined &&
      reply.errorChunk === undefined;
    if (plain && reply.responseId !== undefined) {
      // Fast path (benchmarks): a reply with a fixed id renders once.
      let text = this.rendered.get(reply);
      if (text === undefined) {
        text = streamEvents(body, reply, model, responseId).join('');
        this.rendered.set(reply, text);
      }
      res.end(text);
      return;
    }
    let events = streamEvents(body, reply, model, responseId);
    let cut = false;
    if (reply.cutAfterChunks !== undefined) {
      events = events.slice(0, reply.cutAfterChunks);
      cut = true;
    } else if (reply.endAfterChunks !== undefined) {
      events = events.slice(0, reply.endAfterChunks);
    } else if (reply.malformedAfterChunks !== undefined) {
      events = events.slice(0, reply.malformedAfterChunks);
      events.push('data: {"candidates": [secret user text\r\n\r\n');
    } else if (reply.errorChunk !== undefined) {
      const { afterChunks, code, message, status } = reply.errorChunk;
      events = events.slice(0, afterChunks);
      events.push(sse(JSON.stringify({ error: { code, message, status: status ?? 'INTERNAL' } })));
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
      // Let the written chunks reach the client, then drop the connection mid-stream.
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
