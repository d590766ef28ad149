/**
 * Cancellation scopes for calls: a per-call signal linked to the caller's signal (and to a
 * deadline) for the duration of one call only, and a race that settles as soon as the scope
 * aborts. The one copy core's tool runner, the providers, the MCP connection, the runtime and
 * workflows share (re-exported by `@agno/core/utils`).
 *
 * Why a per-call signal: client libraries (openai, @anthropic-ai/sdk, the MCP SDK) add an abort
 * listener to the signal they are given and never remove it, so a long-lived signal (one shutdown
 * signal for a whole server) would collect one listener, and what it holds, per call.
 */
import { TimeoutError } from './errors.js';
import { timerDelay } from './limits.js';
import { linkSignal } from './signals.js';

/** Options of a {@link SignalScope}. */
export interface SignalScopeOptions {
  /** Abort the scope after this many milliseconds (absent or ≥ 2^31: no deadline). */
  timeoutMs?: number;
  /** What is timed, for the timeout's message ("the tool call", "the model call"). */
  what?: string;
}

/**
 * One call's cancellation scope: {@link signal} aborts when the parent signal aborts (with its
 * reason) or when the deadline passes (with a {@link TimeoutError}). Always {@link dispose} it
 * when the call is over: that unlinks it from the parent and clears the timer.
 */
export class SignalScope {
  /** The per-call signal to hand to a client. */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private aborted: Promise<never> | undefined = undefined;
  private rejectAborted: ((reason: unknown) => void) | undefined = undefined;
  private unlink: (() => void) | undefined = undefined;

  constructor(parent: AbortSignal | undefined, options?: SignalScopeOptions) {
    this.signal = this.controller.signal;
    if (parent !== undefined) {
      if (parent.aborted) this.controller.abort(parent.reason);
      else this.unlink = linkSignal(parent, (reason) => this.abort(reason));
    }
    const delay = timerDelay(options?.timeoutMs);
    if (delay !== undefined && !this.signal.aborted) {
      const what = options?.what ?? 'the call';
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.abort(new TimeoutError(`${what} timed out after ${delay} ms`));
      }, delay);
    }
  }

  /** Whether the scope aborted (parent, deadline or {@link abort}). */
  get isAborted(): boolean {
    return this.signal.aborted;
  }

  /** Aborts the scope with `reason`. */
  abort(reason: unknown): void {
    if (this.signal.aborted) return;
    this.controller.abort(reason);
    this.rejectAborted?.(reason);
  }

  /** Resolves like `promise`, or rejects with the abort reason as soon as the scope aborts. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.aborted === undefined) {
      this.aborted = new Promise<never>((_, reject) => {
        this.rejectAborted = reject;
      });
      this.aborted.catch(ignore);
      if (this.signal.aborted) this.rejectAborted!(this.signal.reason);
    }
    return Promise.race([promise, this.aborted]);
  }

  /** Ends the scope: unlinks from the parent and clears the deadline. */
  dispose(): void {
    this.unlink?.();
    this.unlink = undefined;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

function ignore(): void {}
