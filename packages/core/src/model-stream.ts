/**
 * Reads one model stream for a run: forwards text and reasoning deltas to the run's consumer
 * (coalesced when asked, checked first when the run has output guardrails) and assembles the
 * reply. Driven by callbacks rather than an async loop, and one event ahead: when the consumer
 * has room, the model's next event is asked for before the current one is handed over, so with a
 * fast model the consumer finds each event waiting in the channel and neither side builds a
 * promise of its own per delta (an async loop awaits each event, and the consumer, always a
 * microtask behind, waits on a new promise for each).
 */

import { ModelError } from './errors.js';
import { PassThroughGate } from './guardrail-run.js';
import type { ToolCall } from './messages.js';
import type { Model, ModelRequest, ModelResponse, ModelStreamEvent, ModelUsage } from './model.js';
import type { RunBase } from './run-base.js';

/** A stream that never waits on I/O starves timers: its deadline is checked this often as well. */
const CHECK_EVERY_EVENTS = 64;

/** What one event gives the consumer. */
const NOTHING = 0;
const TEXT = 1;
const REASONING = 2;

/** Streams `model`'s reply to `request` to the run's consumer; resolves with the whole reply. */
export function streamModel(
  run: RunBase<unknown>,
  request: ModelRequest,
  model: Model,
): Promise<ModelResponse> {
  return new Promise<ModelResponse>((resolve, reject) => {
    let it: AsyncIterator<ModelStreamEvent>;
    try {
      it = model.stream(request)[Symbol.asyncIterator]();
    } catch (error) {
      reject(error);
      return;
    }
    new StreamReader(run, it, resolve, reject).pull();
  });
}

/** The state of one model stream being read (see {@link streamModel}). */
class StreamReader {
  private readonly toolCalls: ToolCall[] = [];
  private finishReason: ModelResponse['finishReason'] = 'other';
  private usage: ModelUsage | undefined = undefined;
  private sawFinish = false;
  private providerData: Record<string, unknown> | undefined = undefined;
  private cached = false;
  private reasoning = '';
  /** Text waiting for the next flush (`flushIntervalMs`). */
  private held = '';
  private lastFlush = performance.now();
  private events = 0;
  /** The text or reasoning delta the current event hands to the consumer. */
  private out = '';
  private settled = false;
  /** Output guardrails: text waits for its check (the whole reply, or each sentence through the gate). */
  private readonly guarded: boolean;
  private readonly gate: PassThroughGate | undefined;
  /** `flushIntervalMs` of the run (read once per model call). */
  private readonly flushMs: number;
  private readonly onEvent = (result: IteratorResult<ModelStreamEvent>): void => this.event(result);
  private readonly onModelError = (error: unknown): void => this.settle(undefined, error, false);
  private readonly onError = (error: unknown): void => this.settle(undefined, error, true);
  private readonly onRoom = (): void => this.pull();

  constructor(
    private readonly run: RunBase<unknown>,
    private readonly it: AsyncIterator<ModelStreamEvent>,
    private readonly resolve: (response: ModelResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    run.pendingText = '';
    run.streamedOut = false;
    this.guarded = run.guards?.output !== undefined;
    this.flushMs = run.flushMs;
    this.gate =
      this.guarded && !run.guards!.hold ? new PassThroughGate(run, (text) => pushText(run, text)) : undefined;
  }

  /** Asks the model for its next event. */
  pull(): void {
    let next: Promise<IteratorResult<ModelStreamEvent>>;
    try {
      next = this.it.next();
    } catch (error) {
      this.settle(undefined, error, false);
      return;
    }
    next.then(this.onEvent, this.onModelError);
  }

  private event(result: IteratorResult<ModelStreamEvent>): void {
    if (this.settled) return;
    const run = this.run;
    let wait: Promise<void> | undefined;
    try {
      if (result.done === true) {
        this.end().then((response) => this.settle(response, undefined, false), this.onError);
        return;
      }
      const out = this.take(result.value);
      if ((++this.events & (CHECK_EVERY_EVENTS - 1)) === 0 || run.stopped) run.checkAbort();
      if (out === NOTHING) {
        this.pull();
        return;
      }
      if (typeof out !== 'number') wait = out;
      else if (run.sink!.hasRoom()) {
        // One event ahead: the next is asked for before this one reaches the consumer.
        this.pull();
        this.deliver(out);
        return;
      } else wait = this.deliver(out);
    } catch (error) {
      this.settle(undefined, error, true);
      return;
    }
    if (wait === undefined) this.pull();
    else wait.then(this.onRoom, this.onError);
  }

  /** Takes one event; returns what it gives the consumer, or a promise when a check must finish first. */
  private take(event: ModelStreamEvent): number | Promise<void> {
    const run = this.run;
    switch (event.type) {
      case 'reasoning-delta':
        if (event.text.length === 0) return NOTHING;
        this.reasoning += event.text;
        // Reasoning may hold what output guardrails would block: a guarded run keeps it off the stream.
        if (this.guarded || !run.observed) return NOTHING;
        this.out = event.text;
        return REASONING;
      case 'text-delta': {
        const text = event.text;
        if (text.length === 0) return NOTHING;
        if (run.firstTokenAt === undefined) run.firstTokenAt = performance.now();
        run.pendingText += text;
        if (this.guarded) return this.gate === undefined ? NOTHING : this.gate.push(text);
        if (this.flushMs > 0) {
          this.held += text;
          const now = performance.now();
          if (now - this.lastFlush < this.flushMs) return NOTHING;
          this.lastFlush = now;
          this.out = this.held;
          this.held = '';
          return TEXT;
        }
        this.out = text;
        return TEXT;
      }
      case 'tool-call-end':
        this.toolCalls.push(event.toolCall);
        return NOTHING;
      case 'usage':
        this.usage = event.usage;
        return NOTHING;
      case 'finish':
        this.finishReason = event.finishReason;
        if (event.usage !== undefined) this.usage = event.usage;
        if (event.providerData !== undefined) this.providerData = event.providerData;
        if (event.cached === true) this.cached = true;
        this.sawFinish = true;
        return NOTHING;
      default:
        return NOTHING;
    }
  }

  /** Hands the current delta to the consumer; a promise when the consumer must catch up first. */
  private deliver(kind: number): Promise<void> | undefined {
    const run = this.run;
    const text = this.out;
    this.out = '';
    if (kind === TEXT) return pushText(run, text);
    run.streamedOut = true;
    return run.emit({ type: 'reasoning-delta', runId: run.runId, text });
  }

  /** The model's stream ended: the rest of the text goes out, and the reply is assembled. */
  private async end(): Promise<ModelResponse> {
    const run = this.run;
    if (this.held.length > 0) {
      const p = pushText(run, this.held);
      this.held = '';
      if (p !== undefined) await p;
    }
    run.checkAbort();
    if (!this.sawFinish) {
      throw new ModelError('the model stream ended before its finish event', { code: 'stream_interrupted' });
    }
    const gate = this.gate;
    if (gate !== undefined) await gate.end(this.toolCalls.length === 0);
    const text = gate === undefined ? run.pendingText : gate.text;
    run.pendingText = '';
    const response: ModelResponse = {
      text,
      toolCalls: this.toolCalls,
      finishReason: this.finishReason,
      usage: this.usage,
    };
    if (this.reasoning.length > 0) response.reasoning = this.reasoning;
    if (this.providerData !== undefined) response.providerData = this.providerData;
    if (this.cached) response.cached = true;
    return response;
  }

  /**
   * Settles the read once: with the reply, or with `error`. When the reading stops early (our
   * error, a stop, a failed check), the model's stream is told to end, as a `for await` would.
   */
  private settle(response: ModelResponse | undefined, error: unknown, stopStream: boolean): void {
    if (this.settled) return;
    this.settled = true;
    if (response !== undefined) {
      this.resolve(response);
      return;
    }
    if (stopStream) {
      try {
        const done = this.it.return?.();
        if (done !== undefined) done.then(undefined, ignore);
      } catch {
        // The stream's own failure to end changes nothing: the error below is the outcome.
      }
    }
    this.reject(error);
  }
}

function ignore(): void {}

/** Hands text to the consumer (as a `text-delta` event, or as a string on a text-only stream). */
export function pushText(run: RunBase<unknown>, text: string): Promise<void> | undefined {
  run.streamedOut = true;
  if (run.textOnly) {
    const bus = run.agent.bus;
    if (bus !== undefined && bus.size > 0) bus.emit({ type: 'text-delta', runId: run.runId, text });
    return run.sink!.push(text);
  }
  return run.emit({ type: 'text-delta', runId: run.runId, text });
}
