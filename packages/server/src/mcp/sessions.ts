/**
 * The MCP sessions of an HTTP handler: a bounded table, least recently used first, whose idle
 * sessions expire. A session with calls in flight never expires nor is evicted; when the table is
 * full of busy sessions, a new one is refused.
 */

/** One session, as the table sees it. */
export interface SessionEntry {
  /** The user who opened the session (requests of any other user are answered 404). */
  readonly userId: string | undefined;
  /** Calls in flight. */
  active: number;
  /** Epoch ms of the last request or finished call. */
  lastUsed: number;
  /** Ends the session: its transport closes and its calls in flight abort. */
  close(): Promise<void>;
}

/** Options of a {@link SessionTable}. */
export interface SessionTableOptions {
  /** At most this many sessions at once. */
  max: number;
  /** A session unused this long (and with no call in flight) is closed. */
  idleMs: number;
}

/** A bounded table of sessions with idle expiry. */
export class SessionTable<S extends SessionEntry = SessionEntry> {
  private readonly byId = new Map<string, S>();
  private reserved = 0;
  private timer: ReturnType<typeof setInterval> | undefined = undefined;

  constructor(private readonly options: SessionTableOptions) {}

  /** Sessions open now. */
  get size(): number {
    return this.byId.size;
  }

  /** The session `id`; `undefined` when unknown, closed or expired. */
  get(id: string): S | undefined {
    return this.byId.get(id);
  }

  /** Marks the session used now (it moves to the most recent end). */
  touch(id: string, session: S): void {
    session.lastUsed = Date.now();
    if (this.byId.get(id) !== session) return;
    this.byId.delete(id);
    this.byId.set(id, session);
  }

  /**
   * Reserves room for a session about to open: evicts the least recently used idle session when
   * the table is full. False when every session is busy. Call {@link release} when it is settled.
   */
  reserve(): boolean {
    this.sweep();
    while (this.byId.size + this.reserved >= this.options.max) {
      if (!this.evictOne()) return false;
    }
    this.reserved++;
    return true;
  }

  /** Gives back a reservation (the session was added, or was never opened). */
  release(): void {
    this.reserved--;
  }

  /** Adds an opened session. */
  add(id: string, session: S): void {
    session.lastUsed = Date.now();
    this.byId.set(id, session);
    if (this.timer === undefined) {
      const every = Math.max(1000, Math.min(this.options.idleMs, 60_000));
      this.timer = setInterval(() => this.sweep(), every);
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** Forgets a session (it closed). */
  remove(id: string, session?: S): void {
    if (session !== undefined && this.byId.get(id) !== session) return;
    this.byId.delete(id);
    if (this.byId.size === 0) this.stopTimer();
  }

  /** Closes the sessions idle for longer than `idleMs`. */
  sweep(now = Date.now()): void {
    for (const [id, session] of this.byId) {
      if (now - session.lastUsed < this.options.idleMs) break; // the rest were used more recently
      if (session.active > 0) continue;
      this.byId.delete(id);
      void session.close().catch(() => {});
    }
    if (this.byId.size === 0) this.stopTimer();
  }

  /** Closes every session. */
  async closeAll(): Promise<void> {
    const all = [...this.byId.values()];
    this.byId.clear();
    this.stopTimer();
    await Promise.all(all.map((s) => s.close().catch(() => {})));
  }

  private evictOne(): boolean {
    for (const [id, session] of this.byId) {
      if (session.active > 0) continue;
      this.byId.delete(id);
      void session.close().catch(() => {});
      return true;
    }
    return false;
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
