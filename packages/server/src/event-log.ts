/**
 * A run's event log: the events a run produced, already serialised, numbered from 1, bounded.
 * Readers (SSE responses, JSON waiters) subscribe from any event id; a reader that reconnects
 * with `Last-Event-ID` resumes from the log. While a reader is attached, the run may not get
 * more than `window` events ahead of the slowest one (the producer awaits `room()`), so a slow
 * client holds back its own run, never memory; with no reader attached (a run kept running after
 * a disconnect) the log keeps its last `maxEvents` events and drops older ones, and a reader that
 * asks for dropped events is told how many it missed.
 */

/** One logged event: its id, its type and its JSON (serialised when first read, then kept). */
export class LoggedEvent {
  private json: string | undefined;

  constructor(
    readonly id: number,
    readonly type: string,
    private event: { type: string } | undefined,
    private readonly serialise: (event: { type: string }) => string,
  ) {}

  /** The event's JSON text. */
  get data(): string {
    if (this.json === undefined) {
      this.json = this.serialise(this.event!);
      this.event = undefined;
    }
    return this.json;
  }
}

/** What a reader gets: an event, a notice that events were dropped, or the end of the log. */
export type LogRead = LoggedEvent | { gap: number } | undefined;

/** Options of an {@link EventLog}. */
export interface EventLogOptions {
  /** Events kept for readers that come later (default 1024). */
  maxEvents?: number;
  /** How far the producer may get ahead of the slowest attached reader (default 64). */
  window?: number;
}

/** A reader's position in a log. */
export class LogReader {
  /** Id of the next event to read. */
  next: number;
  /** @internal */
  waiter: (() => void) | undefined;
  closed = false;

  constructor(
    private readonly log: EventLog,
    afterId: number,
  ) {
    this.next = afterId + 1;
  }

  /** The next event, a gap notice, or `undefined` at the end; waits while there is nothing new. */
  async read(): Promise<LogRead> {
    for (;;) {
      const got = this.tryRead();
      if (got !== null) return got;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  /** The next event without waiting: `null` when there is nothing new yet. */
  tryRead(): LogRead | null {
    if (this.closed) return undefined;
    const log = this.log;
    if (this.next < log.firstId) {
      const gap = log.firstId - this.next;
      this.next = log.firstId;
      return { gap };
    }
    if (this.next < log.nextId && this.next >= log.firstId) {
      const event = log.at(this.next++);
      log.readerMoved();
      return event;
    }
    return log.ended ? undefined : null;
  }

  /** Detaches the reader (the producer stops waiting for it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.log.detach(this);
    this.wake();
  }

  /** @internal */
  wake(): void {
    const w = this.waiter;
    if (w !== undefined) {
      this.waiter = undefined;
      w();
    }
  }
}

/** The bounded log of one run's events. */
export class EventLog {
  /** Id of the oldest event kept. */
  firstId = 1;
  /** Id the next event will get. */
  nextId = 1;
  ended = false;
  private events: LoggedEvent[] = [];
  private start = 0;
  private readonly readers = new Set<LogReader>();
  private producer: (() => void) | undefined;
  private readonly maxEvents: number;
  private readonly window: number;

  constructor(options: EventLogOptions = {}) {
    this.maxEvents = Math.max(1, options.maxEvents ?? 1024);
    this.window = Math.max(1, Math.min(options.window ?? 64, this.maxEvents));
  }

  /** How many readers are attached. */
  get readerCount(): number {
    return this.readers.size;
  }

  /**
   * Appends an event and wakes the readers; returns its id. The event is serialised with
   * `serialise` when a reader first reads it (a run nobody streams never pays for its JSON).
   */
  append(event: { type: string }, serialise: (event: { type: string }) => string): number {
    const id = this.nextId++;
    this.events.push(new LoggedEvent(id, event.type, event, serialise));
    if (this.events.length - this.start > this.maxEvents) {
      this.start++;
      this.firstId++;
      if (this.start > 1024 && this.start * 2 > this.events.length) {
        this.events = this.events.slice(this.start);
        this.start = 0;
      }
    }
    for (const r of this.readers) r.wake();
    return id;
  }

  /** Marks the end of the run's events. */
  end(): void {
    this.ended = true;
    for (const r of this.readers) r.wake();
    this.releaseProducer();
  }

  /**
   * A reader from after event `afterId` (0: from the first event). An id the log has not reached
   * yet waits for it (a run followed from elsewhere fills its log from the first event); on an
   * ended log, it reads nothing more.
   */
  subscribe(afterId = 0): LogReader {
    const reader = new LogReader(this, Math.max(0, afterId));
    this.readers.add(reader);
    return reader;
  }

  /**
   * `undefined` when the producer may go on; else a promise that resolves once the slowest
   * attached reader is within the window again (or left).
   */
  room(): Promise<void> | undefined {
    if (this.readers.size === 0 || this.nextId - this.slowest() < this.window) return undefined;
    return new Promise<void>((resolve) => {
      this.producer = resolve;
    });
  }

  /** @internal */
  at(id: number): LoggedEvent {
    return this.events[this.start + (id - this.firstId)]!;
  }

  /** @internal */
  readerMoved(): void {
    if (this.producer !== undefined && this.nextId - this.slowest() < this.window) this.releaseProducer();
  }

  /** @internal */
  detach(reader: LogReader): void {
    this.readers.delete(reader);
    this.readerMoved();
    if (this.readers.size === 0) this.releaseProducer();
  }

  /** Events kept, oldest first (for tests and inspection). */
  get size(): number {
    return this.events.length - this.start;
  }

  private slowest(): number {
    let min = this.nextId;
    for (const r of this.readers) if (r.next < min) min = r.next;
    return min;
  }

  private releaseProducer(): void {
    const p = this.producer;
    if (p !== undefined) {
      this.producer = undefined;
      p();
    }
  }
}
