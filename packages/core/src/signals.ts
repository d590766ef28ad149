/**
 * Linking to an abort signal: one place for the listener bookkeeping every caller of a signal
 * needs (an already-aborted signal, removing the listener when done), and one listener per
 * signal however many links it has: a server's shutdown signal shared by a thousand runs, or a
 * run's signal shared by fifty parallel tool calls, carries a single `abort` listener (no
 * `MaxListenersExceededWarning`, and no per-link cost in the signal's own listener list).
 */

/** The links of one signal, behind its single listener. */
class Hub {
  readonly links = new Set<Link>();

  constructor(readonly signal: AbortSignal) {}

  /** The signal aborted (EventTarget calls this): every link hears it once. */
  handleEvent(): void {
    hubs.delete(this.signal);
    const reason = this.signal.reason;
    for (const link of this.links) link.onAbort(reason);
    this.links.clear();
  }
}

/** One link; its `unlink` is the function handed back to the caller. */
class Link {
  constructor(
    readonly hub: Hub,
    readonly onAbort: (reason: unknown) => void,
  ) {}

  readonly unlink = (): void => {
    const hub = this.hub;
    if (!hub.links.delete(this) || hub.links.size > 0) return;
    hub.signal.removeEventListener('abort', hub);
    if (hubs.get(hub.signal) === hub) hubs.delete(hub.signal);
  };
}

const hubs = new WeakMap<AbortSignal, Hub>();

/**
 * Calls `onAbort(reason)` when `signal` aborts (at once when it already has). Returns a function
 * that removes the link; call it when the work is done so that nothing outlives it.
 */
export function linkSignal(signal: AbortSignal, onAbort: (reason: unknown) => void): () => void {
  if (signal.aborted) {
    onAbort(signal.reason);
    return noop;
  }
  let hub = hubs.get(signal);
  if (hub === undefined) {
    hub = new Hub(signal);
    hubs.set(signal, hub);
    signal.addEventListener('abort', hub, { once: true });
  }
  const link = new Link(hub, onAbort);
  hub.links.add(link);
  return link.unlink;
}

function noop(): void {}
