/**
 * A managed connection to one MCP server: connects on first use, shares one connection
 * between concurrent calls, notices when the server goes away (process exit, closed
 * stream, failed health check) and connects again on the next call. Every failure comes
 * back as a typed error with a message a model can act on; nothing here can throw
 * outside a call or leave a call waiting past its timeout.
 */
import { AbortedError, AgnoError, errorMessage, TimeoutError, ToolError } from '@agno/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type CallToolResult,
  ErrorCode,
  type Tool as MCPToolInfo,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';

/** An MCP server started as a child process, spoken to over stdio. */
export interface MCPStdioServer {
  /** The program to run (e.g. `node`, `npx`, `uvx`). */
  command: string;
  args?: string[];
  /** Extra environment variables (added to a minimal safe environment: PATH, HOME...). */
  env?: Record<string, string>;
  cwd?: string;
  /**
   * The server's stderr: `pipe` (default) keeps its last lines for error messages,
   * `inherit` shows it in this process's stderr, `ignore` drops it.
   */
  stderr?: 'pipe' | 'inherit' | 'ignore';
}

/** An MCP server reached over Streamable HTTP. */
export interface MCPHttpServer {
  /** The MCP endpoint, e.g. `http://localhost:3000/mcp`. */
  url: string | URL;
  /** Headers sent with every request (e.g. authorization). Never echoed in errors. */
  headers?: Record<string, string>;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
}

/** Where an MCP server is. */
export type MCPServer = MCPStdioServer | MCPHttpServer;

/** Options of a connection. */
export interface MCPConnectionOptions {
  /** Name used in errors. */
  name: string;
  server: MCPServer;
  /** Time allowed to start the server and complete the MCP handshake. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Time allowed for a health check (after a timeout or a transport error). Default 5 000 ms. */
  pingTimeoutMs?: number;
}

const CLIENT_INFO = { name: 'agno-ts', version: '0.1.0' };
const STDERR_TAIL = 2000;

interface Live {
  client: Client;
  transport: Transport;
  alive: boolean;
  probing: boolean;
  stderr: string;
}

/** A connection to one MCP server that reconnects after failures. */
export class MCPConnection {
  private live: Live | undefined = undefined;
  private connecting: Promise<Live> | undefined = undefined;
  private generation = 0;
  private readonly connectTimeoutMs: number;
  private readonly pingTimeoutMs: number;

  constructor(readonly options: MCPConnectionOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.live?.alive === true;
  }

  /** The server's instructions from the handshake, once connected. */
  get instructions(): string | undefined {
    return this.live?.client.getInstructions();
  }

  /** Connects now (calls connect on their own when needed). */
  async connect(signal?: AbortSignal): Promise<void> {
    await this.link(signal);
  }

  /** The live connection, connecting first when there is none (concurrent callers share one attempt). */
  private link(signal?: AbortSignal): Promise<Live> {
    const live = this.live;
    if (live?.alive) return Promise.resolve(live);
    let connecting = this.connecting;
    if (connecting === undefined) {
      const generation = this.generation;
      connecting = this.open().then(
        (opened) => {
          if (this.connecting === connecting) this.connecting = undefined;
          if (generation !== this.generation) {
            void closeQuietly(opened);
            throw new AbortedError(`the connection to MCP server "${this.options.name}" was closed`);
          }
          this.live = opened;
          return opened;
        },
        (error) => {
          if (this.connecting === connecting) this.connecting = undefined;
          throw error;
        },
      );
      this.connecting = connecting;
    }
    return abortable(connecting, signal);
  }

  /** Lists every tool of the server (following pagination). */
  async listTools(signal?: AbortSignal): Promise<MCPToolInfo[]> {
    const live = await this.link(signal);
    const out: MCPToolInfo[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await live.client.listTools(cursor === undefined ? undefined : { cursor }, {
          signal,
          timeout: this.connectTimeoutMs,
        });
        out.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    } catch (error) {
      throw this.failure(error, live, 'listing tools', this.connectTimeoutMs, signal);
    }
    return out;
  }

  /** Calls a tool. Rejects with a TimeoutError, an AbortedError or a ToolError with a clear message. */
  async callTool(
    name: string,
    args: unknown,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<CallToolResult> {
    for (let attempt = 0; ; attempt++) {
      const live = await this.link(signal);
      // The SDK never removes the abort listener it adds: give it a signal of its own per call.
      const call = new AbortController();
      const forward = () => call.abort(signal!.reason);
      if (signal?.aborted) call.abort(signal.reason);
      else signal?.addEventListener('abort', forward, { once: true });
      try {
        const params = { name, arguments: (args ?? {}) as Record<string, unknown> };
        return (await live.client.callTool(params, undefined, {
          signal: call.signal,
          timeout: timeoutMs,
        })) as CallToolResult;
      } catch (error) {
        // A session the server no longer knows (it restarted): the call never ran; retry once on a new one.
        if (attempt === 0 && error instanceof StreamableHTTPError && error.code === 404 && !signal?.aborted) {
          this.drop(live);
          continue;
        }
        throw this.failure(error, live, `calling "${name}"`, timeoutMs, signal);
      } finally {
        signal?.removeEventListener('abort', forward);
      }
    }
  }

  /** Closes the connection (a later call connects again). */
  async close(): Promise<void> {
    this.generation++;
    this.connecting = undefined;
    const live = this.live;
    this.live = undefined;
    if (live !== undefined) await closeQuietly(live);
  }

  private async open(): Promise<Live> {
    const server = this.options.server;
    const transport = createTransport(server);
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    const live: Live = { client, transport, alive: true, probing: false, stderr: '' };
    if (transport instanceof StdioClientTransport) {
      transport.stderr?.on('data', (chunk: Buffer) => {
        live.stderr = (live.stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
      });
    }
    client.onclose = () => {
      live.alive = false;
      if (this.live === live) this.live = undefined;
    };
    client.onerror = () => {
      // Transport errors (a broken stream, a failed write) may mean the server is gone: check.
      if (live.alive) this.probe(live);
    };
    try {
      await client.connect(transport, { timeout: this.connectTimeoutMs });
    } catch (error) {
      live.alive = false;
      await closeQuietly(live);
      const name = this.options.name;
      if (isMcpError(error, ErrorCode.RequestTimeout)) {
        throw new TimeoutError(
          `MCP server "${name}" did not complete its handshake within ${this.connectTimeoutMs} ms${tail(live)}`,
        );
      }
      throw new ToolError(
        name,
        `could not connect to MCP server "${name}": ${describe(error)}${tail(live)}`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    if (!live.alive) {
      throw new ToolError(
        this.options.name,
        `MCP server "${this.options.name}" closed right after connecting${tail(live)}`,
      );
    }
    return live;
  }

  /** Forgets a connection and closes it in the background; `kill` stops a stdio server at once. */
  private drop(live: Live, kill = false): void {
    if (this.live === live) this.live = undefined;
    if (!live.alive) return;
    if (kill) killNow(live);
    void closeQuietly(live);
  }

  /** Pings the server; when it does not answer, the connection is dropped (pending calls fail at once). */
  private probe(live: Live): void {
    if (live.probing || !live.alive) return;
    live.probing = true;
    live.client.ping({ timeout: this.pingTimeoutMs }).then(
      () => {
        live.probing = false;
      },
      () => {
        live.probing = false;
        // it does not answer a ping: a graceful close would wait for it in vain
        this.drop(live, true);
      },
    );
  }

  /** What happens next, for error messages. */
  private get again(): string {
    return 'command' in this.options.server
      ? 'it will be restarted on the next call'
      : 'the next call will connect again';
  }

  private failure(
    error: unknown,
    live: Live,
    what: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): AgnoError {
    const name = this.options.name;
    if (signal?.aborted) {
      const reason = signal.reason;
      return reason instanceof AgnoError
        ? reason
        : new AbortedError(`${what} on MCP server "${name}" was aborted`);
    }
    if (error instanceof AgnoError) return error;
    if (isMcpError(error, ErrorCode.RequestTimeout)) {
      this.probe(live);
      return new TimeoutError(`MCP server "${name}" did not answer ${what} within ${timeoutMs} ms`);
    }
    if (isMcpError(error, ErrorCode.ConnectionClosed)) {
      this.drop(live);
      return new ToolError(
        name,
        `MCP server "${name}" closed the connection while ${what}${tail(live)}; ${this.again}`,
        { cause: error, retryable: true },
      );
    }
    if (error instanceof McpError) {
      return new ToolError(name, `MCP server "${name}" refused ${what}: ${stripCode(error)}`, {
        cause: error,
      });
    }
    // Anything else is the transport failing (network error, HTTP error, broken pipe).
    this.drop(live);
    return new ToolError(
      name,
      `could not reach MCP server "${name}" while ${what}: ${describe(error)}; ${this.again}`,
      { cause: error, retryable: true },
    );
  }
}

function createTransport(server: MCPServer): Transport {
  if ('command' in server) {
    return new StdioClientTransport({
      command: server.command,
      args: server.args,
      env: server.env,
      cwd: server.cwd,
      stderr: server.stderr ?? 'pipe',
    });
  }
  const url = server.url instanceof URL ? server.url : new URL(server.url);
  return new StreamableHTTPClientTransport(url, {
    requestInit: server.headers === undefined ? undefined : { headers: server.headers },
    fetch: server.fetch,
  });
}

function killNow(live: Live): void {
  const pid = live.transport instanceof StdioClientTransport ? live.transport.pid : null;
  if (pid === null) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function closeQuietly(live: Live): Promise<void> {
  live.alive = false;
  try {
    await live.client.close();
  } catch {
    // closing a broken connection may fail; there is nothing left to release
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function reasonOf(signal: AbortSignal): AgnoError {
  const reason = signal.reason;
  return reason instanceof AgnoError ? reason : new AbortedError('the call was aborted');
}

function isMcpError(error: unknown, code: number): boolean {
  return error instanceof McpError && error.code === code;
}

function stripCode(error: McpError): string {
  return error.message.replace(/^MCP error -?\d+: /, '');
}

function describe(error: unknown): string {
  if (error instanceof McpError) return stripCode(error);
  const message = errorMessage(error);
  const cause = (error as { cause?: unknown })?.cause;
  return cause instanceof Error && cause.message && !message.includes(cause.message)
    ? `${message} (${errorMessage(cause)})`
    : message;
}

function tail(live: Live): string {
  const text = live.stderr.trim();
  if (text.length === 0) return '';
  const lines = text.split('\n');
  return `; its last output: ${lines.slice(-5).join(' | ').slice(-500)}`;
}
