/**
 * The cancellation scope of one client call. The caller's AbortSignal is not handed to the
 * `openai` client directly, for two reasons:
 * - the client adds an `abort` listener to the signal it is given and never removes it, so a
 *   long-lived signal (one shutdown signal for every run of a server) would collect one
 *   listener, and what it holds, per request (openai/openai-node#1811); the client gets a
 *   per-call signal instead, linked to the caller's for the duration of the call only;
 * - the client checks the signal only between attempts, so an abort during a retry's backoff
 *   (as long as the server's `retry-after`) would wait it out; {@link CallScope.race} settles
 *   at once instead.
 */

/** Marks a rejection caused by the signal, so the caller maps it to an abort error. */
export const ABORTED: unique symbol = Symbol('aborted');

/** One call's link to the caller's signal. Create with {@link callScope}; always {@link dispose}. */
export class CallScope {
  /** The per-call signal to give the client. */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private aborted: Promise<never> | undefined = undefined;
  private rejectAborted: ((reason: unknown) => void) | undefined = undefined;

  constructor(private readonly parent: AbortSignal) {
    this.signal = this.controller.signal;
    parent.addEventListener('abort', this, { once: true });
  }

  /** Resolves like `promise`, or rejects with {@link ABORTED} as soon as the caller aborts. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.aborted === undefined) {
      this.aborted = new Promise<never>((_, reject) => {
        this.rejectAborted = reject;
      });
      this.aborted.catch(ignore);
      if (this.parent.aborted) this.rejectAborted!(ABORTED);
    }
    return Promise.race([promise, this.aborted]);
  }

  /** The caller's signal fired (EventTarget calls this: no closure per call). */
  handleEvent(): void {
    this.controller.abort(this.parent.reason);
    this.rejectAborted?.(ABORTED);
  }

  /** Unlinks from the caller's signal (the call is over). */
  dispose(): void {
    this.parent.removeEventListener('abort', this);
  }
}

/** A scope for a call made with `signal`, or `undefined` when there is none (no cost). */
export function callScope(signal: AbortSignal | undefined): CallScope | undefined {
  return signal === undefined ? undefined : new CallScope(signal);
}

function ignore(): void {}
