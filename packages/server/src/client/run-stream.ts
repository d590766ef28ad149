/**
 * A run's events over server-sent events, as an async iterable that survives a dropped
 * connection: when the connection ends before `done` (a reset, a proxy timeout, a silent stall
 * past `idleTimeoutMs`), it reconnects to `GET /runs/:runId/events` with `Last-Event-ID`, with
 * bounded retries and exponential backoff (from the server's `retry:` when it sent one), and never
 * yields an event twice. `result` settles with the run's result or its error.
 */
import { isServerError, ServerError } from './errors.js';
import { SSEParser } from './sse-parser.js';
import type { Transport } from './transport.js';
import type { StreamEvent, WireError } from './types.js';

/** How a stream reconnects. */
export interface ReconnectOptions {
  /** Attempts in a row without a new event before giving up (default 5). */
  retries?: number;
  /** First delay when the server sent no `retry:` (default 250 ms); it doubles per attempt. */
  minDelayMs?: number;
  /** Longest delay between attempts (default 5 s). */
  maxDelayMs?: number;
}

/** Options of a streaming call. */
export interface StreamOptions {
  /** Aborting it is `stream.abort()`: the run is cancelled on the server. */
  signal?: AbortSignal;
  /**
   * Leave the run running on the server when the loop is left early (`break`): its events stay
   * readable with `runs.events`. Default false: leaving early cancels the run.
   */
  keepRunning?: boolean;
  /** Reconnection after a dropped connection (default on), or false to fail with `stream_interrupted`. */
  reconnect?: ReconnectOptions | false;
  /** A connection quiet for this long (no event, no heartbeat) counts as dropped (default 60 s). */
  idleTimeoutMs?: number;
}

/** One open connection of a stream. */
export interface Connection {
  res: Response;
  controller: AbortController;
}

type Settle = { value: unknown; final: boolean } | { error: WireError } | undefined;

const AGENT_RESULTS = new Set(['run-completed', 'run-paused']);
const FLOW_RESULTS = new Set(['workflow-completed', 'workflow-paused']);
const ERROR_EVENTS = new Set(['run-error', 'workflow-error']);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The events of one run: iterate it once (`for await`), or await `result` without iterating.
 * `E` is the run's event type; every stream ends with `done`.
 */
export class RunStream<E extends { type: string }, R> implements AsyncIterable<StreamEvent<E>> {
  #runId: string;
  readonly #transport: Transport;
  readonly #options: StreamOptions;
  readonly #stop = new AbortController();
  readonly #result: Promise<R>;
  #resolve!: (value: R) => void;
  #reject!: (error: unknown) => void;
  #first: Connection | undefined;
  #current: AbortController | undefined;
  #lastId: number;
  /** Reconnect attempts in a row without a new event. */
  #failures = 0;
  #serverRetry: number | undefined;
  #settle: Settle;
  #state: 'new' | 'iterating' | 'ended' = 'new';
  #finished = false;

  /** @internal Use the client's `stream` methods. */
  constructor(
    transport: Transport,
    runId: string,
    first: Connection,
    afterId: number,
    options: StreamOptions,
  ) {
    this.#runId = runId;
    this.#transport = transport;
    this.#first = first;
    this.#current = first.controller;
    this.#lastId = afterId;
    this.#options = options;
    this.#result = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#result.catch(() => {});
    const signal = options.signal;
    if (signal !== undefined) {
      if (signal.aborted) this.abort();
      else signal.addEventListener('abort', () => this.abort(), { once: true, signal: this.#stop.signal });
    }
  }

  /**
   * The run's id: from the `x-run-id` header, else (a browser on another origin whose server does
   * not expose that header) from the first event.
   */
  get runId(): string {
    return this.#runId;
  }

  /** Id of the last event received (what a reconnect sends as `Last-Event-ID`). */
  get lastEventId(): number {
    return this.#lastId;
  }

  /**
   * The run's result (an agent's `WireRunResult`, a workflow's or team's result), paused ones
   * included; rejects with a {@link ServerError} carrying the run's error code. Awaiting it
   * without iterating reads the stream to its end.
   */
  get result(): Promise<R> {
    if (this.#state === 'new') void this.#drain();
    return this.#result;
  }

  /** Stops reading and cancels the run on the server; `result` rejects with code `aborted`. */
  abort(): void {
    this.#halt(true);
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent<E>> {
    if (this.#state !== 'new') throw new ServerError('invalid_state', 'a run stream can be read once');
    this.#state = 'iterating';
    return this.#events();
  }

  async #drain(): Promise<void> {
    try {
      for await (const _ of this);
    } catch {
      // `result` rejects with the same error.
    }
  }

  #halt(cancel: boolean): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#current?.abort();
    if (this.#finished) return;
    const known = this.#settle;
    if (known !== undefined && ('error' in known || known.final)) {
      // The run's outcome already came (the loop stopped between it and `done`).
      this.#settleWith(known);
      return;
    }
    this.#finished = true;
    this.#reject(
      new ServerError('aborted', 'the stream was stopped before the run ended', { runId: this.runId }),
    );
    if (cancel) {
      void this.#transport
        .send({ method: 'POST', path: `/runs/${encodeURIComponent(this.runId)}/cancel` })
        .then((res) => res.body?.cancel())
        .catch(() => {});
    }
  }

  async *#events(): AsyncGenerator<StreamEvent<E>> {
    try {
      for (;;) {
        const conn = this.#first ?? (await this.#reconnect());
        this.#first = undefined;
        if (conn === undefined) return;
        if (yield* this.#read(conn)) return;
        if (this.#stop.signal.aborted) return;
      }
    } catch (error) {
      if (this.#stop.signal.aborted) return;
      this.#fail(error);
      throw error;
    } finally {
      this.#state = 'ended';
      // Left early (break, return, throw in the loop body): stop, and cancel unless asked not to.
      if (!this.#finished) this.#halt(this.#options.keepRunning !== true);
    }
  }

  /** Yields the events of one connection; true when `done` came. */
  async *#read(conn: Connection): AsyncGenerator<StreamEvent<E>, boolean> {
    this.#current = conn.controller;
    const body = conn.res.body;
    if (body === null) return false;
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const queue: StreamEvent<E>[] = [];
    const parser = new SSEParser({
      onEvent: (m) => {
        if (m.event === 'gap') {
          queue.push({ type: 'gap', missed: (JSON.parse(m.data) as { missed: number }).missed });
          return;
        }
        const id = Number(m.id);
        if (m.id !== '' && Number.isFinite(id)) {
          if (id <= this.#lastId) return; // seen before the reconnect
          this.#lastId = id;
          this.#failures = 0;
        }
        let data: { type?: string };
        try {
          data = JSON.parse(m.data) as { type?: string };
        } catch {
          throw new ServerError('invalid_response', 'the server sent an event that is not JSON', {
            runId: this.runId,
          });
        }
        if (typeof data.type !== 'string') data.type = m.event;
        if (this.#runId === '' && typeof (data as { runId?: unknown }).runId === 'string') {
          this.#runId = (data as { runId: string }).runId;
        }
        queue.push(data as StreamEvent<E>);
      },
      onRetry: (ms) => {
        this.#serverRetry = ms;
      },
    });
    const idleMs = this.#options.idleTimeoutMs ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (idleMs > 0) timer = setTimeout(() => conn.controller.abort(), idleMs);
    };
    try {
      for (;;) {
        arm();
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
          return false; // dropped (or stopped): the caller decides
        } finally {
          // A consumer slow to take the events below is not a quiet connection.
          clearTimeout(timer);
        }
        if (chunk.done) {
          parser.end();
          return false;
        }
        parser.push(decoder.decode(chunk.value, { stream: true }));
        while (queue.length > 0) {
          const event = queue.shift()!;
          this.#observe(event);
          // `result` settles before `done` is yielded: a loop may stop at `done`.
          if (event.type === 'done') await this.#finish(event as { status?: string });
          yield event;
          if (event.type === 'done') return true;
        }
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      conn.controller.abort();
      reader.cancel().catch(() => {});
    }
  }

  /** Opens the next connection, waiting before each attempt; throws when out of attempts. */
  async #reconnect(): Promise<Connection | undefined> {
    const policy = this.#options.reconnect;
    if (policy === false) {
      throw new ServerError('stream_interrupted', 'the connection dropped before the run ended', {
        runId: this.runId,
      });
    }
    const retries = policy?.retries ?? 5;
    for (;;) {
      const attempt = ++this.#failures;
      if (attempt > retries) {
        throw new ServerError(
          'stream_interrupted',
          `the connection dropped and ${retries} reconnects failed`,
          {
            runId: this.runId,
            retryable: true,
          },
        );
      }
      const base = this.#serverRetry ?? policy?.minDelayMs ?? 250;
      await sleep(Math.min(base * 2 ** (attempt - 1), policy?.maxDelayMs ?? 5000), this.#stop.signal);
      if (this.#stop.signal.aborted) return undefined;
      const controller = new AbortController();
      this.#current = controller;
      try {
        const res = await this.#transport.send({
          method: 'GET',
          path: `/runs/${encodeURIComponent(this.runId)}/events`,
          headers: { accept: 'text/event-stream', 'last-event-id': String(this.#lastId) },
          signal: controller.signal,
        });
        return { res, controller };
      } catch (error) {
        if (this.#stop.signal.aborted) return undefined;
        if (!isServerError(error) || !error.retryable) throw error;
      }
    }
  }

  /** Records what a top-level event says about the run's outcome. */
  #observe(event: StreamEvent<E>): void {
    const e = event as { type: string; result?: unknown; error?: WireError };
    if (AGENT_RESULTS.has(e.type)) this.#settle = { value: e.result, final: true };
    else if (FLOW_RESULTS.has(e.type)) this.#settle = { value: e.result, final: false };
    else if (ERROR_EVENTS.has(e.type) && e.error !== undefined) this.#settle = { error: e.error };
  }

  /**
   * Settles `result` at `done`. An agent's result event is its result; a team's or workflow's
   * result is read from the run's info (a team's result adds its text and members to the
   * workflow result its events carry), falling back to the event's when the info is gone.
   */
  async #finish(done: { status?: string }): Promise<void> {
    if (this.#finished) return;
    let settle = this.#settle;
    if (settle === undefined || ('final' in settle && !settle.final)) {
      try {
        const info = await this.#transport.json<{ result?: unknown; error?: WireError }>({
          method: 'GET',
          path: `/runs/${encodeURIComponent(this.runId)}`,
        });
        settle =
          done.status === 'error' && info.error !== undefined
            ? { error: info.error }
            : { value: info.result, final: true };
      } catch (error) {
        if (settle === undefined) {
          this.#fail(error);
          return;
        }
      }
    }
    this.#settleWith(settle);
  }

  #settleWith(settle: Exclude<Settle, undefined>): void {
    this.#finished = true;
    if ('error' in settle) {
      this.#reject(new ServerError(settle.error.code, settle.error.message, { runId: this.runId }));
    } else {
      this.#resolve(settle.value as R);
    }
  }

  #fail(error: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#reject(error);
  }
}
