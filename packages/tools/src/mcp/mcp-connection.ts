/**
 * A managed connection to one MCP server: connects on first use, shares one connection
 * between concurrent calls, notices when the server goes away (process exit, closed
 * stream, failed health check) and connects again on the next call. Every failure comes
 * back as a typed error with a message a model can act on; nothing here can throw
 * outside a call or leave a call waiting past its timeout. `close()` fails calls in flight
 * at once with an `aborted` error.
 */
import { AbortedError, AgnoError, ConfigError, TimeoutError, ToolError } from '@agno/core';
import { abortError, SignalScope } from '@agno/core/utils';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  type CallToolResult,
  ErrorCode,
  type Tool as MCPToolInfo,
  McpError,
  type Root,
} from '@modelcontextprotocol/sdk/types.js';
import { probe } from './health.js';
import { describe, isMcpError, isTimeoutReason, outputTail, stripCode } from './mcp-errors.js';
import { isStdio, type MCPServer } from './servers.js';
import { closeSession, type MCPRoot, openSession, type Session, toRoots } from './session.js';

/** Options of a connection. */
export interface MCPConnectionOptions {
  /** Name used in errors. */
  name: string;
  server: MCPServer;
  /** Time allowed to start the server and complete the MCP handshake. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Time allowed for a health check (after a timeout or a transport error). Default 5 000 ms. */
  pingTimeoutMs?: number;
  /**
   * Root folders offered to the server (`roots/list`): paths or `file://` URIs. When set, the
   * client declares the `roots` capability; servers such as server-filesystem work in them.
   */
  roots?: readonly MCPRoot[];
}

/**
 * Where a connection is: `idle` (never connected), `connecting`, `ready`, `failed` (the last
 * attempt failed or the server went away; the next call connects again), `closed` (by `close()`;
 * a later call connects again).
 */
export type MCPConnectionState = 'idle' | 'connecting' | 'ready' | 'failed' | 'closed';

/** A progress notification of a call in flight. */
export interface MCPProgress {
  /** Progress so far (grows with each notification). */
  progress: number;
  /** The total, when the server knows it. */
  total?: number;
  /** What the server is doing, when it says. */
  message?: string;
}

/** Options of one {@link MCPConnection.callTool} call. */
export interface MCPCallOptions {
  /** Time allowed without an answer; each progress notification starts it again. */
  timeoutMs: number;
  /** Time allowed in all, progress or not (absent: no cap beyond `signal`). */
  maxTotalTimeoutMs?: number;
  /** Ends the call (its reason becomes the error; a timeout reason starts a health check). */
  signal?: AbortSignal;
  /** Receives the server's progress notifications (a progress token is sent when set). */
  onProgress?: (progress: MCPProgress) => void;
}

/** A connection to one MCP server that reconnects after failures. */
export class MCPConnection {
  private session: Session | undefined = undefined;
  private connecting: Promise<Session> | undefined = undefined;
  private attempt: AbortController | undefined = undefined;
  private generation = 0;
  private status: MCPConnectionState = 'idle';
  private failure: AgnoError | undefined = undefined;
  private readonly calls = new Set<SignalScope>();
  private roots: Root[] | undefined;
  private readonly connectTimeoutMs: number;
  private readonly pingTimeoutMs: number;

  constructor(readonly options: MCPConnectionOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
    this.roots = options.roots === undefined ? undefined : toRoots(options.roots);
  }

  /** Where the connection is (see {@link MCPConnectionState}). */
  get state(): MCPConnectionState {
    return this.status;
  }

  /** Why the last attempt failed or the server went away, while `state` is `failed`. */
  get lastError(): AgnoError | undefined {
    return this.status === 'failed' ? this.failure : undefined;
  }

  /** The stdio server's process id (its launcher's, when started through one) while `ready`. */
  get pid(): number | undefined {
    return this.session?.alive ? this.session.link.pid() : undefined;
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.session?.alive === true;
  }

  /** The server's instructions from the handshake, once connected. */
  get instructions(): string | undefined {
    return this.session?.client.getInstructions();
  }

  /** Connects now (calls connect on their own when needed). Rejects when the server cannot start. */
  async connect(signal?: AbortSignal): Promise<void> {
    const scope = this.scope(signal);
    try {
      await this.link(scope, 'connecting');
    } finally {
      this.end(scope);
    }
  }

  /**
   * Replaces the root folders and tells a connected server (`notifications/roots/list_changed`).
   * Only for a connection created with `roots` (the capability is declared at the handshake).
   */
  async setRoots(roots: readonly MCPRoot[]): Promise<void> {
    if (this.roots === undefined) {
      throw new ConfigError('setRoots needs a connection created with the `roots` option');
    }
    this.roots = toRoots(roots);
    const session = this.session;
    if (session?.alive) await session.client.sendRootsListChanged().catch(() => {});
  }

  /** Lists every tool of the server (following pagination). */
  async listTools(signal?: AbortSignal): Promise<MCPToolInfo[]> {
    const scope = this.scope(signal);
    try {
      const session = await this.link(scope, 'listing tools');
      const out: MCPToolInfo[] = [];
      let cursor: string | undefined;
      try {
        do {
          const request = cursor === undefined ? undefined : { cursor };
          const options = { signal: scope.signal, timeout: this.connectTimeoutMs };
          const page = await scope.race(session.client.listTools(request, options));
          out.push(...page.tools);
          cursor = page.nextCursor;
        } while (cursor !== undefined);
      } catch (error) {
        throw this.fail(error, session, 'listing tools', this.connectTimeoutMs, scope);
      }
      return out;
    } finally {
      this.end(scope);
    }
  }

  /** Calls a tool. Rejects with a TimeoutError, an AbortedError or a ToolError with a clear message. */
  async callTool(name: string, args: unknown, options: MCPCallOptions): Promise<CallToolResult> {
    const what = `calling "${name}"`;
    const scope = this.scope(options.signal);
    const onProgress = options.onProgress;
    try {
      for (let attempt = 0; ; attempt++) {
        const session = await this.link(scope, what);
        try {
          const params = { name, arguments: (args ?? {}) as Record<string, unknown> };
          const call = session.client.callTool(params, undefined, {
            signal: scope.signal,
            timeout: options.timeoutMs,
            maxTotalTimeout: options.maxTotalTimeoutMs,
            resetTimeoutOnProgress: true,
            onprogress: onProgress === undefined ? undefined : (p) => notify(onProgress, p),
          });
          return (await scope.race(call)) as CallToolResult;
        } catch (error) {
          // A session the server no longer knows (it restarted): the call never ran; retry once on a new one.
          if (
            attempt === 0 &&
            error instanceof StreamableHTTPError &&
            error.code === 404 &&
            !scope.isAborted
          ) {
            this.drop(session);
            continue;
          }
          throw this.fail(error, session, what, options.timeoutMs, scope);
        }
      }
    } finally {
      this.end(scope);
    }
  }

  /**
   * Closes the connection: calls in flight fail at once with an `aborted` error, an HTTP session
   * is ended on the server, a stdio server's process group is stopped. A later call connects again.
   */
  async close(): Promise<void> {
    this.generation++;
    this.status = 'closed';
    const reason = new AbortedError(`the connection to MCP server "${this.options.name}" was closed`);
    for (const scope of this.calls) scope.abort(reason);
    this.attempt?.abort(reason);
    this.attempt = undefined;
    this.connecting = undefined;
    const session = this.session;
    this.session = undefined;
    if (session !== undefined) await closeSession(session);
  }

  /** What `util.inspect` shows: no server settings (headers and env may hold secrets). */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return { name: this.options.name, state: this.status, pid: this.pid };
  }

  private scope(signal: AbortSignal | undefined): SignalScope {
    const scope = new SignalScope(signal);
    this.calls.add(scope);
    return scope;
  }

  private end(scope: SignalScope): void {
    this.calls.delete(scope);
    scope.dispose();
  }

  /** The live session, connecting first when there is none (concurrent callers share one attempt). */
  private async link(scope: SignalScope, what: string): Promise<Session> {
    const session = this.session;
    if (session?.alive) return session;
    try {
      return await scope.race((this.connecting ??= this.open()));
    } catch (error) {
      if (scope.isAborted)
        throw abortError(scope.signal.reason, `${what} on MCP server "${this.options.name}"`);
      throw error;
    }
  }

  private open(): Promise<Session> {
    const generation = this.generation;
    const attempt = new AbortController();
    this.attempt = attempt;
    this.status = 'connecting';
    const options = {
      name: this.options.name,
      server: this.options.server,
      connectTimeoutMs: this.connectTimeoutMs,
      roots: () => this.roots,
      onClose: (s: Session) => this.lost(s),
      onError: (s: Session) => probe(s, this.pingTimeoutMs, (dead) => this.drop(dead, true)),
    };
    const connecting = openSession(options, attempt.signal).then(
      (opened) => {
        if (generation !== this.generation) {
          void closeSession(opened);
          throw new AbortedError(`the connection to MCP server "${this.options.name}" was closed`);
        }
        this.settle(connecting, 'ready');
        this.session = opened;
        return opened;
      },
      (error: unknown) => {
        if (generation === this.generation) this.settle(connecting, 'failed', error);
        throw error;
      },
    );
    return connecting;
  }

  private settle(connecting: Promise<Session>, status: MCPConnectionState, error?: unknown): void {
    if (this.connecting === connecting) this.connecting = undefined;
    this.attempt = undefined;
    this.status = status;
    this.failure = error instanceof AgnoError ? error : undefined;
  }

  /** The server went away on its own (exit, broken stream). */
  private lost(session: Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.status = 'failed';
    this.failure = new ToolError(
      this.options.name,
      `MCP server "${this.options.name}" closed the connection${outputTail(session.link.output())}`,
    );
  }

  /** Forgets a session and closes it in the background; `kill` stops a stdio server at once. */
  private drop(session: Session, kill = false): void {
    if (this.session === session) {
      this.session = undefined;
      this.status = 'failed';
      this.failure = new ToolError(this.options.name, `MCP server "${this.options.name}" stopped answering`);
    }
    if (!session.alive) return;
    if (kill) session.link.kill();
    void closeSession(session);
  }

  /** What happens next, for error messages. */
  private get again(): string {
    return isStdio(this.options.server)
      ? 'it will be restarted on the next call'
      : 'the next call will connect again';
  }

  private fail(
    error: unknown,
    session: Session,
    what: string,
    timeoutMs: number,
    scope: SignalScope,
  ): AgnoError {
    const name = this.options.name;
    if (scope.isAborted) {
      const reason = scope.signal.reason;
      // whichever timer fired (the tool's, the run's): a server that does not answer may be frozen
      if (isTimeoutReason(reason)) probe(session, this.pingTimeoutMs, (dead) => this.drop(dead, true));
      return abortError(reason, `${what} on MCP server "${name}"`);
    }
    if (error instanceof AgnoError) return error;
    if (isMcpError(error, ErrorCode.RequestTimeout)) {
      probe(session, this.pingTimeoutMs, (dead) => this.drop(dead, true));
      return new TimeoutError(`MCP server "${name}" did not answer ${what} within ${timeoutMs} ms`);
    }
    if (isMcpError(error, ErrorCode.ConnectionClosed)) {
      this.drop(session);
      const tail = outputTail(session.link.output());
      return new ToolError(
        name,
        `MCP server "${name}" closed the connection while ${what}${tail}; ${this.again}`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    if (error instanceof McpError) {
      return new ToolError(name, `MCP server "${name}" refused ${what}: ${stripCode(error)}`, {
        cause: error,
      });
    }
    // Anything else is the transport failing (network error, HTTP error, broken pipe).
    this.drop(session);
    return new ToolError(
      name,
      `could not reach MCP server "${name}" while ${what}: ${describe(error)}; ${this.again}`,
      {
        cause: error,
        retryable: true,
      },
    );
  }
}

function notify(listener: (progress: MCPProgress) => void, progress: MCPProgress): void {
  try {
    listener({ ...progress });
  } catch {
    // a listener's failure is not the call's
  }
}
