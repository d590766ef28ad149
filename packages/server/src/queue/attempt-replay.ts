/**
 * What a client sees when a queued run is taken again (its worker died, or an attempt failed and
 * is retried): the new attempt starts the run from the beginning, but the client already holds
 * the events of the earlier attempt. An {@link AttemptReplay} drops the new attempt's events that
 * replay what the client was shown (text compared as text, whatever the chunking; other events by
 * their content without ids, timings and usage) and passes on only what is new. When the new
 * attempt differs from what was shown, it emits `run-restarted` followed by every event of the new
 * attempt so far: the client discards what it showed of the run and renders what follows.
 */

/**
 * Tells a client that the run was taken again and went differently: what it showed of the run so
 * far is void, and the events that follow (from the new attempt's first one) replace it.
 */
export interface RunRestartedEvent {
  type: 'run-restarted';
  runId: string;
  /** The attempt that replaces the earlier one (2 for the first retry). */
  attempt: number;
}

/** An event a run yields (agent, team or workflow). */
export type RunEventLike = { type: string; [key: string]: unknown };

/** What the client was shown, in order: merged text, or one other event. */
type Step = { text: string } | { event: RunEventLike; sig?: string };

/** Keys that differ between attempts of the same run and that a client does not render. */
const VOLATILE = new Set([
  'runId',
  'id',
  'durationMs',
  'timings',
  'usage',
  'startedAt',
  'endedAt',
  'createdAt',
]);

/** Steps kept per run to compare a new attempt with; past it a new attempt is always a restart. */
const MAX_STEPS = 4096;

function signature(event: RunEventLike): string {
  return JSON.stringify(event, (key, value) => (VOLATILE.has(key) ? undefined : value));
}

function isText(event: RunEventLike): event is RunEventLike & { text: string } {
  return event.type === 'text-delta' && typeof event.text === 'string';
}

/** Filters the events of a run's attempts so that a client never sees one twice. */
export class AttemptReplay {
  /** What the client was shown of the run; `undefined` once it grew past what is kept. */
  private shown: Step[] | undefined = [];
  /** Events of the attempt being replayed, while it replays. */
  private current: RunEventLike[] | undefined;
  private attempt = 0;
  private index = 0;
  private offset = 0;
  private started = false;

  constructor(private readonly runId: string) {}

  /** An attempt began: the first passes through; a later one is compared with what was shown. */
  startAttempt(attempt: number): void {
    this.attempt = attempt;
    if (!this.started) {
      this.started = true;
      return;
    }
    this.current = [];
    this.index = 0;
    this.offset = 0;
  }

  /** The events to send for `event` of the current attempt (none while it replays what was shown). */
  push(event: RunEventLike): RunEventLike[] {
    const current = this.current;
    if (current === undefined) {
      this.show(event);
      return [event];
    }
    current.push(event);
    const shown = this.shown;
    if (shown === undefined) return this.restart(current);
    this.skipConsumedText(shown, isText(event));
    const step = shown[this.index];
    if (step === undefined) return this.goLive(current, [event]);
    if (isText(event)) {
      if (!('text' in step)) return this.restart(current);
      const rest = step.text.slice(this.offset);
      if (event.text.length <= rest.length && rest.startsWith(event.text)) {
        this.offset += event.text.length;
        return [];
      }
      if (event.text.startsWith(rest) && this.index === shown.length - 1) {
        return this.goLive(current, [{ ...event, text: event.text.slice(rest.length) }]);
      }
      return this.restart(current);
    }
    if ('text' in step) return this.restart(current);
    step.sig ??= signature(step.event);
    if (step.sig !== signature(event)) return this.restart(current);
    this.index++;
    return [];
  }

  /** Moves past a text step the new attempt reproduced in full, unless more text may extend it. */
  private skipConsumedText(shown: Step[], text: boolean): void {
    const step = shown[this.index];
    if (step === undefined || !('text' in step) || this.offset < step.text.length) return;
    if (text && this.index === shown.length - 1) return;
    this.index++;
    this.offset = 0;
  }

  /** The new attempt went past what was shown: what it did so far is what the client holds now. */
  private goLive(current: RunEventLike[], send: RunEventLike[]): RunEventLike[] {
    this.current = undefined;
    this.shown = [];
    for (const e of current) this.show(e);
    return send;
  }

  /** The new attempt differs: the client is told, then gets the new attempt from its start. */
  private restart(current: RunEventLike[]): RunEventLike[] {
    const restarted: RunRestartedEvent = { type: 'run-restarted', runId: this.runId, attempt: this.attempt };
    this.goLive(current, []);
    return [restarted as unknown as RunEventLike, ...current];
  }

  private show(event: RunEventLike): void {
    const shown = this.shown;
    if (shown === undefined) return;
    const last = shown[shown.length - 1];
    if (isText(event) && last !== undefined && 'text' in last) last.text += event.text;
    else if (shown.length >= MAX_STEPS) this.shown = undefined;
    else shown.push(isText(event) ? { text: event.text } : { event });
  }
}
